package doorstep.followup.api;

import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static doorstep.followup.api.FollowupTestSupport.dispatch;
import static doorstep.followup.api.FollowupTestSupport.freshDay;
import static doorstep.followup.api.FollowupTestSupport.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.EventSchemas;
import doorstep.testing.KafkaTopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class CallbackApiTest {

    @Inject
    Clock clock;

    private String archivedPaidOrder(String site, Instant archivedAt, int rating) {
        String order = UUID.randomUUID().toString();
        opened(order, site);
        dispatch("SurveyRecorded", order, 5, site, "{\"paid\":true,\"part\":\"PRIVATE\",\"warranty\":false,\"notes\":null,\"at\":\"" + archivedAt + "\"}");
        dispatch("OwnerAccepted", order, 9, site, "{\"signatureRef\":\"sig\",\"rating\":" + rating + ",\"comment\":null,\"at\":\"" + archivedAt + "\"}");
        dispatch("Archived", order, 11, site, "{\"archivedBy\":\"agent-1\",\"at\":\"" + archivedAt + "\"}");
        return order;
    }

    @Test
    void aPaidOrderIsCalledBackAndAProblemThatCameBackIsRaisedForIntake() {
        Instant t0 = freshDay(clock);
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String order = archivedPaidOrder(site, t0, 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().queryParam("siteId", site).get("/api/v1/callbacks").then()
                .body("orderId", contains(order)).body("[0].reasons", contains("PAID", "LOW_RATING")));

        as("agent", "agent-2").body(Map.of("reached", false, "comment", "无人接听")).post("/api/v1/callbacks/" + order + "/attempts")
                .then().statusCode(200).body("attempts", equalTo(1)).body("status", equalTo("OPEN"));
        as("agent", "agent-2").body(Map.of("reached", true, "satisfaction", 2, "comment", "水管又漏了", "problemPersists", true))
                .post("/api/v1/callbacks/" + order + "/attempts").then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("repeatComplaint", equalTo(true));
        as("agent", "agent-2").body(Map.of("reached", true, "satisfaction", 5)).post("/api/v1/callbacks/" + order + "/attempts")
                .then().statusCode(409).body("rule", equalTo("callback-while-open"));
        as("technician", "t").body(Map.of("reached", false)).post("/api/v1/callbacks/" + order + "/attempts").then().statusCode(403);

        var records = KafkaTopicReader.awaitRecords("doorstep.followup.events", Duration.ofSeconds(30),
                rs -> rs.stream().anyMatch(r -> order.equals(r.key()) && "doorstep.followup.RepeatComplaintRaised.v1"
                        .equals(CloudEventsKafka.header(r.headers(), "ce_type")))).stream().filter(r -> order.equals(r.key())).toList();
        for (var r : records) {
            String type = CloudEventsKafka.header(r.headers(), "ce_type").split("\\.")[2];
            assertThat(CloudEventsKafka.header(r.headers(), "ce_subject")).isEqualTo(order);
            assertThat(EventSchemas.violations("followup", type, 1, new String(r.value(), StandardCharsets.UTF_8))).as(type).isEmpty();
        }
    }

    @Test
    void retentionOfAPaidOrderEndsTwoYearsAfterArchivingWithARetentionExpiredEvent() {
        Instant t0 = freshDay(clock);
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String order = archivedPaidOrder(site, t0, 5);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().queryParam("orderId", order).get("/api/v1/retention").then()
                .body("[0].recordKind", equalTo("PAID_DISPATCH_ORDER"))
                .body("[0].retainUntil", equalTo(t0.atZone(java.time.ZoneId.of("Asia/Shanghai")).plusYears(2).toInstant().toString())));

        ((ControllableClock) clock).set(t0.atZone(java.time.ZoneId.of("Asia/Shanghai")).plusYears(2).toInstant());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().queryParam("orderId", order).get("/api/v1/retention").then()
                .body("[0].expiredAt", org.hamcrest.Matchers.notNullValue()));
        var records = KafkaTopicReader.awaitRecords("doorstep.followup.events", Duration.ofSeconds(30),
                rs -> rs.stream().anyMatch(r -> order.equals(r.key()) && "doorstep.followup.RetentionExpired.v1"
                        .equals(CloudEventsKafka.header(r.headers(), "ce_type"))));
        assertThat(records).isNotEmpty();
        admin().queryParam("siteId", site).get("/api/v1/callbacks").then().body("orderId", hasItem(order));
    }
}
