package doorstep.platform;

import static doorstep.platform.PlatformTestSupport.increment;
import static doorstep.platform.PlatformTestSupport.newStream;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.Aggregates;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.testapp.CounterIncremented;
import doorstep.platform.testapp.TestApp;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class ProjectionRebuildTest {

    @Inject
    EventStore store;
    @Inject
    EntityManager em;
    @Inject
    Aggregates aggregates;
    @Inject
    EventCatalog catalog;

    @Test
    void aDroppedAndRebuiltReadModelEqualsTheLiveOne() {
        String a = newStream();
        String b = newStream();
        increment(store, a, 0, 3);
        increment(store, b, 0, 4);
        increment(store, a, 1, 5);
        List<String> live = snapshot();
        assertThat(live).contains(a + "|site-a|8|2", b + "|site-a|4|1");

        // Damage the read model the way a bug would, so only a real replay can give the live rows back.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update counter_total set total = -999 where counter_id = ?1").setParameter(1, a).executeUpdate());
        assertThat(snapshot()).isNotEqualTo(live);

        doorstep.testing.Http.as("admin", "ops-1")
                .when().post("/api/v1/admin/projections/counter-totals/rebuild")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.endsWith("/api/v1/admin/projections/counter-totals"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                doorstep.testing.Http.as("admin", "ops-1").get("/api/v1/admin/projections/counter-totals").then().statusCode(200).body("state", equalTo("SUCCEEDED")));
        assertThat(snapshot()).isEqualTo(live);
        doorstep.testing.Http.as("admin", "ops-1").get("/api/v1/admin/projections/counter-totals").then()
                .body("processed", equalTo(((Number) QuarkusTransaction.requiringNew().call(store::count)).intValue()));
    }

    @Test
    void aReplayHandsEachEventTheAggregateFoldedSoFarAlsoWhenItsStreamWasPushedOut() {
        String a = newStream();
        String b = newStream();
        increment(store, a, 0, 3);
        increment(store, b, 0, 4);
        increment(store, a, 1, 5);
        increment(store, b, 1, -1);
        increment(store, a, 2, 2);
        for (int kept : new int[] {1, 1000}) {
            Aggregates.Replay replay = aggregates.replay(kept);
            Map<String, Long> sums = new HashMap<>();
            List<String> mismatches = QuarkusTransaction.requiringNew().call(() -> {
                List<String> wrong = new ArrayList<>();
                long position = 0;
                for (List<EventEnvelope> batch; !(batch = store.readForward(position, 500)).isEmpty(); ) {
                    for (EventEnvelope e : batch) {
                        long expected = sums.merge(e.streamId(), (long) ((CounterIncremented) catalog.decode(e)).by(), Long::sum);
                        long folded = ((TestApp.Counter) replay.after(e)).total();
                        if (folded != expected) {
                            wrong.add(e.streamId() + "@" + e.streamVersion() + ": " + folded + " != " + expected);
                        }
                    }
                    position = batch.get(batch.size() - 1).globalPosition();
                }
                return wrong;
            });
            assertThat(mismatches).as("keeping %d streams", kept).isEmpty();
            assertThat(sums).containsEntry(a, 10L).containsEntry(b, 3L);
        }
    }

    @Test
    void onlyAnAdminMayRebuildAndOnlyKnownReadModels() {
        doorstep.testing.Http.as("agent", "agent-1")
                .when().post("/api/v1/admin/projections/counter-totals/rebuild")
                .then().statusCode(403).contentType("application/problem+json");
        doorstep.testing.Http.as("admin", "ops-1")
                .when().post("/api/v1/admin/projections/no-such-thing/rebuild")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @SuppressWarnings("unchecked")
    private List<String> snapshot() {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) em.createNativeQuery(
                        "select counter_id, site_id, total, version from counter_total order by counter_id").getResultList())
                .stream().map(r -> r[0] + "|" + r[1] + "|" + r[2] + "|" + r[3]).toList());
    }
}
