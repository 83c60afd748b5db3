package doorstep.billing.api;

import static doorstep.billing.api.BillingTestSupport.assign;
import static doorstep.billing.api.BillingTestSupport.assignedTechnician;
import static doorstep.billing.api.BillingTestSupport.dispatchEvent;
import static doorstep.billing.api.BillingTestSupport.freshDay;
import static doorstep.billing.api.BillingTestSupport.openedOrder;
import static doorstep.billing.api.BillingTestSupport.publishSchedule;
import static doorstep.billing.api.BillingTestSupport.unassignedOrder;
import static doorstep.billing.api.BillingTestSupport.workCompleted;
import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, "a technician changes only orders assigned to them", in billing: billing learns the
 * assignment from dispatch's TechnicianAssigned on the real topic; a technician of the order's site
 * who is not its assigned technician gets 403 on quotes, the owner's acceptance or decline and
 * payments, and nothing is written; a reassignment moves the right; other roles are unaffected.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class AssignedTechnicianTest {

    private static final Map<String, Object> QUOTE = Map.of("plannedServices", List.of("S-BULB"));
    private static final Map<String, Object> ACCEPTANCE = Map.of("signatureRef", "sig-owner");
    private static final Map<String, Object> DECLINE = Map.of("reason", "太贵");
    private static final Map<String, Object> PAYMENT = Map.of("method", "CASH", "amountFen", 500, "payer", "王");

    @Inject
    Clock clock;
    @Inject
    EventStore store;
    @Inject
    EntityManager em;

    private List<EventEnvelope> events(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(orderId));
    }

    private static String site() {
        return "site-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Response post(String user, String site, String path, Map<String, Object> body) {
        return as("technician", user, site).body(body).post(path);
    }

    private static void assertRefused(Response r, String why) {
        r.then().statusCode(403).contentType("application/problem+json").body("title", equalTo("Not allowed"));
        assertThat(r.jsonPath().getString("detail")).endsWith(why);
    }

    @Test
    void onlyTheAssignedTechnicianQuotesRecordsTheOwnersAnswerAndTakesPaymentOthersOfTheSiteGet403AndNothingIsWritten() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String site = site();
        String order = openedOrder(site, "tech-1");
        String bill = "/api/v1/bills/" + order;

        assertRefused(post("tech-2", site, bill + "/quotes", QUOTE), "dispatch order " + order + " is assigned to another technician");
        assertThat(events(order)).as("no bill started by another technician").isEmpty();

        String quoteId = post("tech-1", site, bill + "/quotes", QUOTE).then().statusCode(201).extract().path("quoteId");
        assertRefused(post("tech-2", site, bill + "/quotes/" + quoteId + "/acceptance", ACCEPTANCE), "is assigned to another technician");
        assertRefused(post("tech-2", site, bill + "/quotes/" + quoteId + "/decline", DECLINE), "is assigned to another technician");
        assertThat(events(order)).extracting(EventEnvelope::type).containsExactly("QuoteIssued");
        post("tech-1", site, bill + "/quotes/" + quoteId + "/acceptance", ACCEPTANCE).then().statusCode(200)
                .body("quoteStatus", equalTo("ACCEPTED"));

        Instant start = now.minus(Duration.ofMinutes(30));
        dispatchEvent("WorkCompleted", order, 9, site, workCompleted(order, start, 10, true, "PRIVATE",
                "[{\"code\":\"S-BULB\",\"performedAt\":\"" + start.plusSeconds(60) + "\"}]", "[]"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get(bill).then().body("chargeTotalFen", equalTo(500)));

        int charged = events(order).size();
        assertRefused(post("tech-2", site, bill + "/payments", PAYMENT), "is assigned to another technician");
        assertThat(events(order)).as("no payment recorded by another technician").hasSize(charged);
        post("tech-1", site, bill + "/payments", PAYMENT).then().statusCode(200).body("balanceFen", equalTo(0));
        assertThat(events(order).get(charged).actor().id()).isEqualTo("tech-1");
    }

    @Test
    void beforeDispatchAssignsAnyoneNoTechnicianActsButTeamLeadersAndAgentsAreUnaffected() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String site = site();
        String order = unassignedOrder(site);
        String bill = "/api/v1/bills/" + order;
        assertThat(assignedTechnician(order)).isNull();

        assertRefused(post("tech-1", site, bill + "/quotes", QUOTE), "dispatch order " + order + " is assigned to no technician yet");
        assertThat(events(order)).isEmpty();

        String quoteId = as("team-leader", "leader-1", site).body(QUOTE).post(bill + "/quotes").then().statusCode(201)
                .extract().path("quoteId");
        as("team-leader", "leader-1", site).body(ACCEPTANCE).post(bill + "/quotes/" + quoteId + "/acceptance").then().statusCode(200);
        Instant start = now.minus(Duration.ofMinutes(30));
        dispatchEvent("WorkCompleted", order, 9, site, workCompleted(order, start, 10, true, "PRIVATE",
                "[{\"code\":\"S-BULB\",\"performedAt\":\"" + start.plusSeconds(60) + "\"}]", "[]"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get(bill).then().body("chargeTotalFen", equalTo(500)));
        assertRefused(post("tech-1", site, bill + "/payments", PAYMENT), "is assigned to no technician yet");
        as("agent", "agent-1", site).body(Map.of("method", "CASH", "amountFen", 200, "payer", "王")).post(bill + "/payments")
                .then().statusCode(200).body("balanceFen", equalTo(300));
        as("team-leader", "leader-1", site).body(Map.of("method", "CASH", "amountFen", 300, "payer", "王")).post(bill + "/payments")
                .then().statusCode(200).body("balanceFen", equalTo(0));
    }

    @Test
    void aReassignmentMovesTheRightAndAnOlderAssignmentReadLaterDoesNotMoveItBack() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String site = site();
        String order = openedOrder(site, "tech-1");
        String bill = "/api/v1/bills/" + order;
        String quoteId = post("tech-1", site, bill + "/quotes", QUOTE).then().statusCode(201).extract().path("quoteId");

        assign(order, 3, site, "tech-2", "tech-1");
        assertRefused(post("tech-1", site, bill + "/quotes/" + quoteId + "/decline", DECLINE), "is assigned to another technician");
        assertThat(events(order)).hasSize(1);
        post("tech-2", site, bill + "/quotes/" + quoteId + "/decline", DECLINE).then().statusCode(200)
                .body("quoteStatus", equalTo("DECLINED"));

        // The first assignment (stream version 2) arrives again as a new record, after the reassignment.
        EventEnvelope stale = dispatchEvent("TechnicianAssigned", order, 2, site, "{\"technicianId\":\"tech-1\",\"technicianName\":\"师傅\","
                + "\"previousTechnicianId\":null,\"assignedAt\":\"2026-11-30T01:05:00Z\",\"arrivalDueAt\":\"2026-11-30T02:05:00Z\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(stale));
        assertThat(assignedTechnician(order)).isEqualTo("tech-2");
        assertRefused(post("tech-1", site, bill + "/quotes", QUOTE), "is assigned to another technician");
        post("tech-2", site, bill + "/quotes", QUOTE).then().statusCode(201);
    }

    private boolean processed(EventEnvelope e) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from processed_event where consumer = 'billing-from-dispatch' and event_id = ?1")
                .setParameter(1, e.eventId()).getSingleResult()).intValue() == 1);
    }
}
