package doorstep.dispatch.application;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import doorstep.dispatch.domain.DayKind;
import doorstep.dispatch.domain.WorkingCalendar;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The working calendar the domain reads, from the {@code calendar_year}/{@code calendar_day} read
 * model: cached in memory and checked against the model's latest position in every transaction that
 * reads it, so a change made on any replica counts from its commit on, without a restart.
 * <p>
 * A reader holds a shared transaction-level advisory lock, a change an exclusive one
 * ({@link #lockForChange()}): a deadline computed while the calendar changes either sees the change,
 * or is committed before the change looks for the deadlines it moves.
 */
@ApplicationScoped
public class WorkingCalendars {

    static final long LOCK = "doorstep-working-calendar".hashCode();

    private record Cached(long position, WorkingCalendar calendar) {
    }

    @Inject
    EntityManager em;
    @Inject
    DataSource dataSource;
    @Inject
    Clock clock;
    @ConfigProperty(name = "doorstep.calendar.time-zone", defaultValue = "Asia/Shanghai")
    ZoneId zone;

    private volatile Cached cached = new Cached(-1, WorkingCalendar.weekdaysOnly());

    /** The calendar in force for the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public WorkingCalendar current() {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock_shared(?1)) locked").setParameter(1, LOCK).getSingleResult();
        return load();
    }

    /** Taken by a change of the calendar, before it records anything; released at commit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockForChange() {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) locked").setParameter(1, LOCK).getSingleResult();
    }

    /** The calendar as the caller's transaction sees it (after its own change, for a change). */
    @Transactional(Transactional.TxType.MANDATORY)
    WorkingCalendar load() {
        long position = ((Number) em.createNativeQuery("select coalesce(max(position), 0) from calendar_year").getSingleResult()).longValue();
        Cached c = cached;
        if (c.position() == position) {
            return c.calendar();
        }
        Set<Integer> years = new HashSet<>();
        for (Object y : em.createNativeQuery("select year from calendar_year").getResultList()) {
            years.add(((Number) y).intValue());
        }
        Set<LocalDate> holidays = new HashSet<>();
        Set<LocalDate> makeUp = new HashSet<>();
        List<?> rows = em.createNativeQuery("select day, kind from calendar_day").getResultList();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            LocalDate day = r[0] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[0];
            if (DayKind.valueOf((String) r[1]) == DayKind.HOLIDAY) {
                holidays.add(day);
            } else {
                makeUp.add(day);
            }
        }
        WorkingCalendar calendar = new WorkingCalendar(years, holidays, makeUp);
        cached = new Cached(position, calendar);
        return calendar;
    }

    /** Which years are missing today ({@code doorstep.calendar.time-zone}'s date), as committed now. */
    public WorkingCalendar.Coverage coverage() {
        return new WorkingCalendar(publishedYears(), Set.of(), Set.of()).coverage(LocalDate.ofInstant(clock.instant(), zone));
    }

    /**
     * The published years as committed now, read on a connection of its own (no transaction, no lock):
     * for the health check and the metric, which may run outside any request.
     */
    public Set<Integer> publishedYears() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select year from calendar_year")) {
            Set<Integer> years = new TreeSet<>();
            while (rs.next()) {
                years.add(rs.getInt(1));
            }
            return years;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the working calendar's years", e);
        }
    }
}
