package doorstep.platform.web;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataCipher;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One recorded event, as every timeline of every service shows it (the evidence; one shape everywhere, D53):
 * the service that recorded it, the stream and its version there, its type (short and as a CloudEvents type),
 * when it happened, who did it ({@code actor}: the token's user id and the role they acted in, or
 * {@code {id: <service>, role: service}} for a reaction), the conversation it belongs to and what caused it,
 * and its data as recorded: personal fields in clear, or 已删除 once the order's personal data was erased (D48).
 *
 * @param version     the event's position in its stream, 1 for the first
 * @param causationId the event that caused it, null for a person's command
 * @param data        the event's data, as its published JSON Schema ({@code dataSchema}) describes it
 */
@Schema(description = "One recorded event: who did what when, with the event's data as recorded")
public record TimelineEntry(
        String service,
        String streamId,
        long version,
        String type,
        String cloudEventType,
        @Schema(description = "The event's published JSON Schema, urn:doorstep:schema:<service>:<type>:v<N>") String dataSchema,
        Instant occurredAt,
        ActorView actor,
        String correlationId,
        String causationId,
        @Schema(description = "The event's data, a JSON object shaped by dataSchema; personal fields in clear or 已删除")
        JsonNode data) {

    /** Who recorded an event: a user id and the role they acted in, or a service ({@code role} {@code service}). */
    @Schema(description = "Who did it: a user id and the role they acted in, or a service's name with role 'service'")
    public record ActorView(String id, String role) {
    }

    /** The entry of {@code event}, its personal fields revealed by {@code personal}. */
    public static TimelineEntry of(EventEnvelope event, PersonalDataCipher personal) {
        return of(event, personal.reveal(event));
    }

    /** The entry of {@code event} with {@code data} as its (already revealed) data. */
    public static TimelineEntry of(EventEnvelope event, JsonNode data) {
        return new TimelineEntry(event.service(), event.streamId(), event.streamVersion(), event.type(), event.cloudEventType(),
                event.dataSchema(), event.occurredAt(), new ActorView(event.actor().id(), event.actor().role()),
                event.correlationId().toString(), event.causationId() == null ? null : event.causationId().toString(), data);
    }
}
