package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.problemReported;
import static doorstep.dispatch.api.DispatchTestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.testing.Http;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Dispatch follows intake's events from the real topic, once each, whatever is redelivered. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class IntakeReactionTest {

    @Inject
    EventStore store;

    @Test
    void aReportedProblemOpensADispatchOrderOnceEvenWhenRedelivered() {
        String orderId = UUID.randomUUID().toString();
        EventEnvelope reported = publish("intake", "ProblemReported", orderId, 1, "site-r",
                problemReported(orderId, "site-r", "unit-1", true, "IN_UNIT"));
        publish(reported); // the same event again, as after a relay crash

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Http.admin().get("/api/v1/dispatches/" + orderId).then()
                .statusCode(200).body("dispatch.status", equalTo("OPEN")).body("dispatch.warranty", equalTo(true))
                .body("dispatch.unitLabel", equalTo("3栋-1202")));
        // a later event of the same order proves the duplicate was consumed before it
        publish("intake", "OrderAmended", orderId, 2, "site-r", "{\"orderId\":\"" + orderId + "\",\"reporter\":null,"
                + "\"visitTime\":null,\"content\":\"卫生间漏水\",\"warranty\":null,\"amendedAt\":\"2026-11-30T02:00:00Z\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Http.admin().get("/api/v1/dispatches/" + orderId).then()
                .body("dispatch.content", equalTo("卫生间漏水")));

        var events = store.load(orderId);
        assertThat(events).extracting(EventEnvelope::type).containsExactly("DispatchOpened", "DispatchDetailsUpdated");
        assertThat(events.get(0).causationId()).isEqualTo(reported.eventId());
        assertThat(events.get(0).correlationId()).isEqualTo(reported.correlationId());
        assertThat(events.get(0).actor().role()).isEqualTo("system");
    }

    @Test
    void theReportersPhoneExtensionIsShownApartFromTheNumberForTheTechnician() {
        // given: intake's report of a phone with an extension (D40)
        String orderId = UUID.randomUUID().toString();
        String withExtension = problemReported(orderId, "site-r", "unit-1", false, "IN_UNIT").replace(
                "{\"canonical\":\"13812345678\",\"kind\":\"MOBILE\",\"fallbackDial\":\"013812345678\"}",
                "{\"canonical\":\"028-87654321\",\"kind\":\"LANDLINE\",\"fallbackDial\":null,\"extension\":\"8012\"}");
        assertThat(withExtension).contains("\"extension\":\"8012\"");
        publish("intake", "ProblemReported", orderId, 1, "site-r", withExtension);

        // then: the technician dials the number, then the extension
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Http.admin().get("/api/v1/dispatches/" + orderId).then()
                .statusCode(200).body("dispatch.reporterPhone", equalTo("028-87654321"))
                .body("dispatch.reporterPhoneExtension", equalTo("8012")));

        // when: the phone is corrected to one without an extension, the old extension goes with it
        publish("intake", "OrderAmended", orderId, 2, "site-r", "{\"orderId\":\"" + orderId + "\",\"reporter\":{\"name\":\"王\","
                + "\"phone\":{\"canonical\":\"13912345678\",\"kind\":\"MOBILE\",\"fallbackDial\":\"013912345678\",\"extension\":null}},"
                + "\"visitTime\":null,\"content\":null,\"warranty\":null,\"amendedAt\":\"2026-11-30T02:00:00Z\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Http.admin().get("/api/v1/dispatches/" + orderId).then()
                .body("dispatch.reporterPhone", equalTo("13912345678"))
                .body("dispatch.reporterPhoneExtension", org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void aCancelledReportWithdrawsTheDispatchOrder() {
        String orderId = UUID.randomUUID().toString();
        publish("intake", "ProblemReported", orderId, 1, "site-r", problemReported(orderId, "site-r", null, false, "PUBLIC_AREA"));
        publish("intake", "OrderCancelled", orderId, 2, "site-r",
                "{\"orderId\":\"" + orderId + "\",\"reason\":\"重复报事\",\"cancelledAt\":\"2026-11-30T02:00:00Z\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Http.admin().get("/api/v1/dispatches/" + orderId).then()
                .statusCode(200).body("dispatch.status", equalTo("WITHDRAWN")).body("dispatch.locationKind", equalTo("PUBLIC_AREA")));
    }
}
