package doorstep.platform;

import static doorstep.platform.PlatformTestSupport.TOPIC;
import static doorstep.platform.PlatformTestSupport.asConsumed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.testapp.TestApp;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.KafkaTopicReader;
import doorstep.testing.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class IdempotentConsumerTest {

    static final String DLQ = "doorstep.platformtest.events.platformtest-counter-log.dlq";

    @Inject
    TestApp.CounterLog counterLog;
    @Inject
    IdempotentConsumer consumer;
    @Inject
    EntityManager em;

    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        String stream = "counter-" + UUID.randomUUID();
        EventEnvelope event = event(stream, 1, 1);
        EventEnvelope marker = event(stream, 2, 1);
        send(CloudEventsKafka.toRecord(TOPIC, event));
        send(CloudEventsKafka.toRecord(TOPIC, event));
        send(CloudEventsKafka.toRecord(TOPIC, marker)); // same key: consumed after both copies

        await().atMost(Duration.ofSeconds(30)).until(() -> timesApplied(marker.eventId()) == 1);
        assertThat(timesApplied(event.eventId())).isEqualTo(1);
    }

    @Test
    void structuredCloudEventsAreConsumedToo() throws Exception {
        EventEnvelope event = event("counter-" + UUID.randomUUID(), 1, 3);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, event.streamId(), CloudEventsKafka.toStructured(event));
        record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        send(record);

        await().atMost(Duration.ofSeconds(30)).until(() -> timesApplied(event.eventId()) == 1);
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndConsumptionContinues() throws Exception {
        String key = "counter-" + UUID.randomUUID();
        byte[] poison = ("not an event " + key).getBytes(StandardCharsets.UTF_8);
        send(new ProducerRecord<>(TOPIC, key, poison));
        EventEnvelope after = event(key, 1, 1);
        send(CloudEventsKafka.toRecord(TOPIC, after));

        await().atMost(Duration.ofSeconds(30)).until(() -> timesApplied(after.eventId()) == 1);
        List<ConsumerRecord<String, byte[]>> dead = KafkaTopicReader.awaitRecords(DLQ, Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> key.equals(r.key())));
        ConsumerRecord<String, byte[]> deadLetter = dead.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("not an event " + key);
        assertThat(CloudEventsKafka.header(deadLetter.headers(), "dead-letter-reason")).contains("specversion");
    }

    @Test
    void aFailingEffectIsRetriedThenDeadLetteredWithNothingApplied() throws Exception {
        String key = "counter-" + UUID.randomUUID();
        EventEnvelope failing = event(key, 1, -1);
        EventEnvelope after = event(key, 2, 1);
        send(CloudEventsKafka.toRecord(TOPIC, failing));
        send(CloudEventsKafka.toRecord(TOPIC, after));

        await().atMost(Duration.ofSeconds(30)).until(() -> timesApplied(after.eventId()) == 1);
        List<ConsumerRecord<String, byte[]>> dead = KafkaTopicReader.awaitRecords(DLQ, Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> key.equals(r.key())));
        ConsumerRecord<String, byte[]> deadLetter = dead.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        assertThat(CloudEventsKafka.header(deadLetter.headers(), "ce_id")).isEqualTo(failing.eventId().toString());
        assertThat(CloudEventsKafka.header(deadLetter.headers(), "dead-letter-reason")).contains("negative increment");
        assertThat(timesApplied(failing.eventId())).isZero();
    }

    @Test
    void anEventMissingAFieldTheConsumerReadsIsDeadLetteredAtOnceWithTheFieldNamed() throws Exception {
        // given: a CounterIncremented whose data lacks "by", and one whose counterId is null
        String key = "counter-" + UUID.randomUUID();
        EventEnvelope missing = withPayload(event(key, 1, 1), "{\"counterId\":\"" + key + "\"}");
        EventEnvelope nulled = withPayload(event(key, 2, 1), "{\"counterId\":null,\"by\":2}");
        EventEnvelope after = event(key, 3, 1);
        // when
        send(CloudEventsKafka.toRecord(TOPIC, missing));
        send(CloudEventsKafka.toRecord(TOPIC, nulled));
        send(CloudEventsKafka.toRecord(TOPIC, after));
        // then: both go to the dead-letter topic with the reason, nothing of them applied, consumption goes on
        await().atMost(Duration.ofSeconds(30)).until(() -> timesApplied(after.eventId()) == 1);
        List<ConsumerRecord<String, byte[]>> dead = KafkaTopicReader.awaitRecords(DLQ, Duration.ofSeconds(30),
                records -> records.stream().filter(r -> key.equals(r.key())).count() == 2);
        Map<String, String> reasons = new java.util.HashMap<>();
        dead.stream().filter(r -> key.equals(r.key())).forEach(r ->
                reasons.put(CloudEventsKafka.header(r.headers(), "ce_id"), CloudEventsKafka.header(r.headers(), "dead-letter-reason")));
        assertThat(reasons.get(missing.eventId().toString()))
                .isEqualTo("doorstep.platformtest.CounterIncremented.v1 " + missing.eventId() + " breaks the contract: property 'by' is missing");
        assertThat(reasons.get(nulled.eventId().toString())).endsWith("breaks the contract: property 'counterId' is null");
        assertThat(timesApplied(missing.eventId()) + timesApplied(nulled.eventId())).isZero();
    }

    @Test
    void aVersionTheConsumerDoesNotReadIsAContractViolation() {
        EventEnvelope v2 = event("counter-" + UUID.randomUUID(), 1, 1);
        EventEnvelope later = new EventEnvelope(v2.eventId(), v2.service(), v2.type(), 2, v2.streamId(), v2.streamVersion(), 0,
                v2.occurredAt(), v2.siteId(), v2.correlationId(), null, v2.actor(), v2.payload());
        assertThatThrownBy(() -> counterLog.apply(later)).isInstanceOf(doorstep.platform.consumer.ContractViolation.class)
                .hasMessageEndingWith("version 2 is not one this consumer reads [1]");
    }

    private static EventEnvelope withPayload(EventEnvelope e, String payload) {
        return new EventEnvelope(e.eventId(), e.service(), e.type(), e.schemaVersion(), e.streamId(), e.streamVersion(), 0,
                e.occurredAt(), e.siteId(), e.correlationId(), null, e.actor(), payload);
    }

    @Test
    void aConsumerThatNamesItsTypesPassesOtherEventsByWithoutRecordingThem() {
        EventEnvelope event = event("counter-" + UUID.randomUUID(), 1, 1);
        ProducerRecord<String, byte[]> sent = CloudEventsKafka.toRecord(TOPIC, event);
        ConsumerRecord<String, byte[]> record = asConsumed(sent.key(), sent.value(), sent);
        List<UUID> applied = new java.util.ArrayList<>();

        assertThat(consumer.handle("type-filter-test", record, Set.of("SomethingElse"), e -> applied.add(e.eventId()))).isFalse();
        assertThat(applied).isEmpty();
        assertThat(processedBy("type-filter-test")).isZero();

        assertThat(consumer.handle("type-filter-test", record, Set.of("CounterIncremented"), e -> applied.add(e.eventId()))).isTrue();
        assertThat(consumer.handle("type-filter-test", record, Set.of("CounterIncremented"), e -> applied.add(e.eventId()))).isFalse();
        assertThat(applied).containsExactly(event.eventId());
        assertThat(processedBy("type-filter-test")).isEqualTo(1);

        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(TOPIC, 0, 0, "k", "not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> consumer.handle("type-filter-test", garbage, Set.of("SomethingElse"), e -> applied.add(e.eventId())))
                .isInstanceOf(CloudEventsKafka.MalformedEvent.class); // still dead-lettered, whatever the filter
    }

    private long processedBy(String consumerName) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from processed_event where consumer = ?1").setParameter(1, consumerName).getSingleResult()).longValue());
    }

    private long timesApplied(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(counterLog::log).stream()
                .filter(row -> eventId.toString().equals(row[0])).count();
    }

    private void send(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(record).get();
    }

    private static EventEnvelope event(String stream, long version, int by) {
        return new EventEnvelope(UUID.randomUUID(), "platformtest", "CounterIncremented", 1, stream, version, 0,
                Instant.now(), "site-a", UUID.randomUUID(), null, new Actor("tester", "admin"),
                "{\"counterId\":\"" + stream + "\",\"by\":" + by + "}");
    }
}
