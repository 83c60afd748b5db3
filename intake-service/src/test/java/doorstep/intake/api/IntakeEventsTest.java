package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.intake.domain.ContactPhone;
import doorstep.intake.domain.ProblemReported;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventCatalog;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.EventSchemas;
import doorstep.testing.KafkaTopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What integrators see: CloudEvents on doorstep.intake.events whose data match the published schemas. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class IntakeEventsTest {

    static final String TOPIC = "doorstep.intake.events";

    @Inject
    EventCatalog catalog;
    @Inject
    ObjectMapper json;

    @Test
    void everyEventTypeHasASchema() {
        assertThat(catalog.types()).hasSize(5); // four of intake's, and the platform's PersonalDataErased
        for (EventCatalog.EventType type : catalog.types()) {
            assertThat(EventSchemas.exists("intake", type.name(), type.schemaVersion())).as(type.name()).isTrue();
        }
    }

    @Test
    void emittedEventsCarryCloudEventsHeadersAndMatchTheirSchemas() {
        String id = reportOrder(siteWithUnit()[1]);
        agent().header("X-Correlation-Id", "6f1c3a52-0c55-4d0a-9d43-7d1b7c1d2e3f")
                .body(Map.of("reporter", Map.of("name", "张", "phone", "+86 10 62345678 转 8012"), "warranty", true))
                .post("/api/v1/orders/" + id + "/amendment").then().statusCode(200);
        agent().body(Map.of("reason", "业主已自行修好")).post("/api/v1/orders/" + id + "/cancellation").then().statusCode(200);

        List<ConsumerRecord<String, byte[]>> ours = KafkaTopicReader.awaitRecords(TOPIC, Duration.ofSeconds(30),
                records -> records.stream().filter(r -> id.equals(r.key())).count() == 3)
                .stream().filter(r -> id.equals(r.key())).toList();

        assertThat(ours).extracting(r -> CloudEventsKafka.header(r.headers(), "ce_type")).containsExactly(
                "doorstep.intake.ProblemReported.v1", "doorstep.intake.OrderAmended.v1", "doorstep.intake.OrderCancelled.v1");
        for (ConsumerRecord<String, byte[]> r : ours) {
            Map<String, String> ce = CloudEventsKafka.cloudEventHeaders(r.headers());
            assertThat(ce).containsEntry("ce_specversion", "1.0").containsEntry("ce_source", "/doorstep/intake")
                    .containsEntry("ce_subject", id).containsEntry("content-type", "application/json")
                    .containsKeys("ce_id", "ce_time", "ce_streamversion", "ce_correlationid", "ce_actorid", "ce_actorrole", "ce_siteid");
            String type = ce.get("ce_type").split("\\.")[2];
            String payload = new String(r.value(), StandardCharsets.UTF_8);
            assertThat(EventSchemas.violations("intake", type, 1, payload)).as(type + " " + payload).isEmpty();
        }
        assertThat(CloudEventsKafka.header(ours.get(1).headers(), "ce_correlationid")).isEqualTo("6f1c3a52-0c55-4d0a-9d43-7d1b7c1d2e3f");
        assertThat(CloudEventsKafka.header(ours.get(2).headers(), "ce_streamversion")).isEqualTo("3");
    }

    @Test
    void eventsStoredBeforePhoneExtensionsExistedStayReadable() throws Exception {
        // given: a ProblemReported as intake wrote it before D40 (phones without an extension field)
        String old = "{\"orderId\":\"o-1\",\"orderNumber\":\"PG20261129-000001\",\"siteId\":\"s\",\"siteTimeZone\":\"Asia/Shanghai\","
                + "\"location\":{\"kind\":\"IN_UNIT\",\"unitId\":\"u\",\"unitLabel\":\"3栋-1202\",\"publicArea\":null},"
                + "\"legalOwner\":{\"name\":\"李四\",\"phones\":[{\"canonical\":\"13900001111\",\"kind\":\"MOBILE\",\"fallbackDial\":\"013900001111\"}]},"
                + "\"reporter\":{\"name\":\"王\",\"phone\":{\"canonical\":\"0755-86123456\",\"kind\":\"LANDLINE\",\"fallbackDial\":null}},"
                + "\"visitTime\":{\"asSoonAsPossible\":true,\"agreedAt\":null},\"content\":\"漏水\",\"channel\":\"CUSTOMER_CENTER\","
                + "\"reportingDepartment\":null,\"warranty\":false,\"reportedAt\":\"2026-11-29T02:00:00Z\",\"repeatOf\":null}";

        // then: with its personal values sealed, as published (D48), it still matches the published schema
        String sealed = "{\"keyId\":\"o-1\",\"encrypted\":\"AAECAwQFBgcICQoLDA0ODxAREhM=\"}";
        String published = old.replace("\"李四\"", sealed).replace("\"013900001111\"", sealed).replace("\"13900001111\"", sealed)
                .replace("\"王\"", sealed).replace("\"0755-86123456\"", sealed);
        assertThat(EventSchemas.violations("intake", "ProblemReported", 1, published)).isEmpty();
        // and intake reads it into today's event, with no extension
        ProblemReported event = json.readValue(old, ProblemReported.class);
        assertThat(event.reporter().phone()).isEqualTo(new ContactPhone("0755-86123456", PhoneNumber.Kind.LANDLINE, null, null));
        assertThat(event.legalOwner().phones().get(0).fallbackDial()).isEqualTo("013900001111");
        // and a wrong extension would not pass the schema
        assertThat(EventSchemas.violations("intake", "ProblemReported", 1, published.replace("\"fallbackDial\":null}", "\"fallbackDial\":null,\"extension\":\"8a\"}")))
                .isNotEmpty();
    }

    @Test
    void theSchemasRejectWhatTheyShould() {
        // A schema that accepted anything would make the test above meaningless.
        assertThat(EventSchemas.violations("intake", "OrderCancelled", 1, "{\"orderId\":\"o\",\"cancelledAt\":\"2026-11-29T00:00:00Z\"}"))
                .isNotEmpty();
        assertThat(EventSchemas.violations("intake", "ProblemReported", 1, "{\"orderId\":\"o\"}")).isNotEmpty();
        // A personal field is a sealed value (D48): encrypted or marked erased, nothing else of that shape.
        String amended = "{\"orderId\":\"o\",\"reporter\":{\"name\":%s,\"phone\":{\"canonical\":{\"keyId\":\"o\",\"erased\":true},"
                + "\"kind\":\"MOBILE\",\"fallbackDial\":null,\"extension\":null}},\"visitTime\":null,\"content\":null,\"warranty\":null,"
                + "\"amendedAt\":\"2026-11-30T00:00:00Z\"}";
        assertThat(EventSchemas.violations("intake", "OrderAmended", 1, amended.formatted("{\"keyId\":\"o\",\"encrypted\":\"AAAA\"}")))
                .isEmpty();
        assertThat(EventSchemas.violations("intake", "OrderAmended", 1, amended.formatted("{\"keyId\":\"o\",\"encrypted\":\"AAAA\",\"erased\":true}")))
                .isNotEmpty();
        assertThat(EventSchemas.violations("intake", "OrderAmended", 1, amended.formatted("{\"keyId\":\"o\",\"clear\":\"王\"}")))
                .isNotEmpty();
    }

    @Test
    void schemasAreServedToIntegrators() {
        io.restassured.RestAssured.given().get("/schemas/intake/ProblemReported.v1.json").then().statusCode(200)
                .body("title", org.hamcrest.Matchers.equalTo("doorstep.intake.ProblemReported.v1"));
    }
}
