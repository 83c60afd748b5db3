package doorstep.followup.domain;

/** The tracking rhythm of a coordination order (单据处理). */
public enum Cadence {
    /** 每周必须有相关记录: at least one tracking entry every 7 days. */
    WEEKLY_ENTRY,
    /** 班长(组长)对协调单检查、督促两次/月. */
    LEADER_CHECK,
    /** 主管1次/月. */
    SUPERVISOR_CHECK
}
