package doorstep.platform.web;

import java.util.OptionalLong;
import java.util.UUID;

import jakarta.ws.rs.core.HttpHeaders;

import doorstep.platform.events.Actor;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.security.SiteScope;

/**
 * What a command carries besides its body: who sends it and on which sites (from the bearer token,
 * see {@link doorstep.platform.security.Caller}), the conversation it belongs to
 * ({@code X-Correlation-Id}, generated when absent), an {@code Idempotency-Key} for safe retries
 * and an {@code If-Match} version for optimistic concurrency.
 */
public record CommandContext(Actor actor, SiteScope sites, UUID correlationId, String idempotencyKey, OptionalLong expectedVersion) {

    public static final String CORRELATION_ID = "X-Correlation-Id";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /**
     * @param actor the verified user and the role they act in
     * @throws InvalidRequest naming {@code X-Correlation-Id} (not a UUID) or {@code Idempotency-Key}
     *                        (empty, over 200 characters, or with control characters)
     */
    public static CommandContext of(Actor actor, SiteScope sites, HttpHeaders headers) {
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
        return new CommandContext(actor, sites, correlationId, key, ETags.expectedVersion(headers.getHeaderString(HttpHeaders.IF_MATCH)));
    }

    public EventMetadata metadata() {
        return new EventMetadata(actor, correlationId, null);
    }

    /** Checks {@code If-Match} against the version the command loaded. */
    public void checkVersion(long currentVersion) {
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != currentVersion) {
            throw new PreconditionFailed(expectedVersion.getAsLong(), currentVersion);
        }
    }
}
