package doorstep.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs a command in its own transaction and, when the request has an {@code Idempotency-Key},
 * stores the response in that same transaction. A key belongs to one user and one operation
 * (method and path): a retry by the same user on the same path with the same body gets the stored
 * response and changes nothing; the same key with a different body is refused (422); the same key
 * from another user or on another path is another key. Two requests racing with one key are
 * serialised (a transaction-scoped advisory lock on the key's scope): one effect, two equal answers.
 * Stored answers expire after {@code doorstep.idempotency.retention} (default 24 h) and are deleted
 * by a scheduled job.
 */
@ApplicationScoped
public class IdempotentCommands {

    private static final Logger LOG = Logger.getLogger(IdempotentCommands.class);

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    Caller caller;
    @Inject
    Clock clock;
    @ConfigProperty(name = "doorstep.idempotency.retention", defaultValue = "PT24H")
    Duration retention;

    /**
     * @param method  the HTTP method; with {@code path} it names the operation the key belongs to
     * @param request the body, compared on a retry
     */
    public Response execute(CommandContext context, String method, String path, Object request, Supplier<CommandResponse> command) {
        String key = context.idempotencyKey();
        if (key == null) {
            return QuarkusTransaction.requiringNew().call(command::get).toResponse();
        }
        String user = context.actor().id();
        String operation = method + " " + path;
        String hash = hash(toJson(request));
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                    .setParameter(1, user + "\n" + operation + "\n" + key).getSingleResult();
            Instant now = clock.instant();
            Object[] previous = findPrevious(user, operation, key, now.minus(retention));
            if (previous != null) {
                if (!hash.equals(previous[0])) {
                    throw new IdempotencyKeyReused(key);
                }
                return new CommandResponse((Integer) previous[1], (String) previous[2], (String) previous[3], (String) previous[4]);
            }
            CommandResponse response = command.get();
            // An expired answer of the same key may still be there until the purge: the new one replaces it.
            em.createNativeQuery("insert into idempotent_request (user_id, operation, idempotency_key, request_hash, status, location, "
                            + "etag, body, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                            + "on conflict (user_id, operation, idempotency_key) do update set request_hash = excluded.request_hash, "
                            + "status = excluded.status, location = excluded.location, etag = excluded.etag, body = excluded.body, "
                            + "created_at = excluded.created_at")
                    .setParameter(1, user).setParameter(2, operation).setParameter(3, key).setParameter(4, hash)
                    .setParameter(5, response.status()).setParameter(6, response.location()).setParameter(7, response.etag())
                    .setParameter(8, response.body()).setParameter(9, java.sql.Timestamp.from(now))
                    .executeUpdate();
            return response;
        }).toResponse();
    }

    /** What a command answers: the resource as it is now, and its version (sent as the ETag). */
    public record Answer(long version, Object view) {
    }

    /**
     * The usual command (who may call it is the endpoint's {@code @RolesAllowed}): runs idempotently
     * and answers 200 with the resource's current view and its version.
     *
     * @param path the request path, part of the operation an idempotency key belongs to
     */
    public Response run(HttpHeaders headers, String path, Object body, Function<CommandContext, Answer> command) {
        CommandContext context = caller.command(headers);
        return execute(context, "POST", path, body, () -> {
            Answer answer = command.apply(context);
            return new CommandResponse(200, null, ETags.of(answer.version()), toJson(answer.view()));
        });
    }

    /** Deletes stored answers older than the retention period. @return how many were deleted */
    public int purgeExpired() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("delete from idempotent_request where created_at <= ?1")
                .setParameter(1, java.sql.Timestamp.from(clock.instant().minus(retention))).executeUpdate());
    }

    @Scheduled(every = "${doorstep.idempotency.purge-every:15m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        int deleted = purgeExpired();
        if (deleted > 0) {
            LOG.debugf("deleted %d expired idempotency answers", deleted);
        }
    }

    public String toJson(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object[] findPrevious(String user, String operation, String key, Instant notBefore) {
        var rows = em.createNativeQuery("select request_hash, status, location, etag, body from idempotent_request "
                        + "where user_id = ?1 and operation = ?2 and idempotency_key = ?3 and created_at > ?4")
                .setParameter(1, user).setParameter(2, operation).setParameter(3, key)
                .setParameter(4, java.sql.Timestamp.from(notBefore))
                .getResultList();
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key was used before by this user on this path for a different body (422). */
    public static class IdempotencyKeyReused extends RuntimeException {
        public IdempotencyKeyReused(String key) {
            super("Idempotency-Key " + key + " was already used for a different request body on this path");
        }
    }
}
