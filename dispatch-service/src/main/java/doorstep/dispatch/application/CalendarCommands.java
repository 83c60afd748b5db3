package doorstep.dispatch.application;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import doorstep.dispatch.domain.CalendarEvent;
import doorstep.dispatch.domain.CalendarYear;
import doorstep.dispatch.domain.ConversionRule;
import doorstep.dispatch.domain.DayKind;
import doorstep.dispatch.domain.WorkingCalendar;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.eventstore.Rehydrated;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.PreconditionFailed;

/**
 * Changes to the working calendar, and what they move: in the transaction that records a year or a
 * corrected day, every pending conversion deadline the calendar decides is recomputed by its order,
 * which records {@code ConversionDeadlineMoved} when it moves (the deadline projection then moves
 * the stored deadline).
 */
@ApplicationScoped
public class CalendarCommands {

    /** What a change did: the year's stream version afterwards and how many deadlines it moved. */
    public record Changed(long version, int deadlinesMoved) {
    }

    /** What a calendar year is called in a 404. */
    public static final String NOUN = "calendar year";

    @Inject
    EventStore store;
    @Inject
    DispatchCommands dispatches;
    @Inject
    WorkingCalendars calendars;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    private AggregateStore<CalendarYear, CalendarEvent> years;

    @PostConstruct
    void init() {
        years = new AggregateStore<>(store, NOUN, CalendarYear::new, CalendarEvent.class, CalendarYear::apply, y -> null);
    }

    public Rehydrated<CalendarYear> load(int year) {
        return years.load(CalendarYear.streamId(year));
    }

    /**
     * A user publishes a year (expected version 0 when given).
     *
     * @throws doorstep.platform.web.Forbidden (403) when the user's token is not company-wide (a year belongs to no site)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Changed publish(int year, List<LocalDate> holidays, List<LocalDate> makeUpWorkingDays, String source, CommandContext context) {
        requireCompanyWide(context, year);
        return publish(year, holidays, makeUpWorkingDays, source, context.metadata(), context.expectedVersion());
    }

    /** The service itself publishes a year (the shipped years at start-up); no user, nothing to check. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Changed publish(int year, List<LocalDate> holidays, List<LocalDate> makeUpWorkingDays, String source,
                           EventMetadata metadata, OptionalLong expectedVersion) {
        return change(year, metadata, expectedVersion, "calendar " + year + " published (" + source + ")",
                y -> y.publish(year, holidays, makeUpWorkingDays, source, clock.instant()));
    }

    /**
     * A user corrects one day of a published year.
     *
     * @throws doorstep.platform.web.Forbidden (403) when the user's token is not company-wide (a year belongs to no site)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Changed correctDay(LocalDate date, DayKind kind, String reason, CommandContext context) {
        requireCompanyWide(context, date.getYear());
        return change(date.getYear(), context.metadata(), context.expectedVersion(), date + " corrected to " + kind + ": " + reason,
                y -> y.correctDay(date, kind, reason, clock.instant()));
    }

    /** The calendar is company-wide: only a user of every site may change it (issue 11), others get 403. */
    private static void requireCompanyWide(CommandContext context, int year) {
        context.sites().requireCompanyWide("the working calendar of " + year);
    }

    private Changed change(int year, EventMetadata metadata, OptionalLong expectedVersion, String reason,
                           Function<CalendarYear, List<CalendarEvent>> decision) {
        calendars.lockForChange();
        String stream = CalendarYear.streamId(year);
        Rehydrated<CalendarYear> loaded = years.load(stream);
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != loaded.version()) {
            throw new PreconditionFailed(expectedVersion.getAsLong(), loaded.version());
        }
        List<CalendarEvent> events = decision.apply(loaded.aggregate());
        List<EventEnvelope> stored = store.append(stream, loaded.version(), null, events, metadata);
        EventMetadata caused = new EventMetadata(metadata.actor(), metadata.correlationId(), stored.get(stored.size() - 1).eventId());
        return new Changed(loaded.version() + events.size(), recomputeDeadlines(calendars.load(), reason, caused));
    }

    /** Every pending conversion deadline that depends on the calendar, asked to recompute itself. */
    private int recomputeDeadlines(WorkingCalendar calendar, String reason, EventMetadata metadata) {
        // the deadline table holds only pending deadlines (D38)
        List<?> pending = em.createNativeQuery("select d.stream_id, d.site_id from scheduled_deadline d "
                        + "join dispatch_board b on b.order_id = d.stream_id "
                        + "where d.kind = 'CONVERSION' and b.conversion_rule = ?1 order by d.stream_id")
                .setParameter(1, ConversionRule.WARRANTY_ONE_WORKING_DAY.name())
                .getResultList();
        int moved = 0;
        for (Object row : pending) {
            Object[] r = (Object[]) row;
            moved += dispatches.react((String) r[0], (String) r[1], metadata, d -> d.recomputeConversionDeadline(calendar, reason));
        }
        return moved;
    }
}
