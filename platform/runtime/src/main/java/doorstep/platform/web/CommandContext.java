package doorstep.platform.web;

import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.core.HttpHeaders;

import doorstep.platform.events.Actor;
import doorstep.platform.events.EventMetadata;

/**
 * What every command request says besides its body: who sends it ({@code X-Actor-Id},
 * {@code X-Actor-Role} until bearer tokens replace them), the conversation it belongs to
 * ({@code X-Correlation-Id}, generated when absent), an {@code Idempotency-Key} for safe retries
 * and an {@code If-Match} version for optimistic concurrency.
 */
public record CommandContext(Actor actor, UUID correlationId, String idempotencyKey, OptionalLong expectedVersion) {

    public static final String ACTOR_ID = "X-Actor-Id";
    public static final String ACTOR_ROLE = "X-Actor-Role";
    public static final String CORRELATION_ID = "X-Correlation-Id";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** The roles of DESIGN.md §1. */
    public static final Set<String> ROLES = Set.of("agent", "technician", "team-leader", "supervisor", "warehouse", "admin");

    public static CommandContext from(HttpHeaders headers) {
        String actorId = headers.getHeaderString(ACTOR_ID);
        String role = headers.getHeaderString(ACTOR_ROLE);
        if (actorId == null || actorId.isBlank() || role == null || role.isBlank()) {
            throw new Unauthenticated("say who you are with the " + ACTOR_ID + " and " + ACTOR_ROLE + " headers");
        }
        if (actorId.length() > 100) {
            throw InvalidRequest.of(ACTOR_ID, "is longer than 100 characters");
        }
        if (Text.problem(actorId, false) != null) {
            throw InvalidRequest.of(ACTOR_ID, Text.problem(actorId, false));
        }
        if (!ROLES.contains(role)) {
            throw InvalidRequest.of(ACTOR_ROLE, "must be one of " + String.join(", ", ROLES.stream().sorted().toList()));
        }
        String correlation = headers.getHeaderString(CORRELATION_ID);
        UUID correlationId;
        try {
            correlationId = correlation == null || correlation.isBlank() ? UUID.randomUUID() : UUID.fromString(correlation.trim());
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.of(CORRELATION_ID, "must be a UUID");
        }
        String key = headers.getHeaderString(IDEMPOTENCY_KEY);
        if (key != null) {
            key = key.trim();
            if (key.isEmpty() || key.length() > 200) {
                throw InvalidRequest.of(IDEMPOTENCY_KEY, "must be 1 to 200 characters");
            }
            if (Text.problem(key, false) != null) {
                throw InvalidRequest.of(IDEMPOTENCY_KEY, Text.problem(key, false));
            }
        }
        return new CommandContext(new Actor(actorId.trim(), role), correlationId, key,
                ETags.expectedVersion(headers.getHeaderString(HttpHeaders.IF_MATCH)));
    }

    public EventMetadata metadata() {
        return new EventMetadata(actor, correlationId, null);
    }

    /** @throws Forbidden unless the actor has one of {@code roles} */
    public CommandContext requireRole(String... roles) {
        for (String r : roles) {
            if (r.equals(actor.role())) {
                return this;
            }
        }
        throw new Forbidden("role " + actor.role() + " may not do this; allowed: " + String.join(", ", roles));
    }

    /** Checks {@code If-Match} against the version the command loaded. */
    public void checkVersion(long currentVersion) {
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != currentVersion) {
            throw new PreconditionFailed(expectedVersion.getAsLong(), currentVersion);
        }
    }
}
