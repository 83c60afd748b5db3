package doorstep.billing.api;

import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static doorstep.billing.api.BillingTestSupport.dispatchEvent;
import static doorstep.billing.api.BillingTestSupport.freshDay;
import static doorstep.billing.api.BillingTestSupport.openedOrder;
import static doorstep.billing.api.BillingTestSupport.publish;
import static doorstep.billing.api.BillingTestSupport.publishSchedule;
import static doorstep.billing.api.BillingTestSupport.workCompleted;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.EventSchemas;
import doorstep.testing.KafkaTopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A paid order from quote to payment, with dispatch's completion on the real topic. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class ChargingTest {

    @Inject
    Clock clock;
    @Inject
    EventStore store;

    private long count(String orderId, String type) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(orderId)).stream().filter(e -> e.type().equals(type)).count();
    }

    @Test
    void aPaidOrderFromQuoteToPaymentKeepsTheAcceptedQuotesPricesAndIsChargedOnce() {
        Instant now = freshDay(clock);
        int v1 = publishSchedule(now, 3000);
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String order = openedOrder(site);

        String quoteId = as("technician", "tech-1").body(Map.of("plannedServices", List.of("S-BULB", "S-TOILET"), "estimatedMinutes", 30))
                .post("/api/v1/bills/" + order + "/quotes").then().statusCode(201)
                .body("quoteTotalFen", equalTo(3000)).body("scheduleVersion", equalTo(v1))
                .extract().path("quoteId");
        as("technician", "tech-1").body(Map.of("signatureRef", "sig-owner")).post("/api/v1/bills/" + order + "/quotes/" + quoteId + "/acceptance")
                .then().statusCode(200).body("quoteStatus", equalTo("ACCEPTED"));

        // The schedule changes after acceptance: the toilet now costs 45 yuan.
        int v2 = publishSchedule(now.plusSeconds(1), 4500);
        assertThat(v2).isGreaterThan(v1);
        given().get("/api/v1/fee-schedules/current").then().body("version", equalTo(v1)); // v2 starts a second later
        ((doorstep.platform.time.ControllableClock) clock).advance(Duration.ofMinutes(1));
        given().get("/api/v1/fee-schedules/current").then().body("version", equalTo(v2));

        Instant start = now.minus(Duration.ofMinutes(40));
        EventEnvelope completed = dispatchEvent("WorkCompleted", order, 9, site, workCompleted(order, start, 25, true, "PRIVATE",
                "[{\"code\":\"S-BULB\",\"performedAt\":\"" + start.plusSeconds(300) + "\"},{\"code\":\"S-TOILET\",\"performedAt\":\""
                        + start.plusSeconds(900) + "\"}]",
                "[{\"code\":\"W-VALVE-15\",\"name\":\"角阀 DN15\",\"quantity\":1}]"));
        as("warehouse", "wh-1").body(Map.of("name", "角阀 DN15", "inboundPriceFen", 1234))
                .put("/api/v1/warehouse-materials/W-VALVE-15").then().statusCode(200);
        publish(completed); // redelivered, as after a relay crash

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/bills/" + order).then().statusCode(200)
                .body("chargeTotalFen", equalTo(3000 + 1600))); // toilet at v1's 30 yuan, bulb absorbed, valve 12.34 + 30% → 16.0
        admin().get("/api/v1/bills/" + order).then()
                .body("charge.scheduleVersion", equalTo(v1))
                .body("charge.absorbed[0].code", equalTo("S-BULB"))
                .body("charge.absorbed[0].chargedInstead", equalTo("S-TOILET"))
                .body("charge.lines.basis", contains("schedule v" + v1, "inbound 12.34 + 30% → 16.00"))
                .body("balanceFen", equalTo(4600));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> count(order, "ChargeRaised") == 1);

        as("technician", "tech-1").body(Map.of("method", "WECHAT_PAY", "amountFen", 4000, "payer", "李四"))
                .post("/api/v1/bills/" + order + "/payments").then().statusCode(200).body("balanceFen", equalTo(600));
        as("team-leader", "leader-1").body(Map.of("amountFen", -600, "reason", "工时较短,减免材料管理费"))
                .post("/api/v1/bills/" + order + "/adjustments").then().statusCode(200).body("balanceFen", equalTo(0));
        as("team-leader", "leader-1").body(Map.of("amountFen", 500, "reason", "多收退回"))
                .post("/api/v1/bills/" + order + "/refunds").then().statusCode(200).body("refundedFen", equalTo(500));

        String month = LocalDate.ofInstant(((doorstep.platform.time.ControllableClock) clock).instant(), ZoneId.of("Asia/Shanghai"))
                .toString().substring(0, 7);
        as("team-leader", "leader-1").queryParam("siteId", site).queryParam("month", month).get("/api/v1/reports/revenue").then().statusCode(200)
                .body("chargedFen", equalTo(4600)).body("adjustedFen", equalTo(-600)).body("paidFen", equalTo(4000))
                .body("refundedFen", equalTo(500)).body("netChargedFen", equalTo(4000)).body("netReceivedFen", equalTo(3500))
                .body("byTechnician[0].technicianId", equalTo("tech-1"));

        // Integrators (and dispatch) see the quote's acceptance on billing's topic, valid against its schema.
        var ours = KafkaTopicReader.awaitRecords("doorstep.billing.events", Duration.ofSeconds(30),
                rs -> rs.stream().anyMatch(r -> order.equals(r.key()) && "doorstep.billing.QuoteAccepted.v1".equals(
                        CloudEventsKafka.header(r.headers(), "ce_type")))).stream().filter(r -> order.equals(r.key())).toList();
        for (var r : ours) {
            String type = CloudEventsKafka.header(r.headers(), "ce_type").split("\\.")[2];
            assertThat(EventSchemas.violations("billing", type, 1, new String(r.value(), StandardCharsets.UTF_8))).as(type).isEmpty();
        }
    }

    @Test
    void commonPartsAreNotChargedAndSayWhy() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String order = openedOrder(site);
        dispatchEvent("WorkCompleted", order, 9, site, workCompleted(order, now.minusSeconds(3600), 20, false, "COMMON", "[]", "[]"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/bills/" + order).then().statusCode(200)
                .body("noChargeReason", equalTo("COMMON_PART")).body("balanceFen", equalTo(0)));
        as("technician", "tech-1").body(Map.of("method", "CASH", "amountFen", 100, "payer", "李四"))
                .post("/api/v1/bills/" + order + "/payments").then().statusCode(409).body("rule", equalTo("pay-no-more-than-owed"));
    }
}
