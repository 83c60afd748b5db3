package doorstep.dispatch.domain;

/** The deadlines a dispatch order can have pending; each is late at its due instant (D39). */
public enum DeadlineKind {
    /** 15 minutes after dispatch, or 3 minutes before an agreed time. */
    ARRIVAL,
    /** See {@link ConversionRule}. */
    CONVERSION,
    /** 当日认真检查后交于班长: the team leader reviews a completed order by the end of the completion day. */
    REVIEW,
    /** 客户中心当日进行归档: the customer center archives it by the end of the completion day. */
    ARCHIVE
}
