package doorstep.billing.domain;

/** How a fee item is counted. */
public enum ItemUnit {
    /** 按次: once per job. */
    PER_JOB,
    /** 每30分钟: per started 30 minutes of handling time. */
    PER_30_MINUTES,
    /** 按个: per piece (materials). */
    PER_PIECE
}
