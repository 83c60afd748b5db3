package doorstep.intake.desk;

/** The deadlines an order can be held to, across the services (D53; D18, D17, D46, D30 for the rules). */
public enum DeadlineKind {
    /** 上门时限: 15 minutes from dispatch, or the booked appointment (dispatch). */
    ARRIVAL,
    /** 转协调单时限: same day in a unit, three days in a public area, one working day under warranty (dispatch). */
    CONVERSION,
    /** 当日审核归档: completed work reviewed and archived the same day (dispatch). */
    REVIEW_AND_ARCHIVE,
    /** 每周必须有相关记录: a tracking entry every week (followup). */
    TRACKING_ENTRY,
    /** 班长两次/月, 主管一次/月: the month's checks of the coordination order (followup). */
    MONTHLY_CHECKS,
    /** The resolved coordination order archived the same day (followup). */
    COORDINATION_ARCHIVE
}
