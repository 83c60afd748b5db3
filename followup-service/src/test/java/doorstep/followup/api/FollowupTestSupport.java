package doorstep.followup.api;

import static io.restassured.RestAssured.given;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.EventSchemas;
import doorstep.testing.TestEvents;

/** Publishes dispatch's events as dispatch would, and drives the followup API. */
final class FollowupTestSupport {


    private FollowupTestSupport() {
    }


    static Instant freshDay(Clock clock) {
        ControllableClock c = (ControllableClock) clock;
        return TestEvents.freshDay(c, t -> {
            c.set(t);
            return t;
        });
    }


    static EventEnvelope dispatch(String type, String orderId, long version, String siteId, String json) {
        EventEnvelope e = new EventEnvelope(UUID.randomUUID(), "dispatch", type, EventSchemas.currentVersion("dispatch", type), orderId,
                version, 0, Instant.now(), siteId,
                UUID.randomUUID(), null, new Actor("dispatch-service", "system"), json);
        publish(e);
        return e;
    }

    static void publish(EventEnvelope e) {
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.dispatch.events", e));
    }

    static void opened(String orderId, String siteId) {
        dispatch("DispatchOpened", orderId, 1, siteId, "{\"orderId\":\"" + orderId + "\",\"orderNumber\":\"PG20261130-000009\",\"siteId\":\""
                + siteId + "\",\"siteTimeZone\":\"Asia/Shanghai\",\"locationKind\":\"IN_UNIT\",\"unitId\":\"u-1\",\"unitLabel\":\"3栋-1202\","
                + "\"warranty\":false,\"agreedVisitAt\":null,\"content\":\"漏水\",\"reporterName\":\"王\",\"reporterPhone\":\"13812345678\","
                + "\"reportedAt\":\"2026-11-30T01:00:00Z\",\"reporterPhoneExtension\":null}");
        dispatch("TechnicianAssigned", orderId, 2, siteId, "{\"technicianId\":\"tech-zhang\",\"technicianName\":\"张师傅\","
                + "\"previousTechnicianId\":null,\"assignedAt\":\"2026-11-30T02:00:00Z\",\"arrivalDueAt\":\"2026-11-30T02:15:00Z\"}");
    }

    static EventEnvelope converted(String orderId, String siteId, Instant at) {
        return dispatch("ConvertedToCoordination", orderId, 5, siteId, "{\"rule\":\"IN_UNIT_SAME_DAY\",\"dueAt\":\"" + at + "\",\"at\":\"" + at + "\"}");
    }

    static Map<String, Object> entry(Instant trackedAt, String content) {
        return Map.of("trackedAt", trackedAt.toString(), "place", "3栋1202", "contactPerson", "李四", "contactMethod", "13900001111",
                "content", content, "opinions", "业主同意等待", "plan", "周五再联系厂家");
    }
}
