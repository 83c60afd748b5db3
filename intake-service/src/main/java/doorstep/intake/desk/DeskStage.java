package doorstep.intake.desk;

/**
 * Where an order stands across the services, as the desk shows it: the latest milestone any service recorded
 * (D53). It summarises, it never decides: each service's aggregate decided its own transitions.
 */
public enum DeskStage {
    /** 报事: recorded by the customer center, no technician yet. */
    REPORTED,
    /** 派工: a technician is assigned. */
    DISPATCHED,
    /** 预约: an appointment is booked with the owner. */
    APPOINTED,
    /** 上门服务: a visit is in progress. */
    VISITING,
    /** Between visits: the owner was not home, materials are missing, or a visit ended before the work did. */
    WAITING,
    /** 处理完毕: the work is completed, awaiting the team leader's review and archiving. */
    COMPLETED,
    /** 归档: the dispatch order is archived. */
    ARCHIVED,
    /** 转协调单: the work became a coordination order, now tracked. */
    COORDINATING,
    /** 协调结果: the coordination order is resolved, awaiting archiving. */
    COORDINATION_RESOLVED,
    /** The coordination order is archived. */
    COORDINATION_ARCHIVED,
    /** Cancelled before dispatch, or withdrawn from dispatch. */
    CANCELLED
}
