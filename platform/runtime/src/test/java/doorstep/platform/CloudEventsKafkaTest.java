package doorstep.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static doorstep.platform.PlatformTestSupport.asConsumed;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventsKafkaTest {

    private final EventEnvelope event = new EventEnvelope(UUID.randomUUID(), "intake", "ProblemReported", 1,
            "order-1", 3, 42, Instant.parse("2026-11-29T08:00:00Z"), "site-a", UUID.randomUUID(), UUID.randomUUID(),
            new Actor("agent-7", "agent"), "{\"content\":\"漏水\"}");

    @Test
    void binaryModeCarriesEveryAttributeInHeaders() {
        ProducerRecord<String, byte[]> record = CloudEventsKafka.toRecord("doorstep.intake.events", event);

        assertThat(record.key()).isEqualTo("order-1");
        assertThat(CloudEventsKafka.cloudEventHeaders(record.headers()))
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", event.eventId().toString())
                .containsEntry("ce_source", "/doorstep/intake")
                .containsEntry("ce_type", "doorstep.intake.ProblemReported.v1")
                .containsEntry("ce_subject", "order-1")
                .containsEntry("ce_time", "2026-11-29T08:00:00Z")
                .containsEntry("ce_streamversion", "3")
                .containsEntry("ce_actorid", "agent-7")
                .containsEntry("ce_actorrole", "agent")
                .containsEntry("ce_siteid", "site-a")
                .containsEntry("ce_streamid", "order-1")
                .containsEntry("content-type", "application/json");

        EventEnvelope read = CloudEventsKafka.fromRecord(asConsumed(record.key(), record.value(), record));
        assertThat(read).usingRecursiveComparison().ignoringFields("globalPosition").isEqualTo(event);
    }

    @Test
    void anAspectStreamIsKeyedAndSubjectedByItsOrder() {
        EventEnvelope callback = new EventEnvelope(UUID.randomUUID(), "followup", "CallbackScheduled", 1, "order-1/callback", 1, 7,
                Instant.parse("2026-11-29T08:00:00Z"), "site-a", UUID.randomUUID(), null, new Actor("followup-service", "system"), "{}");
        ProducerRecord<String, byte[]> record = CloudEventsKafka.toRecord("doorstep.followup.events", callback);
        assertThat(record.key()).isEqualTo("order-1");
        assertThat(CloudEventsKafka.header(record.headers(), "ce_subject")).isEqualTo("order-1");
        assertThat(CloudEventsKafka.header(record.headers(), "ce_streamid")).isEqualTo("order-1/callback");
        assertThat(CloudEventsKafka.fromRecord(asConsumed(record.key(), record.value(), record)).streamId()).isEqualTo("order-1/callback");
    }

    @Test
    void structuredModeIsReadToo() {
        byte[] structured = CloudEventsKafka.toStructured(event);
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, "order-1", structured);
        record.headers().add(headers.lastHeader("content-type"));

        EventEnvelope read = CloudEventsKafka.fromRecord(record);
        assertThat(read).usingRecursiveComparison().ignoringFields("globalPosition").isEqualTo(event);
    }

    @Test
    void recordsThatAreNotDoorstepEventsAreMalformed() {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>("t", 0, 0, "k", "not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CloudEventsKafka.fromRecord(garbage))
                .isInstanceOf(CloudEventsKafka.MalformedEvent.class)
                .hasMessageContaining("specversion");

        ProducerRecord<String, byte[]> good = CloudEventsKafka.toRecord("t", event);
        ConsumerRecord<String, byte[]> badData = asConsumed("k", "[1,2]".getBytes(StandardCharsets.UTF_8), good);
        assertThatThrownBy(() -> CloudEventsKafka.fromRecord(badData))
                .isInstanceOf(CloudEventsKafka.MalformedEvent.class)
                .hasMessageContaining("not a JSON object");
    }
}
