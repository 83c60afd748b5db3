package doorstep.followup.api;

import static doorstep.followup.api.FollowupTestSupport.converted;
import static doorstep.followup.api.FollowupTestSupport.dispatch;
import static doorstep.followup.api.FollowupTestSupport.entry;
import static doorstep.followup.api.FollowupTestSupport.freshDay;
import static doorstep.followup.api.FollowupTestSupport.opened;
import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.followup.application.FollowupEvents;
import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Followup's own access rules beyond roles and sites: a field a command does not take is refused by
 * name (OWASP API3); a technician changes only the coordination orders they track; the timeline
 * shows who did what, as the token said.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class FollowupAccessRulesTest {

    @Inject
    Clock clock;
    @Inject
    EventStore store;

    private static String site() {
        return "site-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String coordinationOrder(String site, Instant at) {
        String order = UUID.randomUUID().toString();
        opened(order, site);
        converted(order, site, at);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/coordination-orders/" + order).statusCode() == 200);
        return order;
    }

    private long events(String stream) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(stream).size());
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> m = new HashMap<>(body);
        m.put(field, value);
        return m;
    }

    @Test
    void aReadOnlyOrUnknownFieldInACommandBodyIsRefusedByNameAndNothingIsWritten() {
        Instant t0 = freshDay(clock);
        String site = site();
        String order = coordinationOrder(site, t0);
        String paid = UUID.randomUUID().toString();
        opened(paid, site);
        dispatch("SurveyRecorded", paid, 5, site, "{\"paid\":true,\"part\":\"PRIVATE\",\"warranty\":false,\"notes\":null,\"at\":\"" + t0 + "\"}");
        dispatch("Archived", paid, 11, site, "{\"archivedBy\":\"agent-1\",\"at\":\"" + t0 + "\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().queryParam("siteId", site).get("/api/v1/callbacks").then()
                .body("orderId", hasItem(paid)));
        long coordinationEvents = events(FollowupEvents.coordination(order));
        long callbackEvents = events(FollowupEvents.callback(paid));

        record Attempt(String role, String path, Map<String, Object> body, String field, Object value) {
        }
        String c = "/api/v1/coordination-orders/" + order;
        Map<String, Object> entry = entry(t0, "联系厂家");
        List<Attempt> attempts = List.of(
                new Attempt("team-leader", c + "/entries", entry, "status", "ARCHIVED"),
                new Attempt("team-leader", c + "/entries", entry, "version", 99),
                new Attempt("team-leader", c + "/entries", entry, "siteId", "elsewhere"),
                new Attempt("team-leader", c + "/entries", entry, "entryNumber", 1),
                new Attempt("team-leader", c + "/entries", entry, "recordedBy", "someone-else"),
                new Attempt("team-leader", c + "/tracker", Map.of("trackerId", "tech-li"), "siteId", "elsewhere"),
                new Attempt("team-leader", c + "/tracker", Map.of("trackerId", "tech-li"), "orderId", "another-order"),
                new Attempt("team-leader", c + "/leader-checks", Map.of("comment", "ok"), "checkerId", "someone-else"),
                new Attempt("supervisor", c + "/supervisor-checks", Map.of("comment", "ok"), "at", t0.toString()),
                new Attempt("team-leader", c + "/exemptions", Map.of("cadence", "WEEKLY_ENTRY", "reason", "出国"), "grantedBy", "boss"),
                new Attempt("technician", c + "/resolution", Map.of("result", "修好", "customerSignatureRef", "s1", "trackerSignatureRef", "s2"),
                        "status", "ARCHIVED"),
                new Attempt("agent", "/api/v1/callbacks/" + paid + "/attempts", Map.of("reached", true, "satisfaction", 5), "status", "COMPLETED"),
                new Attempt("agent", "/api/v1/callbacks/" + paid + "/attempts", Map.of("reached", false), "attempts", 0),
                new Attempt("agent", "/api/v1/callbacks/" + paid + "/attempts", Map.of("reached", false), "id", "x"));
        for (Attempt a : attempts) {
            Response r = as(a.role(), a.role() + "-mass", site)
                    .body(with(a.body(), a.field(), a.value())).post(a.path());
            String what = a.path() + " with " + a.field();
            assertThat(r.statusCode()).as(what).isEqualTo(400);
            assertThat(r.contentType()).as(what).startsWith("application/problem+json");
            assertThat(r.jsonPath().getList("errors.field", String.class)).as(what).containsExactly(a.field());
        }
        assertThat(events(FollowupEvents.coordination(order))).as("nothing written").isEqualTo(coordinationEvents);
        assertThat(events(FollowupEvents.callback(paid))).as("nothing written").isEqualTo(callbackEvents);
        // The same bodies without the extra field are accepted.
        as("team-leader", "leader-mass", site).body(entry).post(c + "/entries").then().statusCode(200);
        as("agent", "agent-mass", site).body(Map.of("reached", false)).post("/api/v1/callbacks/" + paid + "/attempts").then().statusCode(200);
    }

    @Test
    void aTechnicianChangesOnlyTheCoordinationOrdersTheyTrackAndTheTimelineShowsWhoDidWhat() {
        Instant t0 = freshDay(clock);
        String site = site();
        String order = coordinationOrder(site, t0);
        String c = "/api/v1/coordination-orders/" + order;
        String stream = FollowupEvents.coordination(order);
        as("team-leader", "leader-7", site).body(Map.of("trackerId", "tech-wu")).post(c + "/tracker").then().statusCode(200)
                .body("trackerId", equalTo("tech-wu"));
        long before = events(stream);

        // Another technician of the same site may read it but not change it.
        as("technician", "tech-zhao", site).get(c).then().statusCode(200);
        Response refused = as("technician", "tech-zhao", site).body(entry(t0, "不是我的单")).post(c + "/entries");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("detail")).contains("coordination orders you track");
        as("technician", "tech-zhao", site).body(Map.of("result", "x", "customerSignatureRef", "s1", "trackerSignatureRef", "s2"))
                .post(c + "/resolution").then().statusCode(403).contentType("application/problem+json");
        assertThat(events(stream)).as("nothing written").isEqualTo(before);

        // The tracker may; so may a team leader who tracks nothing, and a leader who is also a technician acts as leader.
        as("technician", "tech-wu", site).body(entry(t0, "联系厂家")).post(c + "/entries").then().statusCode(200);
        String leaderAndTechnician = TestTokens.issuer().sign(TestTokens.issuer().claims("li-lei", List.of("technician", "team-leader"),
                List.of(site), Instant.now(), Instant.now().plusSeconds(600)).build());
        given().header("Authorization", "Bearer " + leaderAndTechnician).contentType("application/json").body(entry(t0, "班长补记"))
                .post(c + "/entries").then().statusCode(200);
        as("supervisor", "sup-3", site).body(Map.of("comment", "同意")).post(c + "/supervisor-checks").then().statusCode(200);
        as("technician", "tech-wu", site).body(Map.of("result", "已修复", "customerSignatureRef", "s1", "trackerSignatureRef", "s2"))
                .post(c + "/resolution").then().statusCode(200).body("status", equalTo("RESOLVED"));

        List<Map<String, Object>> timeline = as("warehouse", "keeper-1", site).get(c + "/timeline").then().statusCode(200)
                .extract().jsonPath().getList("items");
        List<String> who = timeline.stream().map(e -> e.get("type") + " by " + ((Map<?, ?>) e.get("actor")).get("id") + " as "
                + ((Map<?, ?>) e.get("actor")).get("role")).toList();
        assertThat(who).containsSubsequence(
                "TrackerAssigned by leader-7 as team-leader",
                "TrackingEntryRecorded by tech-wu as technician",
                "TrackingEntryRecorded by li-lei as team-leader",
                "CheckSignedOff by sup-3 as supervisor",
                "CoordinationResolved by tech-wu as technician");
        assertThat(who.get(0)).startsWith("CoordinationOrderOpened by ");
    }
}
