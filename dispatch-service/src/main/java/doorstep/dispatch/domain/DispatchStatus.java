package doorstep.dispatch.domain;

/** Where a dispatch order stands. */
public enum DispatchStatus {
    /** Reported, no technician yet. */
    OPEN,
    ASSIGNED,
    ACCEPTED,
    /** The owner was not home or a visit time is being agreed: waiting for an appointment. */
    AWAITING_APPOINTMENT,
    /** A technician is in the home: handling time runs. */
    ON_SITE,
    /** Between visits (including waiting for materials). */
    PAUSED,
    /** Work done, waiting for the owner's acceptance (or the team leader's verification). */
    COMPLETED,
    SIGNED_OFF,
    REVIEWED,
    ARCHIVED,
    WITHDRAWN;

    public boolean isClosed() {
        return this == ARCHIVED || this == WITHDRAWN;
    }

    public boolean isWorkDone() {
        return this == COMPLETED || this == SIGNED_OFF || this == REVIEWED || this == ARCHIVED;
    }
}
