package doorstep.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import doorstep.platform.persistence.UniqueViolation;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs a command in its own transaction and, when the request has an {@code Idempotency-Key},
 * stores the response in that same transaction. A retry with the same key and the same request
 * gets the stored response and changes nothing; the same key with a different request is refused.
 */
@ApplicationScoped
public class IdempotentCommands {

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    /**
     * @param request what identifies the request besides its key: method, path and body
     */
    public Response execute(CommandContext context, String method, String path, Object request, Supplier<CommandResponse> command) {
        String key = context.idempotencyKey();
        if (key == null) {
            return QuarkusTransaction.requiringNew().call(command::get).toResponse();
        }
        String hash = hash(method + " " + path + "\n" + context.actor().id() + "\n" + toJson(request));
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Object[] previous = findPrevious(key);
                if (previous != null) {
                    if (!hash.equals(previous[0])) {
                        throw new IdempotencyKeyReused(key);
                    }
                    return new CommandResponse((Integer) previous[1], (String) previous[2], (String) previous[3], (String) previous[4]);
                }
                CommandResponse response = command.get();
                em.createNativeQuery("insert into idempotent_request (idempotency_key, request_hash, status, location, etag, body) "
                                + "values (?1, ?2, ?3, ?4, ?5, ?6)")
                        .setParameter(1, key).setParameter(2, hash).setParameter(3, response.status())
                        .setParameter(4, response.location()).setParameter(5, response.etag()).setParameter(6, response.body())
                        .executeUpdate();
                return response;
            }).toResponse();
        } catch (RuntimeException e) {
            if (UniqueViolation.of(e, "idempotent_request_pkey")) {
                throw new IdempotencyKeyInUse(key);
            }
            throw e;
        }
    }

    /** What a command answers: the resource as it is now, and its version (sent as the ETag). */
    public record Answer(long version, Object view) {
    }

    /**
     * The usual command: the caller must have one of {@code roles}; the command runs idempotently
     * and answers 200 with the resource's current view and its version.
     *
     * @param path the request path, part of the request's identity for idempotency
     */
    public Response run(HttpHeaders headers, String[] roles, String path, Object body, Function<CommandContext, Answer> command) {
        CommandContext context = CommandContext.from(headers).requireRole(roles);
        return execute(context, "POST", path, body, () -> {
            Answer answer = command.apply(context);
            return new CommandResponse(200, null, ETags.of(answer.version()), toJson(answer.view()));
        });
    }

    public String toJson(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object[] findPrevious(String key) {
        var rows = em.createNativeQuery(
                        "select request_hash, status, location, etag, body from idempotent_request where idempotency_key = ?1")
                .setParameter(1, key)
                .getResultList();
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key was used before for a different request (422). */
    public static class IdempotencyKeyReused extends RuntimeException {
        public IdempotencyKeyReused(String key) {
            super("Idempotency-Key " + key + " was already used for a different request");
        }
    }

    /** Another request with the same key is being processed right now (409); retry shortly. */
    public static class IdempotencyKeyInUse extends RuntimeException {
        public IdempotencyKeyInUse(String key) {
            super("a request with Idempotency-Key " + key + " is being processed; retry to get its result");
        }
    }
}
