package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
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

/** Once dispatch assigns a technician (its event on the real topic), intake refuses amendments. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class DispatchReactionTest {

    @Test
    void anAssignmentByDispatchEndsAmendments() throws Exception {
        String[] site = siteWithUnit();
        String id = reportOrder(site[1]);
        EventEnvelope assigned = new EventEnvelope(UUID.randomUUID(), "dispatch", "TechnicianAssigned", 1, id, 2, 0, Instant.now(),
                site[0], UUID.randomUUID(), null, new Actor("agent-1", "agent"),
                "{\"technicianId\":\"tech-1\",\"technicianName\":\"张师傅\",\"previousTechnicianId\":null,"
                        + "\"assignedAt\":\"2026-11-30T02:00:00Z\",\"arrivalDueAt\":\"2026-11-30T02:15:00Z\"}");
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.dispatch.events", assigned));
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.dispatch.events", assigned)); // redelivered

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                agent().get("/api/v1/orders/" + id).then().body("status", equalTo("DISPATCHED")).body("version", equalTo(2)));
        agent().body(Map.of("content", "改一下")).post("/api/v1/orders/" + id + "/amendment").then().statusCode(409)
                .body("rule", equalTo("amend-only-before-dispatch")).body("currentState", equalTo("DISPATCHED"));
        agent().get("/api/v1/orders/" + id + "/timeline").then().body("items.type", org.hamcrest.Matchers.contains("ProblemReported", "OrderDispatched"))
                .body("items[1].causationId", equalTo(assigned.eventId().toString()));
    }
}
