package doorstep.platform.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.observability.TraceContext;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.persistence.AfterCommit;
import doorstep.platform.persistence.UniqueViolation;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.NotFound;
import doorstep.platform.projection.Projections;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * The service's append-only event store. Appends join the caller's transaction, apply the
 * service's own projections in that same transaction, and wake the outbox relay once the
 * transaction has committed (never sending to Kafka inside it).
 */
@ApplicationScoped
public class EventStore {

    /** Fired after a transaction with appended events commits; the relay listens. */
    public record EventsCommitted(int count) {
    }

    @Inject
    EntityManager em;
    @Inject
    EventCatalog catalog;
    @Inject
    Projections projections;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    Event<EventsCommitted> committed;
    @Inject
    Clock clock;
    @Inject
    Aggregates aggregates;

    /**
     * Appends events after {@code expectedVersion} (0 for a new stream), in one JDBC batch on the
     * transaction's connection. The projections are handed the stream's aggregate after each event,
     * folded from the store (commands go through {@link AggregateStore}, which has it already).
     *
     * @return the stored envelopes, in order
     * @throws ConcurrencyConflict when the stream has moved on since {@code expectedVersion}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<EventEnvelope> append(String streamId, long expectedVersion, String siteId,
                                      List<?> events, EventMetadata metadata) {
        return append(streamId, expectedVersion, siteId, events, metadata, aggregates.foldAfter(streamId, events));
    }

    /**
     * Appends as above; {@code fold} applies one appended event to the stream's aggregate and returns
     * the aggregate after it, which the projections are handed with the event (in order, once each).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<EventEnvelope> append(String streamId, long expectedVersion, String siteId,
                                      List<?> events, EventMetadata metadata, Function<Object, Object> fold) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<EventEnvelope> envelopes = new ArrayList<>(events.size());
        long version = expectedVersion;
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps: live and replayed envelopes agree
        for (Object event : events) {
            EventCatalog.EventType type = catalog.typeOf(event);
            envelopes.add(new EventEnvelope(UUID.randomUUID(), catalog.service(), type.name(), type.schemaVersion(),
                    streamId, ++version, 0, now, siteId, metadata.correlationId(), metadata.causationId(),
                    metadata.actor(), catalog.toJson(event, EventEnvelope.subjectOf(streamId))));
        }
        List<EventEnvelope> stored;
        try {
            String traceParent = TraceContext.currentTraceparent();
            stored = jdbc(connection -> insert(connection, envelopes, traceParent));
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, "event_store_stream_version_uk")) {
                throw new ConcurrencyConflict(streamId, expectedVersion);
            }
            throw e;
        }
        for (int i = 0; i < stored.size(); i++) {
            projections.applyLive(stored.get(i), fold.apply(events.get(i)));
        }
        wakeRelayAfterCommit(stored.size());
        return stored;
    }

    private static List<EventEnvelope> insert(Connection connection, List<EventEnvelope> envelopes, String traceParent) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("insert into event_store (event_id, stream_id, stream_version, "
                + "event_type, schema_version, occurred_at, site_id, correlation_id, causation_id, actor_id, actor_role, payload, "
                + "trace_parent) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)", new String[] {"global_position"})) {
            for (EventEnvelope e : envelopes) {
                ps.setObject(1, e.eventId());
                ps.setString(2, e.streamId());
                ps.setLong(3, e.streamVersion());
                ps.setString(4, e.type());
                ps.setInt(5, e.schemaVersion());
                ps.setObject(6, e.occurredAt().atOffset(ZoneOffset.UTC));
                ps.setString(7, e.siteId());
                ps.setObject(8, e.correlationId());
                ps.setObject(9, e.causationId(), Types.OTHER);
                ps.setString(10, e.actor().id());
                ps.setString(11, e.actor().role());
                ps.setString(12, e.payload());
                ps.setString(13, traceParent);
                ps.addBatch();
            }
            ps.executeBatch();
            List<EventEnvelope> stored = new ArrayList<>(envelopes.size());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (EventEnvelope e : envelopes) {
                    if (!keys.next()) {
                        throw new SQLException("no global_position returned for event " + e.eventId());
                    }
                    stored.add(e.atPosition(keys.getLong(1)));
                }
            }
            return stored;
        }
    }

    /** All events of a stream, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope> load(String streamId) {
        return query("select " + EventRows.COLUMNS + " from event_store where stream_id = ? order by stream_version",
                ps -> ps.setString(1, streamId));
    }

    /** The domain event inside an envelope of this service. */
    public Object decode(EventEnvelope envelope) {
        return catalog.decode(envelope);
    }

    /**
     * The events of a stream a user asked for by id, oldest first.
     *
     * @param noun how the object is named in a 404, e.g. {@code order}
     * @param id   its id as the user gave it (a stream id may differ from it)
     * @throws NotFound when the stream has no events, or its site (the last one recorded on its events)
     *                  is not one of the user's: the same answer for both
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope> loadVisible(String streamId, SiteScope sites, String noun, String id) {
        List<EventEnvelope> events = load(streamId);
        if (events.isEmpty()) {
            throw new NotFound(noun, id);
        }
        String siteId = null;
        for (EventEnvelope e : events) {
            siteId = e.siteId() != null ? e.siteId() : siteId;
        }
        sites.requireVisible(siteId, noun, id);
        return events;
    }

    /** Folds a stream into a fresh aggregate with the same applier used for live events. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <A, E> Rehydrated<A> rehydrate(String streamId, Supplier<A> blank, Class<E> eventType, BiConsumer<A, E> applier) {
        return rehydrate(streamId, new Rehydrated<>(blank.get(), 0, null), eventType, applier);
    }

    /**
     * Folds the events of a stream after {@code start}'s version onto {@code start}'s aggregate (a
     * snapshot restored, D58): one indexed range read, however long the stream.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <A, E> Rehydrated<A> rehydrate(String streamId, Rehydrated<A> start, Class<E> eventType, BiConsumer<A, E> applier) {
        A aggregate = start.aggregate();
        long version = start.version();
        String siteId = start.siteId();
        for (EventEnvelope envelope : readStream(streamId, start.version(), Integer.MAX_VALUE)) {
            applier.accept(aggregate, eventType.cast(catalog.decode(envelope)));
            version = envelope.streamVersion();
            siteId = envelope.siteId() != null ? envelope.siteId() : siteId;
        }
        return new Rehydrated<>(aggregate, version, siteId);
    }

    /**
     * At most {@code max} events of a stream after its version {@code afterVersion}, oldest first: one indexed range
     * read on the stream's unique {@code (stream_id, stream_version)}, however long the stream.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope> readStream(String streamId, long afterVersion, int max) {
        return query("select " + EventRows.COLUMNS + " from event_store where stream_id = ? and stream_version > ? "
                + "order by stream_version limit ?", ps -> {
                    ps.setString(1, streamId);
                    ps.setLong(2, afterVersion);
                    ps.setInt(3, max);
                });
    }

    /** Events after {@code afterPosition} in store order, for replays. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope> readForward(long afterPosition, int max) {
        return query("select " + EventRows.COLUMNS + " from event_store where global_position > ? order by global_position limit ?",
                ps -> {
                    ps.setLong(1, afterPosition);
                    ps.setInt(2, max);
                });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count() {
        return jdbc(connection -> {
            try (var st = connection.createStatement(); ResultSet rs = st.executeQuery("select count(*) from event_store")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private List<EventEnvelope> query(String sql, Parameters parameters) {
        return jdbc(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                parameters.set(ps);
                List<EventEnvelope> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(EventRows.read(rs, catalog.service()));
                    }
                }
                return events;
            }
        });
    }

    /** Runs on the session's own connection (the transaction's), without flushing the session. */
    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    private void wakeRelayAfterCommit(int count) {
        AfterCommit.run(transactions, () -> committed.fire(new EventsCommitted(count)));
    }
}
