package doorstep.dispatch.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import doorstep.dispatch.domain.CalendarEvent.CalendarDayCorrected;
import doorstep.dispatch.domain.CalendarEvent.CalendarYearPublished;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;

/**
 * One year of the working calendar: published once from the State Council's notice, then corrected
 * a day at a time. Working days (DESIGN.md, 质保期内工程 "一个工作日") are Monday to Friday, minus holidays,
 * plus make-up working days. Stream {@code calendar/<year>}.
 */
public final class CalendarYear {

    /** The years a calendar may be published for. */
    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2100;

    private Integer year;
    private final Set<LocalDate> holidays = new TreeSet<>();
    private final Set<LocalDate> makeUpWorkingDays = new TreeSet<>();

    /** The stream of a year's calendar. */
    public static String streamId(int year) {
        return "calendar/" + year;
    }

    /**
     * Publishes the year. Every date lies in {@code year}; a day is either a holiday or a make-up
     * working day; make-up working days are Saturdays or Sundays (a weekday works anyway).
     *
     * @throws InvalidValue naming {@code holidays}, {@code makeUpWorkingDays}, {@code source} or {@code year}
     * @throws RuleViolation {@code publish-a-year-once} when the year is already published
     */
    public List<CalendarEvent> publish(int year, List<LocalDate> holidays, List<LocalDate> makeUpWorkingDays, String source,
                                       Instant now) {
        if (this.year != null) {
            throw new RuleViolation("publish-a-year-once", "PUBLISHED",
                    year + " is published; correct single days instead");
        }
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new InvalidValue("year", "must be " + FIRST_YEAR + " to " + LAST_YEAR);
        }
        if (source == null || source.isBlank()) {
            throw new InvalidValue("source", "name the notice the dates come from");
        }
        TreeSet<LocalDate> off = new TreeSet<>();
        for (LocalDate d : holidays) {
            if (d.getYear() != year) {
                throw new InvalidValue("holidays", d + " is not in " + year);
            }
            if (!off.add(d)) {
                throw new InvalidValue("holidays", d + " is listed twice");
            }
        }
        TreeSet<LocalDate> working = new TreeSet<>();
        for (LocalDate d : makeUpWorkingDays) {
            if (d.getYear() != year) {
                throw new InvalidValue("makeUpWorkingDays", d + " is not in " + year);
            }
            if (!isWeekend(d)) {
                throw new InvalidValue("makeUpWorkingDays", d + " is a " + d.getDayOfWeek() + "; make-up working days are weekend days");
            }
            if (off.contains(d)) {
                throw new InvalidValue("makeUpWorkingDays", d + " is also listed as a holiday");
            }
            if (!working.add(d)) {
                throw new InvalidValue("makeUpWorkingDays", d + " is listed twice");
            }
        }
        return List.of(new CalendarYearPublished(year, List.copyOf(off), List.copyOf(working), source.strip(), now));
    }

    /**
     * Corrects one day of the published year, with a reason.
     *
     * @throws InvalidValue naming {@code date}, {@code kind} or {@code reason}
     * @throws RuleViolation {@code publish-before-correcting}, or {@code correct-to-a-different-kind} when the day is that already
     */
    public List<CalendarEvent> correctDay(LocalDate date, DayKind kind, String reason, Instant now) {
        if (year == null) {
            throw new RuleViolation("publish-before-correcting", "NOT_PUBLISHED", "the year is not published");
        }
        if (date.getYear() != year) {
            throw new InvalidValue("date", date + " is not in " + year);
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidValue("reason", "a correction needs a reason");
        }
        if (kind == DayKind.MAKE_UP_WORKING_DAY && !isWeekend(date)) {
            throw new InvalidValue("kind", date + " is a " + date.getDayOfWeek() + "; make-up working days are weekend days");
        }
        DayKind previous = kindOf(date);
        if (previous == kind) {
            throw new RuleViolation("correct-to-a-different-kind", previous.name(), date + " is " + kind + " already");
        }
        return List.of(new CalendarDayCorrected(date, kind, previous, reason.strip(), now));
    }

    public void apply(CalendarEvent event) {
        if (event instanceof CalendarYearPublished e) {
            year = e.year();
            holidays.addAll(e.holidays());
            makeUpWorkingDays.addAll(e.makeUpWorkingDays());
        } else if (event instanceof CalendarDayCorrected e) {
            holidays.remove(e.date());
            makeUpWorkingDays.remove(e.date());
            if (e.kind() == DayKind.HOLIDAY) {
                holidays.add(e.date());
            } else if (e.kind() == DayKind.MAKE_UP_WORKING_DAY) {
                makeUpWorkingDays.add(e.date());
            }
        }
    }

    public boolean isPublished() {
        return year != null;
    }

    public DayKind kindOf(LocalDate date) {
        if (holidays.contains(date)) {
            return DayKind.HOLIDAY;
        }
        return makeUpWorkingDays.contains(date) ? DayKind.MAKE_UP_WORKING_DAY : DayKind.REGULAR;
    }

    public List<LocalDate> holidays() {
        return new ArrayList<>(holidays);
    }

    public List<LocalDate> makeUpWorkingDays() {
        return new ArrayList<>(makeUpWorkingDays);
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
