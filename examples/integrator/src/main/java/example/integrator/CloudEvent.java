package example.integrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One CloudEvent 1.0 as read from a Kafka record, in binary mode ({@code ce_*} headers, the value is the
 * data) or structured mode ({@code content-type: application/cloudevents+json}, the value is the whole
 * event with the data under {@code data}).
 *
 * @param id         {@code id}: unique per event; a record delivered twice has the same id
 * @param type       {@code type}, e.g. {@code doorstep.dispatch.WorkCompleted.v1}
 * @param subject    {@code subject}: the order id (also the record key), or {@code fee-schedule-v<N>}, {@code calendar}
 * @param time       {@code time}: when it happened, an ISO-8601 instant in UTC, as sent
 * @param dataSchema {@code dataschema}: the URN of the data's JSON Schema, null when absent
 * @param actorId    Doorstep's {@code actorid} extension: who did it, null when absent
 * @param actorRole  Doorstep's {@code actorrole} extension, null when absent
 * @param data       the event's data, a JSON object
 */
public record CloudEvent(String id, String type, String subject, String time, String dataSchema,
                         String actorId, String actorRole, JsonNode data) {

    /** The structured mode's content type. */
    public static final String STRUCTURED = "application/cloudevents+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record is not a CloudEvent this reader understands; the message says why. */
    public static final class NotACloudEvent extends Exception {
        NotACloudEvent(String message) {
            super(message);
        }
    }

    /**
     * Reads a record in either mode.
     *
     * @throws NotACloudEvent when a required attribute ({@code specversion} 1.0, {@code id}, {@code type},
     *                        {@code time}) is missing, or the data is not a JSON object
     */
    public static CloudEvent from(ConsumerRecord<String, byte[]> record) throws NotACloudEvent {
        String contentType = header(record, "content-type");
        if (contentType != null && contentType.startsWith(STRUCTURED)) {
            JsonNode event = json(record.value());
            return of(text(event, "specversion"), text(event, "id"), text(event, "type"),
                    orElse(text(event, "subject"), record.key()), text(event, "time"), text(event, "dataschema"),
                    text(event, "actorid"), text(event, "actorrole"), () -> event.get("data"));
        }
        return of(header(record, "ce_specversion"), header(record, "ce_id"), header(record, "ce_type"),
                orElse(header(record, "ce_subject"), record.key()), header(record, "ce_time"), header(record, "ce_dataschema"),
                header(record, "ce_actorid"), header(record, "ce_actorrole"), () -> json(record.value()));
    }

    /** The data, read once the attributes are known to be there. */
    private interface Data {
        JsonNode read() throws NotACloudEvent;
    }

    private static CloudEvent of(String specVersion, String id, String type, String subject, String time, String dataSchema,
                                 String actorId, String actorRole, Data dataSource) throws NotACloudEvent {
        if (!"1.0".equals(specVersion)) {
            throw new NotACloudEvent("specversion is " + specVersion + ", not 1.0");
        }
        for (String[] attribute : new String[][] {{"id", id}, {"type", type}, {"time", time}}) {
            if (attribute[1] == null || attribute[1].isBlank()) {
                throw new NotACloudEvent("no " + attribute[0]);
            }
        }
        JsonNode data = dataSource.read();
        if (data == null || !data.isObject()) {
            throw new NotACloudEvent("the data is not a JSON object");
        }
        return new CloudEvent(id, type, subject, time, dataSchema, actorId, actorRole, data);
    }

    private static JsonNode json(byte[] value) throws NotACloudEvent {
        if (value == null) {
            throw new NotACloudEvent("the record has no value");
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.isObject()) {
                throw new NotACloudEvent("the value is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new NotACloudEvent("the value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new NotACloudEvent("the value could not be read: " + e.getMessage());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
