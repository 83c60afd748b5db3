package doorstep.dispatch.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.dispatch.domain.CalendarEvent;
import doorstep.dispatch.domain.CalendarEvent.CalendarDayCorrected;
import doorstep.dispatch.domain.CalendarEvent.CalendarYearPublished;
import doorstep.dispatch.domain.DayKind;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;

/**
 * The working calendar as the domain reads it: {@code calendar_year} (published years, their source
 * and version) and {@code calendar_day} (holidays and make-up working days), from the
 * {@code calendar/<year>} streams. Updated in the transaction that records the change.
 */
@ApplicationScoped
public class CalendarProjection implements Projection {

    public static final String NAME = "working-calendar";

    @Inject
    EntityManager em;
    @Inject
    EventCatalog catalog;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(EventEnvelope envelope, Object aggregateAfter) {
        if (!(catalog.decode(envelope) instanceof CalendarEvent event)) {
            return;
        }
        if (event instanceof CalendarYearPublished e) {
            em.createNativeQuery("insert into calendar_year (year, source, published_at, version, position) values (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, e.year()).setParameter(2, e.source()).setParameter(3, e.publishedAt())
                    .setParameter(4, envelope.streamVersion()).setParameter(5, envelope.globalPosition())
                    .executeUpdate();
            e.holidays().forEach(d -> day(e.year(), d, DayKind.HOLIDAY));
            e.makeUpWorkingDays().forEach(d -> day(e.year(), d, DayKind.MAKE_UP_WORKING_DAY));
        } else if (event instanceof CalendarDayCorrected e) {
            em.createNativeQuery("delete from calendar_day where day = ?1").setParameter(1, e.date()).executeUpdate();
            if (e.kind() != DayKind.REGULAR) {
                day(e.date().getYear(), e.date(), e.kind());
            }
            em.createNativeQuery("update calendar_year set version = ?2, position = ?3 where year = ?1")
                    .setParameter(1, e.date().getYear()).setParameter(2, envelope.streamVersion())
                    .setParameter(3, envelope.globalPosition())
                    .executeUpdate();
        }
    }

    @Override
    public void reset() {
        em.createNativeQuery("delete from calendar_day").executeUpdate();
        em.createNativeQuery("delete from calendar_year").executeUpdate();
    }

    private void day(int year, java.time.LocalDate date, DayKind kind) {
        em.createNativeQuery("insert into calendar_day (day, year, kind) values (?1, ?2, ?3)")
                .setParameter(1, date).setParameter(2, year).setParameter(3, kind.name())
                .executeUpdate();
    }
}
