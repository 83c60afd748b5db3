package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A repeat complaint from followup's callback becomes one new report, even when redelivered. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class FollowupReactionTest {

    @Test
    void aRepeatComplaintIsReportedAgainOnceForTheSamePlaceAndReporter() throws Exception {
        String[] site = siteWithUnit();
        String original = reportOrder(site[1]);
        String originalNumber = agent().get("/api/v1/orders/" + original).then().extract().path("number");
        EventEnvelope complaint = new EventEnvelope(UUID.randomUUID(), "followup", "RepeatComplaintRaised", 1, original + "/callback", 3, 0,
                Instant.now(), site[0], UUID.randomUUID(), null, new Actor("agent-2", "agent"),
                "{\"orderId\":\"" + original + "\",\"content\":\"水管又漏了\",\"at\":\"2026-12-01T02:00:00Z\"}");
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.followup.events", complaint));
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.followup.events", complaint));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> agent().queryParam("siteId", site[0]).get("/api/v1/orders").then()
                .body("items.size()", equalTo(2)));
        List<Map<String, Object>> items = agent().queryParam("siteId", site[0]).get("/api/v1/orders").then().extract().path("items");
        String repeat = (String) items.get(0).get("id");
        agent().get("/api/v1/orders/" + repeat).then()
                .body("content", startsWith("回访复诉(原单 " + originalNumber + ")"))
                .body("location.unitId", equalTo(site[1]))
                .body("reporter.name", equalTo("王"));
        agent().get("/api/v1/orders/" + repeat + "/timeline").then().body("items[0].data.repeatOf", equalTo(original))
                .body("items[0].causationId", equalTo(complaint.eventId().toString()));
    }
}
