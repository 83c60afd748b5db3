package doorstep.platform.web;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataCipher;

/**
 * One recorded event of an object, as a timeline shows it (the evidence): its version in the
 * object's stream, its type, when it happened, who did it (the token's user id and the role they
 * acted in, or a service) and its data as recorded, personal fields in clear, or 已删除 once the
 * order's personal data was erased (D48).
 */
public record TimelineEntry(long version, String type, Instant occurredAt, String actorId, String actorRole, JsonNode data) {

    /** The entry of {@code event}, its personal fields revealed by {@code personal}. */
    public static TimelineEntry of(EventEnvelope event, PersonalDataCipher personal) {
        return new TimelineEntry(event.streamVersion(), event.type(), event.occurredAt(), event.actor().id(), event.actor().role(),
                personal.reveal(event));
    }
}
