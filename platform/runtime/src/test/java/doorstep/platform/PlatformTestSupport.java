package doorstep.platform;

import java.util.List;
import java.util.UUID;

import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.testapp.CounterIncremented;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Small helpers shared by the platform's tests. */
final class PlatformTestSupport {

    static final String TOPIC = "doorstep.platformtest.events";

    private PlatformTestSupport() {
    }

    static EventMetadata metadata() {
        return new EventMetadata(new Actor("tester", "admin"), UUID.randomUUID(), null);
    }

    static String newStream() {
        return "counter-" + UUID.randomUUID();
    }

    /** Appends one increment in its own transaction, at the stream's next version. */
    static EventEnvelope increment(EventStore store, String stream, long expectedVersion, int by) {
        return QuarkusTransaction.requiringNew().call(() ->
                store.append(stream, expectedVersion, "site-a", List.of(new CounterIncremented(stream, by)), metadata()).get(0));
    }

    /** The record a consumer would receive for {@code from}, with {@code key} and {@code value} in place of its own. */
    static ConsumerRecord<String, byte[]> asConsumed(String key, byte[] value, ProducerRecord<String, byte[]> from) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(from.topic(), 0, 0, key, value);
        from.headers().forEach(h -> r.headers().add(h));
        return r;
    }
}
