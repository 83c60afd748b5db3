package doorstep.platform.relay;

import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.kafka.KafkaClients;
import doorstep.platform.kafka.KafkaTopics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the service's {@link OutboxRelay} for the application's lifetime. Its producer takes the shared
 * {@code kafka.*} settings ({@link KafkaClients}). Metrics: {@code doorstep_relay_published_events_total},
 * {@code doorstep_relay_failures_total}, {@code doorstep_relay_active} (1 on the replica holding the lock).
 */
@ApplicationScoped
public class OutboxRelayService {

    @ConfigProperty(name = "doorstep.service.name")
    String service;
    @ConfigProperty(name = "doorstep.relay.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "doorstep.relay.poll-interval", defaultValue = "PT0.5S")
    Duration pollInterval;
    @ConfigProperty(name = "doorstep.relay.batch-size", defaultValue = "500")
    int batchSize;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> dbPassword;

    @Inject
    KafkaTopics topics;
    @Inject
    KafkaClients clients;
    @Inject
    MeterRegistry registry;

    private volatile OutboxRelay relay;
    private volatile Thread thread;
    private Producer<String, byte[]> producer;
    /** Shared by the relays this service runs in turn (tests restart them), so the counters never go down. */
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    void onStart(@Observes StartupEvent ignored) {
        FunctionCounter.builder("doorstep.relay.published.events", published, AtomicLong::get)
                .description("Events the outbox relay published and saw acknowledged by Kafka").register(registry);
        FunctionCounter.builder("doorstep.relay.failures", failures, AtomicLong::get)
                .description("Outbox relay rounds that failed (database or Kafka unreachable, a send not acknowledged)")
                .register(registry);
        Gauge.builder("doorstep.relay.active", this, s -> s.current().map(r -> r.isLeader() ? 1.0 : 0.0).orElse(0.0))
                .description("1 on the replica whose outbox relay holds the service's lock and publishes").register(registry);
        if (enabled) {
            topics.ensureTopics();
            start(null);
        }
    }

    /** Starts a relay; a hook lets tests stop it between send and mark. */
    public synchronized OutboxRelay start(OutboxRelay.AfterSend afterSend) {
        stop();
        producer = new KafkaProducer<>(clients.producer(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "doorstep-" + service + "-relay",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000, // a send waiting for metadata fails the round instead of blocking a minute
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
        relay = new OutboxRelay(service, EventEnvelope.topicOf(service), this::openConnection, producer,
                pollInterval, batchSize, afterSend, published, failures, Clock.systemUTC());
        thread = new Thread(relay, "outbox-relay-" + service);
        thread.setDaemon(true);
        thread.start();
        return relay;
    }

    public synchronized void stop() {
        if (relay != null) {
            relay.stop();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(5));
            relay = null;
            thread = null;
        }
    }

    /** The running relay (never waits for a start or a stop in progress: read by health checks and scrapes). */
    public Optional<OutboxRelay> current() {
        return Optional.ofNullable(relay);
    }

    /** @return whether the current relay's thread is running */
    public boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** @return whether this service runs a relay at all ({@code doorstep.relay.enabled}) */
    public boolean enabled() {
        return enabled;
    }

    void onCommit(@Observes EventStore.EventsCommitted committed) {
        OutboxRelay r = relay;
        if (r != null) {
            r.wake();
        }
    }

    void shutdown(@Observes ShutdownEvent ignored) {
        stop();
    }

    private java.sql.Connection openConnection() throws java.sql.SQLException {
        return DriverManager.getConnection(jdbcUrl, dbUser.orElse(null), dbPassword.orElse(null));
    }
}
