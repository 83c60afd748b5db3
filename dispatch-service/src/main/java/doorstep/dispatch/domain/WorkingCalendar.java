package doorstep.dispatch.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which days are working days: Monday to Friday, except public holidays (法定节假日), plus the
 * weekend days declared make-up working days (调休上班), from the years published so far (see
 * {@link CalendarYear}). A year nobody published yet counts weekdays only: deadlines computed that way
 * are recomputed when the year is published.
 */
public final class WorkingCalendar {

    private final Set<Integer> publishedYears;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> makeUpWorkingDays;

    /** Whether the calendar lacks the current year, or (from 1 December) the next one. */
    public record Coverage(int currentYear, boolean currentYearPublished, int nextYear, boolean nextYearPublished,
                           boolean nextYearDue) {

        /** The next year is due from 1 December and not published. */
        public boolean nextYearMissing() {
            return nextYearDue && !nextYearPublished;
        }

        public boolean currentYearMissing() {
            return !currentYearPublished;
        }
    }

    public WorkingCalendar(Set<Integer> publishedYears, Set<LocalDate> holidays, Set<LocalDate> makeUpWorkingDays) {
        this.publishedYears = Set.copyOf(publishedYears);
        this.holidays = Set.copyOf(holidays);
        this.makeUpWorkingDays = Set.copyOf(makeUpWorkingDays);
    }

    /** A calendar of the years its dates fall in. */
    public WorkingCalendar(Set<LocalDate> holidays, Set<LocalDate> makeUpWorkingDays) {
        this(Stream.concat(holidays.stream(), makeUpWorkingDays.stream()).map(LocalDate::getYear).collect(Collectors.toSet()),
                holidays, makeUpWorkingDays);
    }

    public static WorkingCalendar weekdaysOnly() {
        return new WorkingCalendar(Set.of(), Set.of());
    }

    public boolean isWorkingDay(LocalDate day) {
        if (makeUpWorkingDays.contains(day)) {
            return true;
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        return !weekend && !holidays.contains(day);
    }

    public LocalDate nextWorkingDayAfter(LocalDate day) {
        LocalDate d = day.plusDays(1);
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    public boolean isPublished(int year) {
        return publishedYears.contains(year);
    }

    /**
     * What is missing on {@code today}: the State Council publishes the next year's arrangement in
     * October or November, so from 1 December it is due.
     */
    public Coverage coverage(LocalDate today) {
        int year = today.getYear();
        boolean december = today.getMonth() == Month.DECEMBER;
        return new Coverage(year, isPublished(year), year + 1, isPublished(year + 1), december);
    }
}
