package example.integrator;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns the records of Doorstep's topics into one line each:
 * {@code time  order  type  actor  key facts}, e.g.
 * <pre>2026-11-29T02:10:00Z  PG20261129-000001  dispatch.OwnerAccepted.v1  tech-zhang(technician)  rating 5/5</pre>
 *
 * <p>What an integrator has to do besides reading: drop a record whose {@code id} was seen before (delivery is
 * at least once), validate the data against the schema its {@code dataschema} names, and remember each order's
 * number (派工单号) from the events that carry it ({@code ProblemReported}, {@code DispatchOpened}): the other
 * events name the order by id only, which is shown until the number is known. A record that is not a
 * CloudEvent, an event of a type or version no contract publishes, and data that does not match its schema each
 * give one line saying so. Not thread-safe: one consumer thread feeds it.
 */
public final class EventLines {

    /** How many event ids are remembered to drop duplicates (a redelivery comes soon after the original). */
    static final int REMEMBERED_IDS = 100_000;
    private static final int MAX_VIOLATIONS = 3;

    private final PublishedSchemas schemas;
    private final Map<String, String> orderNumbers = new HashMap<>();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };

    /** Lines checked against the given schemas. */
    public EventLines(PublishedSchemas schemas) {
        this.schemas = schemas;
    }

    /** The line for a record, or empty for a duplicate of an event already printed. */
    public Optional<String> lineFor(ConsumerRecord<String, byte[]> record) {
        CloudEvent event;
        try {
            event = CloudEvent.from(record);
        } catch (CloudEvent.NotACloudEvent e) {
            return Optional.of(line("-", record.key(), record.topic() + "@" + record.partition() + ":" + record.offset(), "-",
                    "NOT A CLOUDEVENT: " + e.getMessage()));
        }
        if (seen.put(event.id(), Boolean.TRUE) != null) {
            return Optional.empty();
        }
        String urn = schemas.urnOf(event);
        Optional<PublishedSchemas.Schema> schema = schemas.find(urn);
        String facts;
        if (schema.isEmpty()) {
            facts = "UNKNOWN type or version: no published schema " + (urn == null ? "named" : urn);
        } else {
            List<String> violations = schema.get().violations(event.data(), MAX_VIOLATIONS);
            if (violations.isEmpty()) {
                remember(event);
                facts = KeyFacts.of(event.type(), event.data(), schema.get().personalFields());
            } else {
                facts = "INVALID against " + urn + ": " + String.join("; ", violations);
            }
        }
        String actor = event.actorId() == null ? "-" : event.actorId() + (event.actorRole() == null ? "" : "(" + event.actorRole() + ")");
        return Optional.of(line(event.time(), orderNumbers.getOrDefault(event.subject(), event.subject()),
                event.type().startsWith("doorstep.") ? event.type().substring("doorstep.".length()) : event.type(), actor, facts));
    }

    /** Valid data that names the order's number: every later line of that order shows the number. */
    private void remember(CloudEvent event) {
        JsonNode number = event.data().get("orderNumber");
        JsonNode id = event.data().get("orderId");
        if (number != null && number.isTextual() && id != null && id.isTextual()) {
            orderNumbers.put(id.asText(), number.asText());
        }
    }

    private static String line(String time, String order, String type, String actor, String facts) {
        String line = String.format("%-27s  %-18s  %-38s  %-24s  %s", time, order == null ? "-" : order, type, actor, facts);
        return line.replaceAll("[\\r\\n]+", " ").stripTrailing();
    }
}
