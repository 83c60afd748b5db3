package doorstep.dispatch.domain;

/** Why the team leader (班长) is brought in. */
public enum EscalationReason {
    /** Nobody arrived within the deadline. */
    ARRIVAL_OVERDUE,
    /** The owner did not agree to a new visit time. */
    APPOINTMENT_REFUSED,
    /** A job too hard for the technician alone (较大难度的报事). */
    HARD_JOB,
    /** The owner refused consent to a foreseeable risk. */
    RISK_REFUSED
}
