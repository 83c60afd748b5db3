package doorstep.dispatch.api;

import static doorstep.testing.Http.as;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import doorstep.testing.Http;
import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.TestEvents;
import io.restassured.specification.RequestSpecification;

/** Publishes intake's and billing's events as those services would, and drives the dispatch API. */
final class DispatchTestSupport {


    private DispatchTestSupport() {
    }


    static EventEnvelope publish(String service, String type, String orderId, long version, String siteId, String json) {
        EventEnvelope e = new EventEnvelope(UUID.randomUUID(), service, type, 1, orderId, version, 0, Instant.now(), siteId,
                UUID.randomUUID(), null, new Actor(service.equals("intake") ? "agent-1" : "billing-service",
                service.equals("intake") ? "agent" : "system"), json);
        publish(e);
        return e;
    }

    static void publish(EventEnvelope e) {
        TestEvents.send(CloudEventsKafka.toRecord(EventEnvelope.topicOf(e.service()), e));
    }

    /** intake's ProblemReported.v1, as its schema describes it. */
    static String problemReported(String orderId, String siteId, String unitId, boolean warranty, String kind) {
        String location = kind.equals("IN_UNIT")
                ? "{\"kind\":\"IN_UNIT\",\"unitId\":\"" + unitId + "\",\"unitLabel\":\"3栋-1202\",\"publicArea\":null}"
                : "{\"kind\":\"PUBLIC_AREA\",\"unitId\":null,\"unitLabel\":null,\"publicArea\":\"3栋大堂\"}";
        return "{\"orderId\":\"" + orderId + "\",\"orderNumber\":\"PG20261130-000001\",\"siteId\":\"" + siteId + "\","
                + "\"siteTimeZone\":\"Asia/Shanghai\",\"location\":" + location + ",\"legalOwner\":null,"
                + "\"reporter\":{\"name\":\"王\",\"phone\":{\"canonical\":\"13812345678\",\"kind\":\"MOBILE\",\"fallbackDial\":\"013812345678\"}},"
                + "\"visitTime\":{\"asSoonAsPossible\":true,\"agreedAt\":null},\"content\":\"厨房水管漏水\",\"channel\":\"CUSTOMER_CENTER\","
                + "\"reportingDepartment\":null,\"warranty\":" + warranty + ",\"reportedAt\":\"" + Instant.now() + "\",\"repeatOf\":null}";
    }

    /** Reports an order through intake's topic and waits until dispatch has opened it. */
    static String reportedOrder(String siteId, String unitId) {
        String orderId = UUID.randomUUID().toString();
        publish("intake", "ProblemReported", orderId, 1, siteId, problemReported(orderId, siteId, unitId, false, "IN_UNIT"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.admin().get("/api/v1/dispatches/" + orderId).statusCode() == 200);
        return orderId;
    }

    static String newSiteWithTechnicians(String... technicianIds) {
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        for (String t : technicianIds) {
            as("admin", "ops-1").body(Map.of("id", t, "siteId", site, "name", "师傅" + t.substring(t.length() - 2), "skills", List.of("水电")))
                    .post("/api/v1/technicians").then().statusCode(201);
        }
        return site;
    }

    static String technicianId() {
        return "tech-" + UUID.randomUUID().toString().substring(0, 8);
    }


    static RequestSpecification agent() {
        return as("agent", "agent-1");
    }

    static RequestSpecification technician(String id) {
        return as("technician", id);
    }

    /** 三到位 and precautions told, all done: what a completion records. */
    static final Map<String, Object> ALL_CHECKS = Map.of("siteCleaned", true, "testedAndDemonstrated", true, "useExplained", true);

    static RequestSpecification leader() {
        return as("team-leader", "leader-1");
    }

    /** Moves the service's clock a day past wherever it is, so each test starts from a fresh, known time. */
    static Instant freshDay(Clock clock) {
        ControllableClock c = (ControllableClock) clock;
        return TestEvents.freshDay(c, t -> {
            c.set(t);
            return t;
        });
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
