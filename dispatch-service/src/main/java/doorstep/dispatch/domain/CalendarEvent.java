package doorstep.dispatch.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What happens to the working calendar (工作日历): the State Council's holiday arrangement for a year
 * (国务院办公厅关于某年部分节假日安排的通知) published by an admin, and single days corrected later.
 * One stream per year, {@code calendar/<year>}; published on {@code doorstep.dispatch.events} with the
 * subject {@code calendar}.
 */
public sealed interface CalendarEvent {

    /**
     * A year's holidays (法定节假日, including the weekdays given off) and make-up working days (调休上班),
     * as the notice names them; {@code source} says where they come from (the notice, or "shipped list").
     */
    record CalendarYearPublished(int year, List<LocalDate> holidays, List<LocalDate> makeUpWorkingDays, String source,
                                 Instant publishedAt) implements CalendarEvent {
    }

    /** One day of a published year corrected to {@code kind}; it was {@code previousKind}. */
    record CalendarDayCorrected(LocalDate date, DayKind kind, DayKind previousKind, String reason, Instant correctedAt)
            implements CalendarEvent {
    }
}
