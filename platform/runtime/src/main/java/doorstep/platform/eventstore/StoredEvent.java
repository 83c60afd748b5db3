package doorstep.platform.eventstore;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of the event store. Written once; only {@code publishedAt} is ever set afterwards (by the relay). */
@Entity
@Table(name = "event_store")
public class StoredEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "global_position")
    public Long globalPosition;

    @Column(name = "event_id", nullable = false, updatable = false)
    public UUID eventId;

    @Column(name = "stream_id", nullable = false, updatable = false)
    public String streamId;

    @Column(name = "stream_version", nullable = false, updatable = false)
    public long streamVersion;

    @Column(name = "event_type", nullable = false, updatable = false)
    public String eventType;

    @Column(name = "schema_version", nullable = false, updatable = false)
    public int schemaVersion;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    public Instant occurredAt;

    @Column(name = "site_id", updatable = false)
    public String siteId;

    @Column(name = "correlation_id", nullable = false, updatable = false)
    public UUID correlationId;

    @Column(name = "causation_id", updatable = false)
    public UUID causationId;

    @Column(name = "actor_id", nullable = false, updatable = false)
    public String actorId;

    @Column(name = "actor_role", nullable = false, updatable = false)
    public String actorRole;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "payload", nullable = false, updatable = false, columnDefinition = "jsonb")
    public String payload;

    @Column(name = "published_at", insertable = false, updatable = false)
    public Instant publishedAt;

    public EventEnvelope toEnvelope(String service) {
        return new EventEnvelope(eventId, service, eventType, schemaVersion, streamId, streamVersion,
                globalPosition == null ? 0 : globalPosition, occurredAt, siteId, correlationId, causationId,
                new Actor(actorId, actorRole), payload);
    }
}
