package doorstep.platform.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Maps envelopes to Kafka records as CloudEvents 1.0 in binary mode ({@code ce_*} headers, the
 * JSON payload as the value) and reads them back in binary or structured mode
 * ({@code content-type: application/cloudevents+json}).
 *
 * <p>{@code dataschema} names the JSON Schema of the data ({@link EventEnvelope#dataSchema()}).
 *
 * <p>Doorstep extension attributes (lower-case, as the CloudEvents spec requires):
 * {@code streamid} (the aggregate's stream; the subject is the order), {@code streamversion},
 * {@code correlationid}, {@code causationid}, {@code actorid}, {@code actorrole}, {@code siteid}.
 */
public final class CloudEventsKafka {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";
    public static final String STRUCTURED = "application/cloudevents+json";

    private static final Pattern TYPE = Pattern.compile("doorstep\\.([a-z]+)\\.([A-Za-z]+)\\.v(\\d+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CloudEventsKafka() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, EventEnvelope e) {
        Headers h = new RecordHeaders();
        put(h, "ce_specversion", SPEC_VERSION);
        put(h, "ce_id", e.eventId().toString());
        put(h, "ce_source", e.source());
        put(h, "ce_type", e.cloudEventType());
        put(h, "ce_subject", e.subject());
        put(h, "ce_time", e.occurredAt().toString());
        put(h, CONTENT_TYPE, JSON);
        put(h, "ce_dataschema", e.dataSchema());
        put(h, "ce_streamid", e.streamId());
        put(h, "ce_streamversion", Long.toString(e.streamVersion()));
        put(h, "ce_correlationid", e.correlationId().toString());
        if (e.causationId() != null) {
            put(h, "ce_causationid", e.causationId().toString());
        }
        put(h, "ce_actorid", e.actor().id());
        put(h, "ce_actorrole", e.actor().role());
        if (e.siteId() != null) {
            put(h, "ce_siteid", e.siteId());
        }
        return new ProducerRecord<>(topic, null, e.subject(), e.payload().getBytes(StandardCharsets.UTF_8), h);
    }

    /**
     * The event name of a binary-mode Doorstep CloudEvent from its {@code ce_type} header alone
     * (e.g. {@code WorkCompleted}), without reading the data; null when the record does not say
     * (structured mode, or not a CloudEvent), so that {@link #fromRecord} must judge it.
     */
    public static String eventName(ConsumerRecord<String, byte[]> record) {
        String type = header(record.headers(), "ce_type");
        if (type == null) {
            return null;
        }
        Matcher m = TYPE.matcher(type);
        return m.matches() ? m.group(2) : null;
    }

    /**
     * Reads a record in either CloudEvents mode.
     *
     * @throws MalformedEvent when the record is not a Doorstep CloudEvent (a poison message)
     */
    public static EventEnvelope fromRecord(ConsumerRecord<String, byte[]> record) {
        String contentType = header(record.headers(), CONTENT_TYPE);
        if (contentType != null && contentType.startsWith(STRUCTURED)) {
            return fromStructured(record.value());
        }
        Headers h = record.headers();
        String payload = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        return build(
                required(header(h, "ce_specversion"), "specversion"),
                required(header(h, "ce_id"), "id"),
                required(header(h, "ce_type"), "type"),
                required(header(h, "ce_subject"), "subject"),
                header(h, "ce_streamid"),
                required(header(h, "ce_time"), "time"),
                header(h, "ce_streamversion"),
                header(h, "ce_correlationid"),
                header(h, "ce_causationid"),
                header(h, "ce_actorid"),
                header(h, "ce_actorrole"),
                header(h, "ce_siteid"),
                validJson(payload));
    }

    private static EventEnvelope fromStructured(byte[] value) {
        JsonNode ce;
        try {
            ce = value == null ? null : MAPPER.readTree(value);
        } catch (IOException e) {
            throw new MalformedEvent("structured CloudEvent is not JSON: " + e.getMessage());
        }
        if (ce == null || !ce.isObject()) {
            throw new MalformedEvent("structured CloudEvent is not a JSON object");
        }
        JsonNode data = ce.get("data");
        if (data == null || data.isNull()) {
            throw new MalformedEvent("structured CloudEvent has no data");
        }
        return build(
                text(ce, "specversion"), text(ce, "id"), text(ce, "type"), text(ce, "subject"), text(ce, "streamid"), text(ce, "time"),
                text(ce, "streamversion"), text(ce, "correlationid"), text(ce, "causationid"),
                text(ce, "actorid"), text(ce, "actorrole"), text(ce, "siteid"),
                data.toString());
    }

    /** The structured-mode form of an envelope, for integrators and tests that want one JSON document. */
    public static byte[] toStructured(EventEnvelope e) {
        ObjectNode ce = MAPPER.createObjectNode();
        ce.put("specversion", SPEC_VERSION);
        ce.put("id", e.eventId().toString());
        ce.put("source", e.source());
        ce.put("type", e.cloudEventType());
        ce.put("subject", e.subject());
        ce.put("streamid", e.streamId());
        ce.put("time", e.occurredAt().toString());
        ce.put("datacontenttype", JSON);
        ce.put("dataschema", e.dataSchema());
        ce.put("streamversion", Long.toString(e.streamVersion()));
        ce.put("correlationid", e.correlationId().toString());
        if (e.causationId() != null) {
            ce.put("causationid", e.causationId().toString());
        }
        ce.put("actorid", e.actor().id());
        ce.put("actorrole", e.actor().role());
        if (e.siteId() != null) {
            ce.put("siteid", e.siteId());
        }
        try {
            ce.set("data", MAPPER.readTree(e.payload()));
            return MAPPER.writeValueAsBytes(ce);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static EventEnvelope build(String specVersion, String id, String type, String subject, String streamId, String time,
                                       String streamVersion, String correlationId, String causationId,
                                       String actorId, String actorRole, String siteId, String payload) {
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEvent("unsupported CloudEvents specversion " + specVersion);
        }
        Matcher m = TYPE.matcher(required(type, "type"));
        if (!m.matches()) {
            throw new MalformedEvent("not a Doorstep event type: " + type);
        }
        try {
            UUID eventId = UUID.fromString(required(id, "id"));
            return new EventEnvelope(
                    eventId,
                    m.group(1),
                    m.group(2),
                    Integer.parseInt(m.group(3)),
                    streamId != null && streamId.startsWith(required(subject, "subject")) ? streamId : subject,
                    streamVersion == null ? 0 : Long.parseLong(streamVersion),
                    0,
                    Instant.parse(required(time, "time")),
                    siteId,
                    correlationId == null ? eventId : UUID.fromString(correlationId),
                    causationId == null ? null : UUID.fromString(causationId),
                    new Actor(actorId == null ? "unknown" : actorId, actorRole == null ? "unknown" : actorRole),
                    required(payload, "data"));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEvent("malformed CloudEvent attribute: " + e.getMessage());
        }
    }

    private static String validJson(String payload) {
        if (payload == null) {
            throw new MalformedEvent("CloudEvent has no data");
        }
        try {
            JsonNode node = MAPPER.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new MalformedEvent("CloudEvent data is not a JSON object");
            }
        } catch (IOException e) {
            throw new MalformedEvent("CloudEvent data is not JSON: " + e.getMessage());
        }
        return payload;
    }

    private static String required(String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new MalformedEvent("CloudEvent attribute '" + attribute + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public static String header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** All {@code ce_*} headers of a record, for diagnostics. */
    public static Map<String, String> cloudEventHeaders(Headers headers) {
        Map<String, String> result = new java.util.TreeMap<>();
        Iterator<Header> it = headers.iterator();
        while (it.hasNext()) {
            Header h = it.next();
            if (h.key().startsWith("ce_") || h.key().equals(CONTENT_TYPE)) {
                result.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return result;
    }

    /** A record that is not a readable Doorstep CloudEvent, or whose data a consumer cannot read: retrying cannot help. */
    public static class MalformedEvent extends RuntimeException {
        public MalformedEvent(String message) {
            super(message);
        }
    }
}
