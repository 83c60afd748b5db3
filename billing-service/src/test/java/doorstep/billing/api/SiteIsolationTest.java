package doorstep.billing.api;

import static doorstep.billing.api.BillingTestSupport.dispatchEvent;
import static doorstep.billing.api.BillingTestSupport.freshDay;
import static doorstep.billing.api.BillingTestSupport.openedOrder;
import static doorstep.billing.api.BillingTestSupport.publishSchedule;
import static doorstep.billing.api.BillingTestSupport.workCompleted;
import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * OWASP API1 in billing (issue 11): a bill belongs to its dispatch order's site; a user of another
 * site gets exactly the 404 of a missing order on every bill route, and nothing is written; revenue
 * reports are of the caller's sites only; fee schedules and the warehouse catalogue are company-wide,
 * changed only with a company-wide token.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class SiteIsolationTest {

    @Inject
    Clock clock;
    @Inject
    EventStore store;

    private List<EventEnvelope> events(String streamId) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(streamId));
    }

    private static String site() {
        return "site-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** One bill route: who calls it (a role that may), and with which body. */
    private record Route(String method, String path, String role, Map<String, Object> body) {

        Response call(String orderId, String user, String... sites) {
            RequestSpecification r = as(role, user, sites);
            if (body != null) {
                r = r.body(body);
            }
            return r.request(method, path.replace("{orderId}", orderId));
        }
    }

    /** An order of {@code site} with an accepted quote, completed and charged 5 yuan, paid by its technician. */
    private String paidOrder(String site, Instant now) {
        String order = openedOrder(site, "tech-a");
        String quoteId = as("technician", "tech-a", site).body(Map.of("plannedServices", List.of("S-BULB")))
                .post("/api/v1/bills/" + order + "/quotes").then().statusCode(201).extract().path("quoteId");
        as("technician", "tech-a", site).body(Map.of("signatureRef", "sig-owner"))
                .post("/api/v1/bills/" + order + "/quotes/" + quoteId + "/acceptance").then().statusCode(200);
        Instant start = now.minus(Duration.ofMinutes(30));
        dispatchEvent("WorkCompleted", order, 9, site, workCompleted(order, start, 10, true, "PRIVATE",
                "[{\"code\":\"S-BULB\",\"performedAt\":\"" + start.plusSeconds(60) + "\"}]", "[]"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("agent", "agent-a", site).get("/api/v1/bills/" + order)
                .then().statusCode(200).body("chargeTotalFen", equalTo(500)));
        as("technician", "tech-a", site).body(Map.of("method", "CASH", "amountFen", 500, "payer", "王"))
                .post("/api/v1/bills/" + order + "/payments").then().statusCode(200).body("balanceFen", equalTo(0));
        return order;
    }

    @Test
    void anotherSitesBillIsAnsweredExactlyAsAMissingOneOnEveryRouteAndNothingIsWritten() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String siteA = site();
        String siteB = site();
        String order = openedOrder(siteA, "tech-a");
        String quoteId = as("technician", "tech-a", siteA).body(Map.of("plannedServices", List.of("S-BULB")))
                .post("/api/v1/bills/" + order + "/quotes").then().statusCode(201).extract().path("quoteId");
        int before = events(order).size();
        assertThat(before).isEqualTo(1);

        List<Route> routes = List.of(
                new Route("GET", "/api/v1/bills/{orderId}", "agent", null),
                new Route("GET", "/api/v1/bills/{orderId}/timeline", "supervisor", null),
                new Route("POST", "/api/v1/bills/{orderId}/quotes", "technician", Map.of("plannedServices", List.of("S-BULB"))),
                new Route("POST", "/api/v1/bills/{orderId}/quotes/" + quoteId + "/acceptance", "technician",
                        Map.of("signatureRef", "sig-forged")),
                new Route("POST", "/api/v1/bills/{orderId}/quotes/" + quoteId + "/decline", "team-leader", Map.of("reason", "太贵")),
                new Route("POST", "/api/v1/bills/{orderId}/payments", "agent", Map.of("method", "CASH", "amountFen", 100, "payer", "王")),
                new Route("POST", "/api/v1/bills/{orderId}/adjustments", "team-leader", Map.of("amountFen", -100, "reason", "减免")),
                new Route("POST", "/api/v1/bills/{orderId}/refunds", "team-leader", Map.of("amountFen", 100, "reason", "退回")));
        String missing = "missing-" + UUID.randomUUID();
        for (Route route : routes) {
            String name = route.method() + " " + route.path();
            Response other = route.call(order, "user-b", siteB);
            Response absent = route.call(missing, "user-b", siteB);
            assertThat(other.statusCode()).as(name).isEqualTo(404);
            assertThat(absent.statusCode()).as(name + " (missing order)").isEqualTo(404);
            assertThat(other.contentType()).as(name).startsWith("application/problem+json");
            assertThat(other.jsonPath().getString("title")).as(name).isEqualTo(absent.jsonPath().getString("title"));
            assertThat(other.jsonPath().getString("detail")).as(name)
                    .isEqualTo(absent.jsonPath().getString("detail").replace(missing, order));
            assertThat(other.asString()).as(name).doesNotContain(siteA).doesNotContain("tech-a");
        }
        assertThat(events(order)).as("nothing written by another site's users").hasSize(before);

        // The order's own site, a user of several sites including it, and a company-wide user do see it.
        as("agent", "agent-a", siteA).get("/api/v1/bills/" + order).then().statusCode(200).body("siteId", equalTo(siteA));
        as("agent", "agent-ab", siteB, siteA).get("/api/v1/bills/" + order).then().statusCode(200);
        admin().get("/api/v1/bills/" + order).then().statusCode(200);
        // and may act on it
        as("technician", "tech-a", siteA).body(Map.of("signatureRef", "sig-owner"))
                .post("/api/v1/bills/" + order + "/quotes/" + quoteId + "/acceptance").then().statusCode(200)
                .body("quoteStatus", equalTo("ACCEPTED"));
    }

    @Test
    void theFirstCommandOnAnotherSitesOrderCreatesNoBill() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String siteA = site();
        String order = openedOrder(siteA, "tech-a");
        as("technician", "tech-b", site()).body(Map.of("plannedServices", List.of("S-BULB")))
                .post("/api/v1/bills/" + order + "/quotes").then().statusCode(404).contentType("application/problem+json");
        assertThat(events(order)).isEmpty();
        admin().get("/api/v1/bills/" + order).then().statusCode(200).body("quoteId", equalTo(null)).body("version", equalTo(0));
    }

    @Test
    void revenueReportsAreOfTheCallersSitesOnly() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String siteA = site();
        String siteB = site();
        paidOrder(siteA, now);
        String month = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai")).toString().substring(0, 7);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("team-leader", "leader-a", siteA)
                .queryParam("siteId", siteA).queryParam("month", month).get("/api/v1/reports/revenue").then().statusCode(200)
                .body("chargedFen", equalTo(500)).body("paidFen", equalTo(500)));
        // Site B's own report holds none of site A's money.
        as("team-leader", "leader-b", siteB).queryParam("siteId", siteB).queryParam("month", month).get("/api/v1/reports/revenue")
                .then().statusCode(200).body("chargedFen", equalTo(0)).body("paidFen", equalTo(0))
                .body("byTechnician.size()", equalTo(0));
        // Site A's report for a user of site B: the 404 of a site that does not exist.
        Response other = as("team-leader", "leader-b", siteB).queryParam("siteId", siteA).queryParam("month", month)
                .get("/api/v1/reports/revenue");
        Response absent = as("team-leader", "leader-b", siteB).queryParam("siteId", "site-nowhere").queryParam("month", month)
                .get("/api/v1/reports/revenue");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(other.jsonPath().getString("title")).isEqualTo(absent.jsonPath().getString("title"));
        assertThat(other.jsonPath().getString("detail")).isEqualTo(absent.jsonPath().getString("detail").replace("site-nowhere", siteA));
        // A report is of one site: it has to be named.
        as("team-leader", "leader-b", siteB).queryParam("month", month).get("/api/v1/reports/revenue").then().statusCode(400)
                .body("errors[0].field", equalTo("siteId"));
    }

    @Test
    void theAuditTrailRecordsTheTokensUserAndRoleAndTheOrdersSiteAndTheTimelineShowsThem() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String siteA = site();
        String order = paidOrder(siteA, now);
        List<EventEnvelope> recorded = events(order);
        EventEnvelope quote = recorded.stream().filter(e -> e.type().equals("QuoteIssued")).findFirst().orElseThrow();
        EventEnvelope payment = recorded.stream().filter(e -> e.type().equals("PaymentRecorded")).findFirst().orElseThrow();
        assertThat(quote.actor().id()).isEqualTo("tech-a");
        assertThat(quote.actor().role()).isEqualTo("technician");
        assertThat(payment.actor().id()).isEqualTo("tech-a");
        assertThat(payment.actor().role()).isEqualTo("technician");
        assertThat(payment.siteId()).isEqualTo(siteA);
        // The bill's timeline shows them, billing's own reaction (the charge) as the service.
        as("supervisor", "supervisor-a", siteA).get("/api/v1/bills/" + order + "/timeline").then().statusCode(200)
                .body("items.type", org.hamcrest.Matchers.contains("QuoteIssued", "QuoteAccepted", "ChargeRaised", "PaymentRecorded"))
                .body("items.actor.id", org.hamcrest.Matchers.contains("tech-a", "tech-a", "billing-service", "tech-a"))
                .body("items.actor[3].role", equalTo("technician"))
                .body("items.data[3].amountFen", equalTo(500));
    }

    @Test
    void feeSchedulesAndTheWarehouseCatalogueAreChangedOnlyWithACompanyWideToken() {
        Instant now = freshDay(clock);
        String siteA = site();
        Map<String, Object> schedule = Map.of("effectiveFrom", now.toString(), "items",
                List.of(Map.of("code", "S-BULB", "name", "更换灯泡", "category", "SERVICE", "unit", "PER_JOB", "priceFen", 600)));
        long eventsBefore = QuarkusTransaction.requiringNew().call(store::count);
        as("admin", "site-admin", siteA).body(schedule).post("/api/v1/fee-schedules").then().statusCode(403)
                .contentType("application/problem+json");
        assertThat(QuarkusTransaction.requiringNew().call(store::count)).isEqualTo(eventsBefore);

        int draft = admin().body(schedule).post("/api/v1/fee-schedules").then().statusCode(201).extract().path("version");
        int missing = draft + 1000;
        for (String suffix : List.of("/revision", "/activation")) {
            Response other = as("admin", "site-admin", siteA).body(schedule).post("/api/v1/fee-schedules/" + draft + suffix);
            Response absent = as("admin", "site-admin", siteA).body(schedule).post("/api/v1/fee-schedules/" + missing + suffix);
            // Company-wide data, readable by all: a site-scoped admin may not change it (403); a missing version is 404.
            assertThat(other.statusCode()).as(suffix).isEqualTo(403);
            assertThat(other.jsonPath().getString("detail")).as(suffix).contains("company-wide");
            assertThat(absent.statusCode()).as(suffix).isEqualTo(404);
        }
        assertThat(events("fee-schedule-v" + draft)).hasSize(1);
        admin().get("/api/v1/fee-schedules/" + draft).then().statusCode(200).body("status", equalTo("DRAFT"));

        String code = "W-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        as("warehouse", "keeper-a", siteA).body(Map.of("name", "角阀", "inboundPriceFen", 100))
                .put("/api/v1/warehouse-materials/" + code).then().statusCode(403).contentType("application/problem+json");
        assertThat(admin().get("/api/v1/warehouse-materials").then().statusCode(200).extract().jsonPath().getList("code"))
                .doesNotContain(code);
        as("warehouse", "keeper-hq").body(Map.of("name", "角阀", "inboundPriceFen", 100))
                .put("/api/v1/warehouse-materials/" + code).then().statusCode(200);
        as("technician", "tech-a", siteA).get("/api/v1/warehouse-materials").then().statusCode(200)
                .body("find { it.code == '" + code + "' }.inboundPriceFen", equalTo(100));
    }
}
