package doorstep.testing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes records to the test broker as another service would, and moves a controllable clock
 * to a fresh day. Shared by every service's tests.
 */
public final class TestEvents {

    private static KafkaProducer<String, byte[]> producer;

    private TestEvents() {
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Sends a record and waits for the broker's acknowledgement. */
    public static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    public static void send(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fresh id for things a test creates. */
    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Moves the application's clock (a {@code ControllableClock}, set with {@code setter}) a day past where it is,
     * just after the hour, so each test starts from a fresh, known time. The instant has sub-microsecond digits, as
     * the system clock's have (whole seconds hid a deadline that never fired on a real clock); it returns the time
     * as the application's clock reads it.
     */
    public static Instant freshDay(Clock clock, Function<Instant, ?> setter) {
        Instant start = clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS).plusNanos(SUB_MICROSECOND_DIGITS);
        setter.apply(start);
        return clock.instant();
    }

    /** 17.180780 ms: the fraction of a second found on a real clock, with digits below the microsecond. */
    public static final long SUB_MICROSECOND_DIGITS = 17_180_780;
}
