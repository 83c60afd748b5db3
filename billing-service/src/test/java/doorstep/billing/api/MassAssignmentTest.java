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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * OWASP API3 in billing (issue 11): a read-only or unknown field in a command body (a bill's balance,
 * a quote's total, a schedule's status or version, a site) is refused with 400 naming it, and nothing
 * is written; the same body without it is accepted.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class MassAssignmentTest {

    @Inject
    Clock clock;
    @Inject
    EventStore store;

    private long events() {
        return QuarkusTransaction.requiringNew().call(store::count);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> m = new HashMap<>(body);
        m.put(field, value);
        return m;
    }

    /** Sends {@code body} plus each forged field in turn: 400 naming it, nothing written; then the honest body. */
    private void refusesEachForgedField(String method, String path, RequestSpecification honest,
                                        Supplier<RequestSpecification> as, Map<String, Object> body, Map<String, Object> forged,
                                        int acceptedStatus) {
        for (Map.Entry<String, Object> f : forged.entrySet()) {
            long before = events();
            as.get().body(with(body, f.getKey(), f.getValue())).request(method, path).then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(f.getKey()));
            assertThat(events()).as(method + " " + path + " with " + f.getKey()).isEqualTo(before);
        }
        honest.body(body).request(method, path).then().statusCode(acceptedStatus);
    }

    @Test
    void billCommandsRefuseReadOnlyFieldsNamingThem() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String order = openedOrder(site);
        String bill = "/api/v1/bills/" + order;

        refusesEachForgedField("POST", bill + "/quotes", as("technician", "tech-1", site), () -> as("technician", "tech-1", site),
                Map.of("plannedServices", List.of("S-BULB")),
                Map.of("quoteTotalFen", 1, "quoteStatus", "ACCEPTED", "siteId", "site-elsewhere", "version", 7, "id", "quote-mine"), 201);
        String quoteId = admin().get(bill).then().extract().path("quoteId");
        refusesEachForgedField("POST", bill + "/quotes/" + quoteId + "/acceptance", as("technician", "tech-1", site),
                () -> as("technician", "tech-1", site), Map.of("signatureRef", "sig-owner"),
                Map.of("status", "ACCEPTED", "quoteTotalFen", 0), 200);
        Instant start = now.minus(Duration.ofMinutes(30));
        dispatchEvent("WorkCompleted", order, 9, site, workCompleted(order, start, 10, true, "PRIVATE",
                "[{\"code\":\"S-BULB\",\"performedAt\":\"" + start.plusSeconds(60) + "\"}]", "[]"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get(bill).then().body("chargeTotalFen", equalTo(500)));
        refusesEachForgedField("POST", bill + "/adjustments", as("team-leader", "leader-1", site),
                () -> as("team-leader", "leader-1", site), Map.of("amountFen", 100, "reason", "加收"),
                Map.of("balanceFen", 0, "paidFen", 100, "siteId", "site-elsewhere"), 200);
        refusesEachForgedField("POST", bill + "/payments", as("agent", "agent-1", site), () -> as("agent", "agent-1", site),
                Map.of("method", "CASH", "amountFen", 100, "payer", "王"),
                Map.of("balanceFen", 0, "status", "PAID", "actorId", "someone-else", "version", 1), 200);
        admin().get(bill).then().body("paidFen", equalTo(100)).body("adjustedFen", equalTo(100)).body("balanceFen", equalTo(500)).body("quoteStatus", equalTo("ACCEPTED"));
    }

    @Test
    void scheduleAndCatalogueBodiesRefuseReadOnlyFieldsNamingThem() {
        Instant now = freshDay(clock);
        Map<String, Object> schedule = Map.of("effectiveFrom", now.toString(), "items",
                List.of(Map.of("code", "S-BULB", "name", "更换灯泡", "category", "SERVICE", "unit", "PER_JOB", "priceFen", 500)));
        refusesEachForgedField("POST", "/api/v1/fee-schedules", admin(), () -> admin(), schedule,
                Map.of("status", "ACTIVE", "version", 1, "activatedAt", now.toString()), 201);
        admin().body(with(schedule, "items", List.of(Map.of("code", "S-BULB", "name", "更换灯泡", "category", "SERVICE",
                        "unit", "PER_JOB", "priceFen", 500, "status", "ACTIVE"))))
                .post("/api/v1/fee-schedules").then().statusCode(400).body("errors[0].field", equalTo("items[0].status"));

        String code = "W-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        as("warehouse", "wh-1").body(Map.of("name", "角阀", "inboundPriceFen", 100, "code", "W-OTHER"))
                .put("/api/v1/warehouse-materials/" + code).then().statusCode(400).body("errors[0].field", equalTo("code"));
        as("warehouse", "wh-1").body(Map.of("name", "角阀", "inboundPriceFen", 100, "unitPriceFen", 1))
                .put("/api/v1/warehouse-materials/" + code).then().statusCode(400).body("errors[0].field", equalTo("unitPriceFen"));
        assertThat(admin().get("/api/v1/warehouse-materials").then().extract().jsonPath().getList("code")).doesNotContain(code);
    }
}
