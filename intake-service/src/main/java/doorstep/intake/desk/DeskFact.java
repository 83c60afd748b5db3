package doorstep.intake.desk;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event of any of the four services about an order, as the desk keeps it (decision D53).
 *
 * @param service       the producing service: {@code intake}, {@code dispatch}, {@code billing} or {@code followup}
 * @param type          the event name, e.g. {@code VisitStarted}
 * @param streamId      the producer's stream, {@code <order id>} or {@code <order id>/<aspect>}
 * @param streamVersion the event's place in that stream, from 1
 * @param occurredAt    when it happened (the producer's clock): the as-of view cuts here
 * @param causationId   the event that caused it, null for a person's command
 * @param event         the event as its {@link DeskEvents} record, or null for a type the view does not fold
 */
public record DeskFact(String service, String type, UUID eventId, String streamId, long streamVersion, Instant occurredAt,
                       String actorId, String actorRole, UUID causationId, Object event) {

    public DeskFact {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
