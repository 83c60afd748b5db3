package doorstep.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as stored and as published: the domain payload (JSON) plus the facts about it.
 * On Kafka it travels as a CloudEvent (see {@link CloudEventsKafka}).
 *
 * @param service        the service that wrote it, e.g. {@code intake}
 * @param type           the event name, e.g. {@code ProblemReported}
 * @param streamId       the aggregate it belongs to: {@code <order id>}, or {@code <order id>/<aspect>} when a
 *                       service keeps several aggregates of one order (e.g. {@code …/callback}); the order id
 *                       (the subject) is the Kafka key and {@code ce_subject}
 * @param streamVersion  1 for the stream's first event, then consecutive
 * @param globalPosition position in the writing service's store; 0 where unknown (events read from Kafka)
 */
public record EventEnvelope(
        UUID eventId,
        String service,
        String type,
        int schemaVersion,
        String streamId,
        long streamVersion,
        long globalPosition,
        Instant occurredAt,
        String siteId,
        UUID correlationId,
        UUID causationId,
        Actor actor,
        String payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payload, "payload");
    }

    /** The same event with the position the store gave it. */
    public EventEnvelope atPosition(long position) {
        return new EventEnvelope(eventId, service, type, schemaVersion, streamId, streamVersion, position, occurredAt, siteId,
                correlationId, causationId, actor, payload);
    }

    /** The order the event is about: the stream id up to its first {@code /}. Kafka key and {@code ce_subject}. */
    public String subject() {
        return subjectOf(streamId);
    }

    /** The order a stream belongs to: the stream id up to its first {@code /}. */
    public static String subjectOf(String streamId) {
        int slash = streamId.indexOf('/');
        return slash < 0 ? streamId : streamId.substring(0, slash);
    }

    /** The CloudEvents type: {@code doorstep.<service>.<EventName>.v<N>}. */
    public String cloudEventType() {
        return cloudEventType(service, type, schemaVersion);
    }

    public static String cloudEventType(String service, String type, int schemaVersion) {
        return "doorstep." + service + "." + type + ".v" + schemaVersion;
    }

    /**
     * The CloudEvents {@code dataschema}: the {@code $id} of the JSON Schema the data matches,
     * {@code urn:doorstep:schema:<service>:<EventName>:v<N>}; the schema itself is
     * {@code /schemas/<service>/<EventName>.v<N>.json} in the service's contract ({@code contracts/<service>-events}).
     */
    public String dataSchema() {
        return dataSchema(service, type, schemaVersion);
    }

    /** The {@code dataschema} of an event type at a version: {@code urn:doorstep:schema:<service>:<type>:v<version>}. */
    public static String dataSchema(String service, String type, int schemaVersion) {
        return "urn:doorstep:schema:" + service + ":" + type + ":v" + schemaVersion;
    }

    /** The CloudEvents source: {@code /doorstep/<service>}. */
    public String source() {
        return "/doorstep/" + service;
    }

    public static String topicOf(String service) {
        return "doorstep." + service + ".events";
    }
}
