package doorstep.dispatch.domain;

/** What a day of the working calendar is, when it is not what its weekday says. */
public enum DayKind {
    /** 法定节假日 (including the weekdays given off as 调休): no working day. */
    HOLIDAY,
    /** 调休上班: a Saturday or Sunday that is a working day. */
    MAKE_UP_WORKING_DAY,
    /** Neither: Monday to Friday work, Saturday and Sunday do not. */
    REGULAR
}
