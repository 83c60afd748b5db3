package doorstep.platform.relay;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.kafka.KafkaTopics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs the service's {@link OutboxRelay} for the application's lifetime. */
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
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> dbPassword;

    @Inject
    KafkaTopics topics;

    private OutboxRelay relay;
    private Producer<String, byte[]> producer;
    private Thread thread;

    void onStart(@Observes StartupEvent ignored) {
        if (enabled) {
            topics.ensureTopics();
            start(null);
        }
    }

    /** Starts a relay; a hook lets tests stop it between send and mark. */
    public synchronized OutboxRelay start(OutboxRelay.AfterSend afterSend) {
        stop();
        producer = createProducer();
        relay = new OutboxRelay(service, EventEnvelope.topicOf(service), this::openConnection, producer,
                pollInterval, batchSize, afterSend);
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
        }
    }

    public synchronized Optional<OutboxRelay> current() {
        return Optional.ofNullable(relay);
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

    private Producer<String, byte[]> createProducer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "doorstep-" + service + "-relay");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }
}
