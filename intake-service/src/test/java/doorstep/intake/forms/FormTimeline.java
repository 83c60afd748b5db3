package doorstep.intake.forms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doorstep.platform.web.TimelineEntry;
import doorstep.testing.EventSchemas;
import doorstep.testing.PublishedEvents;

/**
 * A cross-service timeline written by hand, as the desk answers it: each entry's data is held to its producer's
 * published JSON Schema at the version the producer writes now (D50), personal values written as the timeline shows
 * them (clear text, or 已删除): for the check they are sealed as the producer would have sealed them.
 */
final class FormTimeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String orderId;
    private final List<TimelineEntry> entries = new ArrayList<>();

    FormTimeline(String orderId) {
        this.orderId = orderId;
    }

    /**
     * Appends an event of {@code service}'s {@code type}.
     *
     * @throws AssertionError when {@code json} is not what the producer could publish
     */
    FormTimeline add(String service, String type, String at, String actorId, String role, String json) {
        int version = EventSchemas.currentVersion(service, type);
        PublishedEvents.data(service, type, version, orderId, json, FormTimeline::sealed);
        JsonNode data;
        try {
            data = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
        String stream = switch (service) {
            case "followup" -> orderId + "/coordination";
            default -> orderId;
        };
        long streamVersion = entries.stream().filter(e -> e.streamId().equals(stream)).count() + 1;
        entries.add(new TimelineEntry(service, stream, streamVersion, type, "doorstep." + service + "." + type + ".v" + version,
                "urn:doorstep:schema:" + service + ":" + type + ":v" + version, Instant.parse(at),
                new TimelineEntry.ActorView(actorId, role), orderId, null, data));
        return this;
    }

    List<TimelineEntry> entries() {
        return List.copyOf(entries);
    }

    /** The timeline as it stood at {@code at}: the entries that happened at or before it. */
    List<TimelineEntry> asOf(String at) {
        Instant cut = Instant.parse(at);
        return entries.stream().filter(e -> !e.occurredAt().isAfter(cut)).toList();
    }

    /** A stand-in for the producer's sealed value (D48): the schema checks its shape, not its cipher text. */
    private static JsonNode sealed(String keyId, String clearText) {
        ObjectNode sealed = JSON.createObjectNode();
        sealed.put("keyId", keyId);
        sealed.put("encrypted", java.util.Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes()));
        return sealed;
    }
}
