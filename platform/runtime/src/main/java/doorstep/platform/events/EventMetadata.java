package doorstep.platform.events;

import java.util.Objects;
import java.util.UUID;

/**
 * Why an event was written: who did it, the business conversation it belongs to (correlation)
 * and the message that directly caused it (causation: a consumed event's id, or null for a
 * user's command).
 */
public record EventMetadata(Actor actor, UUID correlationId, UUID causationId) {

    public EventMetadata {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    /** Metadata for events written in reaction to {@code cause}: same conversation, caused by it. */
    public static EventMetadata reactingTo(EventEnvelope cause, Actor actor) {
        return new EventMetadata(actor, cause.correlationId(), cause.eventId());
    }
}
