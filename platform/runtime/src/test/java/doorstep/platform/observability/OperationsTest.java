package doorstep.platform.observability;

import static doorstep.testing.PrometheusText.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.relay.OutboxRelay;
import doorstep.platform.relay.OutboxRelayService;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.KafkaTopicReader;
import doorstep.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of a command's life: its metrics, its trace carried through the event's Kafka record
 * into the consumer's log lines, and readiness that drops while the relay cannot publish.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class OperationsTest {

    static final String TOPIC = "doorstep.platformtest.events";

    @Inject
    OutboxRelayService relays;
    @Inject
    StoreGauges gauges;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @AfterEach
    void normalRelay() {
        relays.start(null);
    }

    @Test
    void commandsAreCountedByOutcomeAndTheRelayAndConsumerCountWhatTheyDid() {
        String metrics = metrics();
        double ok = value(metrics, "doorstep_commands_seconds_count", "command=\"CounterResource.increment\",outcome=\"ok\"");
        double rejected = value(metrics, "doorstep_commands_seconds_count", "command=\"CounterResource.increment\",outcome=\"rejected\"");
        double published = value(metrics, "doorstep_relay_published_events_total", "");
        double processed = value(metrics, "doorstep_consumer_records_total", "consumer=\"counter-log\",outcome=\"processed\"");

        String counter = "c-" + UUID.randomUUID();
        increment(counter, 2).then().statusCode(200).header("X-Correlation-Id", org.hamcrest.Matchers.notNullValue());
        increment(counter, 3).then().statusCode(200);
        given().header("Authorization", TestTokens.bearer("agent", "agent-1", "*")).contentType("application/json")
                .body("{\"siteId\":\"site-1\",\"by\":1,\"unknownField\":1}")
                .post("/api/v1/counters/{id}/increments", counter).then().statusCode(400);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String now = metrics();
            assertThat(value(now, "doorstep_commands_seconds_count", "command=\"CounterResource.increment\",outcome=\"ok\"")).isEqualTo(ok + 2);
            assertThat(value(now, "doorstep_commands_seconds_count", "command=\"CounterResource.increment\",outcome=\"rejected\""))
                    .isEqualTo(rejected + 1);
            assertThat(value(now, "doorstep_relay_published_events_total", "")).isGreaterThanOrEqualTo(published + 2);
            assertThat(value(now, "doorstep_consumer_records_total", "consumer=\"counter-log\",outcome=\"processed\""))
                    .isGreaterThanOrEqualTo(processed + 2);
            assertThat(now).contains("doorstep_commands_seconds_bucket{command=\"CounterResource.increment\",outcome=\"ok\"");
            assertThat(now).contains("doorstep_consumer_lag_records{channel=\"counter-events\"}");
            assertThat(now).contains("doorstep_relay_active 1.0");
        });
    }

    @Test
    void anEventItsConsumerCannotApplyIsCountedAsDeadLettered() {
        String series = "doorstep_dead_letters_total{channel=\"counter-events\",topic=\"doorstep.platformtest.events.platformtest-counter-log.dlq\"}";
        String before = metrics();
        assertThat(before).as("registered when the channel starts").contains(series);
        double deadLettered = value(before, "doorstep_dead_letters_total", "channel=\"counter-events\"");

        increment("c-" + UUID.randomUUID(), -1).then().statusCode(200); // the test consumer refuses negative increments

        await().atMost(Duration.ofSeconds(30)).until(() ->
                value(metrics(), "doorstep_dead_letters_total", "channel=\"counter-events\"") == deadLettered + 1);
    }

    @Test
    void theOutboxBacklogGaugeShowsWhatTheRelayHasNotPublished() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            gauges.refresh();
            return value(metrics(), "doorstep_outbox_backlog_events", "") == 0;
        });
        relays.stop();
        String counter = "c-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            increment(counter, 1).then().statusCode(200);
        }
        gauges.refresh();
        String metrics = metrics();
        assertThat(value(metrics, "doorstep_outbox_backlog_events", "")).isEqualTo(3);
        assertThat(value(metrics, "doorstep_outbox_oldest_age_seconds", "")).as("the oldest has waited since it was recorded").isPositive();

        relays.start(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            gauges.refresh();
            return value(metrics(), "doorstep_outbox_backlog_events", "") == 0;
        });
    }

    @Test
    void aTraceGivenToACommandTravelsInTheEventsHeadersIntoTheConsumersLogLines() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String counter = "c-" + UUID.randomUUID();
        List<String> consumerTraceIds = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext && "counter-log".equals(ext.getMdc(LogContext.CONSUMER))
                        && counter.equals(ext.getMdc(LogContext.ORDER_ID))) {
                    consumerTraceIds.add(ext.getMdc("traceId"));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(IdempotentConsumer.class.getName());
        logger.addHandler(capture);
        try {
            given().header("Authorization", TestTokens.bearer("agent", "agent-1", "*")).contentType("application/json")
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .body(Map.of("siteId", "site-1", "by", 1))
                    .post("/api/v1/counters/{id}/increments", counter).then().statusCode(200);

            List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.awaitRecords(TOPIC, Duration.ofSeconds(30),
                    rs -> rs.stream().anyMatch(r -> counter.equals(r.key())));
            ConsumerRecord<String, byte[]> record = records.stream().filter(r -> counter.equals(r.key())).findFirst().orElseThrow();
            Header traceparent = record.headers().lastHeader(TraceContext.TRACEPARENT);
            assertThat(traceparent).as("the relay wrote the command's trace context into the record").isNotNull();
            assertThat(new String(traceparent.value(), StandardCharsets.US_ASCII)).startsWith("00-" + traceId + "-");

            await().atMost(Duration.ofSeconds(30)).until(() -> !consumerTraceIds.isEmpty());
            assertThat(consumerTraceIds).as("the consumer's log lines carry the same trace").containsOnly(traceId);
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void aRelayThatCannotPublishMakesTheServiceUnreadyButNotDead() {
        given().get("/q/health/ready").then().statusCode(200);
        relays.stop();
        increment("c-" + UUID.randomUUID(), 1).then().statusCode(200); // something to publish
        relays.start(batch -> {
            throw new IllegalStateException("broker refused the batch"); // every round fails after sending
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'outbox relay' }.status", org.hamcrest.Matchers.equalTo("DOWN")));
        given().get("/q/health/live").then().statusCode(200);
        assertThat(value(metrics(), "doorstep_relay_failures_total", "")).isPositive();

        relays.start(null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aFailingRelayKeepsItsLockSoItsReplicaStaysUnreadyWhileAnotherStandsBy() throws Exception {
        relays.stop();
        increment("c-" + UUID.randomUUID(), 1).then().statusCode(200); // something to publish
        MockProducer<String, byte[]> refusing = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        refusing.sendException = new org.apache.kafka.common.errors.TopicAuthorizationException("no Write on the topic");
        AtomicLong failures = new AtomicLong();
        OutboxRelay leader = relay(refusing, failures);
        Thread leaderThread = new Thread(leader, "failing-relay");
        leaderThread.start();
        await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
        OutboxRelay standby = relay(new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()), new AtomicLong());
        Thread standbyThread = new Thread(standby, "standby-relay");
        standbyThread.start();
        try {
            Instant standbyStarted = standby.lastProgress();
            await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() >= 5 && standby.lastProgress().isAfter(standbyStarted));

            assertThat(leader.isLeader()).as("the failing relay keeps the lock").isTrue();
            assertThat(standby.isLeader()).as("so the other replica never takes over and fails in turn").isFalse();
            assertThat(leader.lastProgress()).as("the leader made no progress; the standby did").isBefore(standby.lastProgress());
        } finally {
            leader.stop();
            standby.stop();
            leaderThread.join(10_000);
            standbyThread.join(10_000);
        }
    }

    private OutboxRelay relay(MockProducer<String, byte[]> producer, AtomicLong failures) {
        return new OutboxRelay("platformtest", TOPIC, () -> DriverManager.getConnection(jdbcUrl, dbUser, dbPassword), producer,
                Duration.ofMillis(100), 500, null, new AtomicLong(), failures, Clock.systemUTC());
    }

    private static io.restassured.response.Response increment(String counter, int by) {
        return given().header("Authorization", TestTokens.bearer("agent", "agent-1", "*")).contentType("application/json")
                .body(Map.of("siteId", "site-1", "by", by))
                .post("/api/v1/counters/{id}/increments", counter);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
