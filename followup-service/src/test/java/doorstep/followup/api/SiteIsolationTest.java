package doorstep.followup.api;

import static doorstep.followup.api.FollowupTestSupport.converted;
import static doorstep.followup.api.FollowupTestSupport.dispatch;
import static doorstep.followup.api.FollowupTestSupport.entry;
import static doorstep.followup.api.FollowupTestSupport.freshDay;
import static doorstep.followup.api.FollowupTestSupport.opened;
import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.followup.application.FollowupEvents;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Coordination orders, callbacks and retention belong to their dispatch order's site: a user of
 * another site gets, on every id route (reads and commands), the 404 a missing id gets, and nothing
 * is written; lists hold only the sites of the caller's token, and a list asked for another site is
 * a 404 for that site (issue 11, OWASP API1).
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class SiteIsolationTest {

    @Inject
    Clock clock;
    @Inject
    EventStore store;

    /** One id route, called by a user of the role it admits, with a body that would be accepted. */
    private record Route(String method, String path, String role, Map<String, Object> body) {

        Response call(String user, String site, String orderId) {
            RequestSpecification r = as(role, user, site);
            if (body != null) {
                r.body(body);
            }
            return r.request(method, path.formatted(orderId));
        }
    }

    private static String site(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String coordinationOrder(String site, Instant at) {
        String order = UUID.randomUUID().toString();
        opened(order, site);
        converted(order, site, at);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/coordination-orders/" + order).statusCode() == 200);
        return order;
    }

    private String archivedPaidOrder(String site, Instant at) {
        String order = UUID.randomUUID().toString();
        opened(order, site);
        dispatch("SurveyRecorded", order, 5, site, "{\"paid\":true,\"part\":\"PRIVATE\",\"warranty\":false,\"notes\":null,\"at\":\"" + at + "\"}");
        dispatch("OwnerAccepted", order, 9, site, "{\"signatureRef\":\"sig\",\"rating\":5,\"comment\":null,\"at\":\"" + at + "\"}");
        dispatch("Archived", order, 11, site, "{\"archivedBy\":\"agent-1\",\"at\":\"" + at + "\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().queryParam("siteId", site).get("/api/v1/callbacks").then()
                .statusCode(200).body("orderId", hasItem(order)));
        return order;
    }

    /** Every event of every followup stream of the order. */
    private long events(String order) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(FollowupEvents.coordination(order)).size()
                + store.load(FollowupEvents.callback(order)).size() + store.load(FollowupEvents.retention(order)).size());
    }

    private static List<String> orderIds(Response r) {
        return r.then().statusCode(200).extract().jsonPath().getList("orderId", String.class);
    }

    @Test
    void everyIdRouteAnswersAnotherSitesObjectExactlyAsAMissingOneAndWritesNothing() {
        Instant t0 = freshDay(clock);
        String siteA = site("north");
        String siteB = site("south");
        String coordination = coordinationOrder(siteA, t0);
        String callback = archivedPaidOrder(siteA, t0);
        long coordinationEvents = events(coordination);
        long callbackEvents = events(callback);

        Map<Route, String> routes = new java.util.LinkedHashMap<>();
        routes.put(new Route("GET", "/api/v1/coordination-orders/%s", "warehouse", null), coordination);
        routes.put(new Route("GET", "/api/v1/coordination-orders/%s/timeline", "agent", null), coordination);
        routes.put(new Route("GET", "/api/v1/coordination-orders/%s/entries", "technician", null), coordination);
        routes.put(new Route("GET", "/api/v1/coordination-orders/%s/checks", "supervisor", null), coordination);
        routes.put(new Route("POST", "/api/v1/coordination-orders/%s/tracker", "team-leader", Map.of("trackerId", "tech-south")), coordination);
        routes.put(new Route("POST", "/api/v1/coordination-orders/%s/entries", "team-leader", entry(t0, "跨项目")), coordination);
        // The order's own tracker, with a token of another site only: still 404, before the tracker rule.
        routes.put(new Route("POST", "/api/v1/coordination-orders/%s/entries", "technician", entry(t0, "跨项目")), coordination);
        routes.put(new Route("POST", "/api/v1/coordination-orders/%s/leader-checks", "team-leader", Map.of("comment", "x")), coordination);
        routes.put(new Route("POST", "/api/v1/coordination-orders/%s/supervisor-checks", "supervisor", Map.of("comment", "x")), coordination);
        routes.put(new Route("POST", "/api/v1/coordination-orders/%s/exemptions", "supervisor",
                Map.of("cadence", "WEEKLY_ENTRY", "reason", "业主出国")), coordination);
        routes.put(new Route("POST", "/api/v1/coordination-orders/%s/resolution", "technician",
                Map.of("result", "已修复", "customerSignatureRef", "sig-o", "trackerSignatureRef", "sig-t")), coordination);
        routes.put(new Route("POST", "/api/v1/coordination-orders/%s/archive", "team-leader", null), coordination);
        routes.put(new Route("POST", "/api/v1/callbacks/%s/attempts", "agent", Map.of("reached", false, "comment", "无人接听")), callback);

        int n = 0;
        for (Map.Entry<Route, String> e : routes.entrySet()) {
            Route route = e.getKey();
            String id = e.getValue();
            String missingId = UUID.randomUUID().toString();
            // tech-zhang is the coordination order's tracker (the dispatch order's technician).
            String user = route.role().equals("technician") ? "tech-zhang" : route.role() + "-south-" + (++n);
            Response other = route.call(user, siteB, id);
            Response missing = route.call(user, siteB, missingId);
            String what = route.method() + " " + route.path();
            assertThat(missing.statusCode()).as(what + " (missing)").isEqualTo(404);
            assertThat(other.statusCode()).as(what).isEqualTo(404);
            assertThat(other.contentType()).as(what).startsWith("application/problem+json");
            assertThat(other.jsonPath().getString("type")).as(what).isEqualTo(missing.jsonPath().getString("type"));
            assertThat(other.jsonPath().getString("title")).as(what).isEqualTo(missing.jsonPath().getString("title"));
            assertThat(other.jsonPath().getString("detail")).as(what)
                    .isEqualTo(missing.jsonPath().getString("detail").replace(missingId, id));
            assertThat(other.jsonPath().getMap("$").keySet()).as(what).isEqualTo(missing.jsonPath().getMap("$").keySet());
            // Reads and commands name the order as users know it, never an internal stream id (…/coordination).
            assertThat(other.jsonPath().getString("detail")).as(what).endsWith(" " + id + " does not exist");
        }
        assertThat(events(coordination)).as("nothing written").isEqualTo(coordinationEvents);
        assertThat(events(callback)).as("nothing written").isEqualTo(callbackEvents);

        // The same calls from the order's site are admitted: the 404s above were about the site.
        as("warehouse", "keeper-north", siteA).get("/api/v1/coordination-orders/" + coordination).then().statusCode(200);
        as("agent", "agent-north", siteB, siteA).get("/api/v1/coordination-orders/" + coordination + "/timeline").then().statusCode(200);
        as("agent", "agent-north", siteA).body(Map.of("reached", false)).post("/api/v1/callbacks/" + callback + "/attempts")
                .then().statusCode(200);
        assertThat(events(callback)).isEqualTo(callbackEvents + 1);
    }

    @Test
    void listsHoldOnlyTheTokensSitesAndAnotherSitesListIsA404() {
        Instant t0 = freshDay(clock);
        String siteA = site("east");
        String siteB = site("west");
        String orderA = coordinationOrder(siteA, t0);
        String orderB = coordinationOrder(siteB, t0);
        String paidA = archivedPaidOrder(siteA, t0);
        String paidB = archivedPaidOrder(siteB, t0);
        // A week without an entry: both coordination orders are on the overdue lists of their sites.
        ((ControllableClock) clock).set(t0.plus(Duration.ofDays(8)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orderIds(admin().queryParam("cadence", "WEEKLY_ENTRY")
                .get("/api/v1/coordination-orders/overdue"))).contains(orderA, orderB));

        Map<String, Map<String, Object>> lists = new java.util.LinkedHashMap<>();
        lists.put("/api/v1/coordination-orders", Map.of());
        lists.put("/api/v1/coordination-orders?status", Map.of("status", "OPEN"));
        lists.put("/api/v1/coordination-orders?trackerId", Map.of("trackerId", "tech-zhang"));
        lists.put("/api/v1/coordination-orders/overdue", Map.of());
        lists.put("/api/v1/coordination-orders/overdue?cadence", Map.of("cadence", "WEEKLY_ENTRY"));
        lists.put("/api/v1/callbacks", Map.of());
        lists.put("/api/v1/retention", Map.of());
        for (Map.Entry<String, Map<String, Object>> list : lists.entrySet()) {
            String path = list.getKey().replaceAll("\\?.*", "");
            String what = list.getKey();
            String mine = path.startsWith("/api/v1/coordination-orders") ? orderB : paidB;
            String theirs = path.startsWith("/api/v1/coordination-orders") ? orderA : paidA;
            List<String> west = orderIds(as("team-leader", "leader-west", siteB).queryParams(list.getValue()).get(path));
            assertThat(west).as(what).contains(mine).doesNotContain(orderA, paidA);
            List<String> westFiltered = orderIds(as("team-leader", "leader-west", siteB).queryParams(list.getValue())
                    .queryParam("siteId", siteB).get(path));
            assertThat(westFiltered).as(what).contains(mine).doesNotContain(orderA, paidA);
            assertThat(orderIds(as("team-leader", "leader-east", siteA).queryParams(list.getValue()).get(path))).as(what)
                    .contains(theirs).doesNotContain(orderB, paidB);
            // Asking for another site's list is a 404 for that site, as for a site that does not exist.
            Response other = as("team-leader", "leader-west", siteB).queryParams(list.getValue()).queryParam("siteId", siteA).get(path);
            assertThat(other.statusCode()).as(what).isEqualTo(404);
            assertThat(other.contentType()).as(what).startsWith("application/problem+json");
            assertThat(other.jsonPath().getString("detail")).as(what).isEqualTo("site " + siteA + " does not exist");
            // A company-wide token sees both sites.
            assertThat(orderIds(admin().queryParams(list.getValue()).get(path))).as(what).contains(mine, theirs);
        }
        // Another site's order, asked for by id on the retention list: nothing, as for a missing order.
        assertThat(orderIds(as("agent", "agent-west", siteB).queryParam("orderId", paidA).get("/api/v1/retention"))).isEmpty();
        assertThat(orderIds(as("agent", "agent-west", siteB).queryParam("orderId", orderA).get("/api/v1/retention"))).isEmpty();
        assertThat(orderIds(as("agent", "agent-east", siteA).queryParam("orderId", paidA).get("/api/v1/retention"))).containsOnly(paidA);
        // A token without any site sees no rows.
        String noSites = doorstep.testing.TestTokens.issuer().sign(doorstep.testing.TestTokens.issuer().claims("nobody",
                List.of("admin"), List.of("*"), Instant.now(), Instant.now().plusSeconds(600)).claim("sites", null).build());
        assertThat(orderIds(io.restassured.RestAssured.given().header("Authorization", "Bearer " + noSites)
                .get("/api/v1/coordination-orders"))).isEmpty();
    }
}
