package doorstep.platform;

import static doorstep.platform.PlatformTestSupport.increment;
import static doorstep.platform.PlatformTestSupport.metadata;
import static doorstep.platform.PlatformTestSupport.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.ConcurrencyConflict;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.eventstore.Rehydrated;
import doorstep.platform.testapp.CounterIncremented;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class EventStoreTest {

    @Inject
    EventStore store;
    @Inject
    EntityManager em;

    @Test
    void appendedEventsFoldBackIntoTheAggregate() {
        String stream = newStream();
        increment(store, stream, 0, 2);
        increment(store, stream, 1, 5);

        List<EventEnvelope> events = store.load(stream);
        assertThat(events).extracting(EventEnvelope::streamVersion).containsExactly(1L, 2L);
        assertThat(events.get(0).type()).isEqualTo("CounterIncremented");
        assertThat(events.get(0).siteId()).isEqualTo("site-a");
        assertThat(events.get(0).actor().id()).isEqualTo("tester");

        long[] total = {0};
        Rehydrated<long[]> folded = store.rehydrate(stream, () -> total, CounterIncremented.class, (t, e) -> t[0] += e.by());
        assertThat(folded.version()).isEqualTo(2);
        assertThat(folded.aggregate()[0]).isEqualTo(7);
    }

    @Test
    void twoWritersWithTheSameExpectedVersionExactlyOneWins() throws Exception {
        String stream = newStream();
        increment(store, stream, 0, 1);
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                outcomes.add(pool.submit(() -> {
                    try {
                        QuarkusTransaction.requiringNew().run(() -> {
                            long version = store.load(stream).size();
                            await(bothLoaded);
                            store.append(stream, version, "site-a", List.of(new CounterIncremented(stream, 1)), metadata());
                        });
                        return "appended";
                    } catch (ConcurrencyConflict e) {
                        return "conflict";
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(results).containsExactlyInAnyOrder("appended", "conflict");
            assertThat(store.load(stream)).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storedEventsCanBeNeitherEditedNorDeleted() {
        String stream = newStream();
        EventEnvelope e = increment(store, stream, 0, 1);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("update event_store set payload = '{\"counterId\":\"x\",\"by\":99}' where event_id = ?1")
                        .setParameter(1, e.eventId()).executeUpdate()))
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from event_store where event_id = ?1").setParameter(1, e.eventId()).executeUpdate()))
                .hasStackTraceContaining("append-only");
        // the stored increment is still 1, not the 99 the refused update tried to write
        assertThat(store.load(stream)).singleElement().satisfies(stored ->
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored.payload()).get("by").asInt()).isEqualTo(1));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
