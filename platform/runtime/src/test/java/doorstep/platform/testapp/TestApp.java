package doorstep.platform.testapp;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.consumer.ForeignEvents;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.eventstore.SnapshotStore;
import doorstep.platform.eventstore.Snapshots;
import doorstep.platform.projection.Projection;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A minimal service on the platform: one event type, one projection, one consumer. */
public class TestApp {

    @Produces
    @Singleton
    EventCatalog catalog(ObjectMapper json, PersonalDataCipher personal) {
        return EventCatalog.forService("platformtest").register(CounterIncremented.class, 1).withObjectMapper(json)
                .withPersonalData(personal);
    }

    /** The test application's aggregate: a counter's running total. */
    public static final class Counter {

        /** A counter's state as a snapshot. */
        public record Snapshot(long total) {
        }

        /** Snapshots every 3 events: every platform test runs with snapshots taken and read. */
        public static final Snapshots<Counter, Snapshot> SNAPSHOTS =
                new Snapshots<>(Snapshot.class, 1, 3, c -> new Snapshot(c.total), s -> {
                    if (s.total() < 0) {
                        throw new IllegalArgumentException("a counter's total is never negative: " + s.total());
                    }
                    Counter c = new Counter();
                    c.total = s.total();
                    return c;
                });

        private long total;

        public long total() {
            return total;
        }

        void apply(CounterIncremented e) {
            total += e.by();
        }
    }

    @Produces
    @Singleton
    static AggregateStore<Counter, CounterIncremented> counters(EventStore store, SnapshotStore snapshots) {
        return new AggregateStore<>(store, "counter", Counter::new, CounterIncremented.class, Counter::apply, c -> null)
                .withSnapshots(snapshots, Counter.SNAPSHOTS);
    }

    /** Total per counter, taken from the counter after each event, fed live and by rebuilds. */
    @ApplicationScoped
    public static class CounterTotals implements Projection {
        @Inject
        EntityManager em;

        @Override
        public String name() {
            return "counter-totals";
        }

        @Override
        public void apply(EventEnvelope e, Object counterAfter) {
            if (!(counterAfter instanceof Counter counter)) {
                return; // not a counter's event (e.g. PersonalDataErased)
            }
            em.createNativeQuery("insert into counter_total (counter_id, site_id, total, version) values (?1, ?2, ?3, ?4) "
                            + "on conflict (counter_id) do update set total = excluded.total, version = excluded.version")
                    .setParameter(1, e.streamId()).setParameter(2, e.siteId())
                    .setParameter(3, counter.total()).setParameter(4, e.streamVersion())
                    .executeUpdate();
        }

        @Override
        public void reset() {
            em.createNativeQuery("delete from counter_total").executeUpdate();
        }
    }

    /** What the counter log reads of a {@link CounterIncremented}, as a consumer in another service would. */
    @ForeignEvent(service = "platformtest", type = "CounterIncremented")
    record Increment(String counterId, int by) {
    }

    /** Logs each event it consumes from the topic; fails on negative increments. */
    @ApplicationScoped
    public static class CounterLog {
        @Inject
        IdempotentConsumer consumer;
        @Inject
        ForeignEvents foreign;
        @Inject
        EntityManager em;

        @Incoming("counter-events")
        @Blocking
        public void consume(ConsumerRecord<String, byte[]> record) {
            consumer.handle("counter-log", record, this::apply);
        }

        /** Logs one counter event (a reaction, in the consumer's transaction). */
        public void apply(EventEnvelope e) {
            if (e.type().equals("PersonalDataErased")) {
                return; // the platform's event of every service: nothing to log
            }
            if (foreign.read(e, Increment.class).by() < 0) {
                throw new IllegalArgumentException("negative increment");
            }
            em.createNativeQuery("insert into consumed_log (event_id, counter_id, version) values (?1, ?2, ?3)")
                    .setParameter(1, e.eventId()).setParameter(2, e.streamId()).setParameter(3, e.streamVersion())
                    .executeUpdate();
        }

        @SuppressWarnings("unchecked")
        public List<Object[]> log() {
            return em.createNativeQuery("select cast(event_id as varchar), counter_id, version from consumed_log order by seq").getResultList();
        }
    }
}
