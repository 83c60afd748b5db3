package doorstep.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.events.EventEnvelope;

/**
 * One recorded event of an object, as a timeline shows it (the evidence): its version in the
 * object's stream, its type, when it happened, who did it (the token's user id and the role they
 * acted in, or a service) and its data as recorded.
 */
public record TimelineEntry(long version, String type, Instant occurredAt, String actorId, String actorRole, JsonNode data) {

    /** The entry of {@code event}, its payload read with {@code json}. */
    public static TimelineEntry of(EventEnvelope event, ObjectMapper json) {
        try {
            return new TimelineEntry(event.streamVersion(), event.type(), event.occurredAt(), event.actor().id(), event.actor().role(),
                    json.readTree(event.payload()));
        } catch (IOException e) {
            throw new UncheckedIOException("event " + event.eventId() + " has an unreadable payload", e);
        }
    }
}
