package doorstep.dispatch.domain;

/** The deadlines a dispatch order can have pending. */
public enum DeadlineKind {
    /** 15 minutes after dispatch, or 3 minutes before an agreed time. */
    ARRIVAL,
    /** See {@link ConversionRule}. */
    CONVERSION
}
