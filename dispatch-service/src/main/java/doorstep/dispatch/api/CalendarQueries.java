package doorstep.dispatch.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.dispatch.domain.DayKind;
import doorstep.platform.web.NotFound;

/** Reads of the working calendar's read model. */
@ApplicationScoped
public class CalendarQueries {

    /** A published year; dates ascending. */
    public record CalendarYearView(int year, String source, Instant publishedAt, long version, List<LocalDate> holidays,
                                   List<LocalDate> makeUpWorkingDays) {
    }

    /** A published year without its days. */
    public record CalendarYearSummary(int year, String source, Instant publishedAt, long version) {
    }

    @Inject
    EntityManager em;

    public List<CalendarYearSummary> years() {
        List<CalendarYearSummary> years = new ArrayList<>();
        for (Object row : em.createNativeQuery("select year, source, published_at, version from calendar_year order by year").getResultList()) {
            Object[] r = (Object[]) row;
            years.add(new CalendarYearSummary(((Number) r[0]).intValue(), (String) r[1], DispatchQueries.instant(r[2]), ((Number) r[3]).longValue()));
        }
        return years;
    }

    /** @throws NotFound when the year is not published */
    public CalendarYearView year(int year) {
        List<?> rows = em.createNativeQuery("select source, published_at, version from calendar_year where year = ?1")
                .setParameter(1, year).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("calendar year", Integer.toString(year));
        }
        Object[] r = (Object[]) rows.get(0);
        List<LocalDate> holidays = new ArrayList<>();
        List<LocalDate> makeUp = new ArrayList<>();
        for (Object d : em.createNativeQuery("select day, kind from calendar_day where year = ?1 order by day").setParameter(1, year).getResultList()) {
            Object[] day = (Object[]) d;
            LocalDate date = day[0] instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) day[0];
            (DayKind.valueOf((String) day[1]) == DayKind.HOLIDAY ? holidays : makeUp).add(date);
        }
        return new CalendarYearView(year, (String) r[0], DispatchQueries.instant(r[1]), ((Number) r[2]).longValue(), holidays, makeUp);
    }
}
