package doorstep.dispatch.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.dispatch.domain.CalendarEvent;
import doorstep.dispatch.domain.CalendarEvent.CalendarDayCorrected;
import doorstep.dispatch.domain.CalendarEvent.CalendarYearPublished;
import doorstep.dispatch.domain.DayKind;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.ProjectionJdbc;

/**
 * The working calendar as the domain reads it: {@code calendar_year} (published years, their source
 * and version) and {@code calendar_day} (holidays and make-up working days), from the
 * {@code calendar/<year>} streams. Updated in the transaction that records the change.
 */
@ApplicationScoped
public class CalendarProjection implements Projection {

    public static final String NAME = "working-calendar";

    @Inject
    ProjectionJdbc jdbc;
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
            jdbc.update("insert into calendar_year (year, source, published_at, version, position) values (?1, ?2, ?3, ?4, ?5)",
                    e.year(), e.source(), e.publishedAt(), envelope.streamVersion(), envelope.globalPosition());
            e.holidays().forEach(d -> day(e.year(), d, DayKind.HOLIDAY));
            e.makeUpWorkingDays().forEach(d -> day(e.year(), d, DayKind.MAKE_UP_WORKING_DAY));
        } else if (event instanceof CalendarDayCorrected e) {
            jdbc.update("delete from calendar_day where day = ?1", e.date());
            if (e.kind() != DayKind.REGULAR) {
                day(e.date().getYear(), e.date(), e.kind());
            }
            jdbc.update("update calendar_year set version = ?2, position = ?3 where year = ?1",
                    e.date().getYear(), envelope.streamVersion(), envelope.globalPosition());
        }
    }

    @Override
    public void reset() {
        jdbc.update("delete from calendar_day");
        jdbc.update("delete from calendar_year");
    }

    private void day(int year, java.time.LocalDate date, DayKind kind) {
        jdbc.update("insert into calendar_day (day, year, kind) values (?1, ?2, ?3)", date, year, kind.name());
    }
}
