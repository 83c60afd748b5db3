package doorstep.platform.eventstore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.persistence.UniqueViolation;
import doorstep.platform.projection.Projections;

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

    /**
     * Appends events after {@code expectedVersion} (0 for a new stream).
     *
     * @return the stored envelopes, in order
     * @throws ConcurrencyConflict when the stream has moved on since {@code expectedVersion}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<EventEnvelope> append(String streamId, long expectedVersion, String siteId,
                                      List<?> events, EventMetadata metadata) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<StoredEvent> rows = new ArrayList<>(events.size());
        long version = expectedVersion;
        var now = clock.instant();
        for (Object event : events) {
            EventCatalog.EventType type = catalog.typeOf(event);
            StoredEvent row = new StoredEvent();
            row.eventId = UUID.randomUUID();
            row.streamId = streamId;
            row.streamVersion = ++version;
            row.eventType = type.name();
            row.schemaVersion = type.schemaVersion();
            row.occurredAt = now;
            row.siteId = siteId;
            row.correlationId = metadata.correlationId();
            row.causationId = metadata.causationId();
            row.actorId = metadata.actor().id();
            row.actorRole = metadata.actor().role();
            row.payload = catalog.toJson(event);
            rows.add(row);
        }
        try {
            rows.forEach(em::persist);
            em.flush();
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, "event_store_stream_version_uk")) {
                throw new ConcurrencyConflict(streamId, expectedVersion);
            }
            throw e;
        }
        List<EventEnvelope> envelopes = rows.stream().map(r -> r.toEnvelope(catalog.service())).toList();
        envelopes.forEach(projections::applyLive);
        wakeRelayAfterCommit(envelopes.size());
        return envelopes;
    }

    /** All events of a stream, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope> load(String streamId) {
        return em.createQuery("from StoredEvent e where e.streamId = :id order by e.streamVersion", StoredEvent.class)
                .setParameter("id", streamId)
                .getResultStream()
                .map(r -> r.toEnvelope(catalog.service()))
                .toList();
    }

    /** Folds a stream into a fresh aggregate with the same applier used for live events. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <A, E> Rehydrated<A> rehydrate(String streamId, Supplier<A> blank, Class<E> eventType, BiConsumer<A, E> applier) {
        A aggregate = blank.get();
        long version = 0;
        for (EventEnvelope envelope : load(streamId)) {
            applier.accept(aggregate, eventType.cast(catalog.decode(envelope)));
            version = envelope.streamVersion();
        }
        return new Rehydrated<>(aggregate, version);
    }

    /** Events after {@code afterPosition} in store order, for replays. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope> readForward(long afterPosition, int max) {
        return em.createQuery("from StoredEvent e where e.globalPosition > :p order by e.globalPosition", StoredEvent.class)
                .setParameter("p", afterPosition)
                .setMaxResults(max)
                .getResultStream()
                .map(r -> r.toEnvelope(catalog.service()))
                .toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count() {
        return em.createQuery("select count(e) from StoredEvent e", Long.class).getSingleResult();
    }

    private void wakeRelayAfterCommit(int count) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    committed.fire(new EventsCommitted(count));
                }
            }
        });
    }
}
