package doorstep.testing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
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

    /**
     * Sends a record as its producer would and waits for the broker's acknowledgement. A Doorstep event (in binary
     * or structured mode) must match its producer's published schema ({@link PublishedEvents}, D50):
     * a test cannot feed a consumer what the producer could not publish. Personal values written in clear
     * where the schema says sealed are sealed with the application's cipher.
     *
     * @throws AssertionError when the event's data does not match the published schema
     */
    public static void send(ProducerRecord<String, byte[]> record) {
        sendUnchecked(asPublished(record));
    }

    /** Sends a record as it is, for a test of what a consumer does with a record no producer would publish. */
    public static void sendUnchecked(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    public static void send(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static final Pattern TYPE = Pattern.compile("doorstep\\.([a-z]+)\\.([A-Za-z]+)\\.v(\\d+)");

    /**
     * The record as {@link #send} sends it: a Doorstep event's data held to its producer's published schema, clear
     * personal values sealed; any other record unchanged.
     *
     * @throws AssertionError when the event's data does not match the published schema
     */
    public static ProducerRecord<String, byte[]> asPublished(ProducerRecord<String, byte[]> record) {
        Header contentType = record.headers().lastHeader("content-type");
        if (contentType != null && new String(contentType.value(), StandardCharsets.UTF_8).startsWith("application/cloudevents+json")) {
            return asPublishedStructured(record);
        }
        Header type = record.headers().lastHeader("ce_type");
        Header subject = record.headers().lastHeader("ce_subject");
        Matcher m = type == null ? null : TYPE.matcher(new String(type.value(), StandardCharsets.UTF_8));
        if (m == null || !m.matches()) {
            return record; // not a Doorstep event in binary mode: nothing to hold to a schema
        }
        if (subject == null || record.value() == null) {
            throw new AssertionError("a Doorstep event without subject or data, which no producer publishes; use sendUnchecked to "
                    + "test what a consumer does with one");
        }
        String data = PublishedEvents.data(m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                new String(subject.value(), StandardCharsets.UTF_8), new String(record.value(), StandardCharsets.UTF_8), applicationCipher());
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                data.getBytes(StandardCharsets.UTF_8), record.headers());
    }

    /** A structured-mode CloudEvent ({@code application/cloudevents+json}): its {@code data} held to the schema like binary mode's. */
    private static ProducerRecord<String, byte[]> asPublishedStructured(ProducerRecord<String, byte[]> record) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode event =
                    (com.fasterxml.jackson.databind.node.ObjectNode) STRUCTURED.readTree(record.value());
            Matcher m = TYPE.matcher(event.path("type").asText());
            if (!m.matches()) {
                return record;
            }
            if (!event.hasNonNull("subject") || !event.hasNonNull("data")) {
                throw new AssertionError("a Doorstep event without subject or data, which no producer publishes; use sendUnchecked to "
                        + "test what a consumer does with one");
            }
            String data = PublishedEvents.data(m.group(1), m.group(2), Integer.parseInt(m.group(3)), event.get("subject").asText(),
                    event.get("data").toString(), applicationCipher());
            event.set("data", STRUCTURED.readTree(data));
            return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                    STRUCTURED.writeValueAsBytes(event), record.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STRUCTURED = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The running application's {@code PersonalDataCipher#seal}, found by name: this module cannot depend on the
     * platform runtime (whose own tests use this one). Outside a running application a personal value cannot be
     * sealed, and a clear one where the schema says sealed fails the schema.
     */
    private static PublishedEvents.Sealer applicationCipher() {
        return (keyId, clearText) -> {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class<?> cipherType = Class.forName("doorstep.platform.personal.PersonalDataCipher", true, loader);
                Object container = Class.forName("io.quarkus.arc.Arc", true, loader).getMethod("container").invoke(null);
                if (container == null) {
                    return com.fasterxml.jackson.databind.node.TextNode.valueOf(clearText);
                }
                Object handle = Class.forName("io.quarkus.arc.ArcContainer", true, loader)
                        .getMethod("instance", Class.class, java.lang.annotation.Annotation[].class)
                        .invoke(container, cipherType, new java.lang.annotation.Annotation[0]);
                Object cipher = Class.forName("io.quarkus.arc.InstanceHandle", true, loader).getMethod("get").invoke(handle);
                return (com.fasterxml.jackson.databind.JsonNode) cipherType.getMethod("seal", String.class, String.class)
                        .invoke(cipher, keyId, clearText);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot seal a personal value of a test event", e);
            }
        };
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
