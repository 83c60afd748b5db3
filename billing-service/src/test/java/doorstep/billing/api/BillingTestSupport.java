package doorstep.billing.api;

import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.TestEvents;

/** Publishes dispatch's events as dispatch would, and drives the billing API. */
final class BillingTestSupport {


    private BillingTestSupport() {
    }


    static Instant freshDay(Clock clock) {
        ControllableClock c = (ControllableClock) clock;
        return TestEvents.freshDay(c, t -> {
            c.set(t);
            return t;
        });
    }

    /** Drafts and activates a schedule effective now: bulb 5 yuan, toilet 30 yuan per job, labour 40 per 30 min, LED bulb 15. */
    static int publishSchedule(Instant effectiveFrom, long toiletFen) {
        List<Map<String, Object>> items = List.of(
                Map.of("code", "S-BULB", "name", "更换灯泡", "category", "SERVICE", "unit", "PER_JOB", "priceFen", 500),
                Map.of("code", "S-TOILET", "name", "疏通马桶", "category", "SERVICE", "unit", "PER_JOB", "priceFen", toiletFen),
                Map.of("code", "S-LABOUR", "name", "水电维修工时", "category", "SERVICE", "unit", "PER_30_MINUTES", "priceFen", 4000),
                Map.of("code", "M-BULB", "name", "LED灯泡 9W", "category", "MATERIAL", "unit", "PER_PIECE", "priceFen", 1500));
        int version = as("admin", "admin-1").body(Map.of("effectiveFrom", effectiveFrom.toString(), "items", items))
                .post("/api/v1/fee-schedules").then().statusCode(201).extract().path("version");
        as("admin", "admin-1").post("/api/v1/fee-schedules/" + version + "/activation").then().statusCode(200);
        return version;
    }


    static EventEnvelope dispatchEvent(String type, String orderId, long version, String siteId, String json) {
        EventEnvelope e = new EventEnvelope(UUID.randomUUID(), "dispatch", type, 1, orderId, version, 0, Instant.now(), siteId,
                UUID.randomUUID(), null, new Actor("tech-1", "technician"), json);
        publish(e);
        return e;
    }

    static void publish(EventEnvelope e) {
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.dispatch.events", e));
    }

    /** Dispatch opened an order at a site and assigned it to {@code tech-1}; waits until billing knows both. */
    static String openedOrder(String siteId) {
        return openedOrder(siteId, "tech-1");
    }

    /** Dispatch opened an order at a site and assigned it to {@code technician}; waits until billing knows both. */
    static String openedOrder(String siteId, String technician) {
        String orderId = unassignedOrder(siteId);
        assign(orderId, 2, siteId, technician, null);
        return orderId;
    }

    /**
     * Dispatch (re)assigned the order to {@code technician} (TechnicianAssigned.v1 at stream version
     * {@code version}); waits until billing knows the order is theirs.
     */
    static void assign(String orderId, long version, String siteId, String technician, String previous) {
        dispatchEvent("TechnicianAssigned", orderId, version, siteId, "{\"technicianId\":\"" + technician
                + "\",\"technicianName\":\"师傅\",\"previousTechnicianId\":" + (previous == null ? "null" : "\"" + previous + "\"")
                + ",\"assignedAt\":\"2026-11-30T01:05:00Z\",\"arrivalDueAt\":\"2026-11-30T02:05:00Z\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> technician.equals(assignedTechnician(orderId)));
    }

    /** The technician the bill says the order is assigned to (null: none yet). */
    static String assignedTechnician(String orderId) {
        return admin().get("/api/v1/bills/" + orderId).then().statusCode(200).extract().path("assignedTechnicianId");
    }

    /** Dispatch opened an order at a site, assigned to no technician yet; waits until billing knows it. */
    static String unassignedOrder(String siteId) {
        String orderId = UUID.randomUUID().toString();
        dispatchEvent("DispatchOpened", orderId, 1, siteId, "{\"orderId\":\"" + orderId + "\",\"orderNumber\":\"PG1\",\"siteId\":\""
                + siteId + "\",\"siteTimeZone\":\"Asia/Shanghai\",\"locationKind\":\"IN_UNIT\",\"unitId\":\"u-1\",\"unitLabel\":\"3栋-1202\","
                + "\"warranty\":false,\"agreedVisitAt\":null,\"content\":\"灯不亮,马桶堵\",\"reporterName\":\"王\","
                + "\"reporterPhone\":\"13812345678\",\"reportedAt\":\"2026-11-30T01:00:00Z\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/bills/" + orderId).statusCode() == 200);
        return orderId;
    }

    /** dispatch's WorkCompleted.v1 for work in one visit of {@code minutes} from {@code start}. */
    static String workCompleted(String orderId, Instant start, int minutes, boolean paid, String part, String servicesJson,
                                String materialsJson) {
        Instant end = start.plus(Duration.ofMinutes(minutes));
        return "{\"result\":\"完成\",\"serviceItems\":" + servicesJson + ",\"materialsUsed\":" + materialsJson
                + ",\"technicianSignatureRef\":\"sig\",\"handlingSeconds\":" + minutes * 60 + ",\"visits\":[{\"startedAt\":\"" + start
                + "\",\"endedAt\":\"" + end + "\"}],\"technicianId\":\"tech-1\",\"paid\":" + paid + ",\"part\":\"" + part
                + "\",\"warranty\":false,\"checks\":{\"siteCleaned\":true,\"testedAndDemonstrated\":true,\"useExplained\":true,"
                + "\"skippedReason\":null},\"at\":\"" + end + "\",\"reviewAndArchiveDueAt\":\"" + end.plus(Duration.ofHours(12)) + "\"}";
    }
}
