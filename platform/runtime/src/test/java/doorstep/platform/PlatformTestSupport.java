package doorstep.platform;

import java.util.List;
import java.util.UUID;

import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.testapp.CounterIncremented;
import io.quarkus.narayana.jta.QuarkusTransaction;

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
}
