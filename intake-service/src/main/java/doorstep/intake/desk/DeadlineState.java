package doorstep.intake.desk;

/** A deadline's state at an instant; "in time" means strictly before the due instant (D39). */
public enum DeadlineState {
    /** Not met, not yet due. */
    PENDING,
    /** Met in time. */
    MET,
    /** Met, but late. */
    MET_LATE,
    /** Not met and due (or its service reported it overdue). */
    OVERDUE,
    /** No longer applies: exempted, converted, resolved or cancelled before it was met. */
    CLOSED
}
