package doorstep.intake.domain;

/** The dispatch order's state as far as intake is concerned. */
public enum OrderStatus {
    /** Reported and not yet dispatched: it may still be amended or cancelled. */
    REPORTED,
    /** A technician is assigned: the visit lifecycle (dispatch-service) has it now. */
    DISPATCHED,
    CANCELLED
}
