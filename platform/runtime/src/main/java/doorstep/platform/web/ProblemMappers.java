package doorstep.platform.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;
import doorstep.platform.eventstore.ConcurrencyConflict;
import doorstep.platform.security.CommandRateLimit;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error a service returns, as problem+json naming what is wrong. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequest e, UriInfo uri) {
        return validation(e.errors(), uri);
    }

    @ServerExceptionMapper
    public Response invalidValue(InvalidValue e, UriInfo uri) {
        return validation(List.of(new FieldError(e.field(), e.getMessage())), uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return validation(List.of(jsonFieldError(e)), uri);
    }

    /** Unreadable JSON, a key given twice in one object, a number too large for its field. */
    @ServerExceptionMapper
    public Response unreadableJson(StreamReadException e, UriInfo uri) {
        return validation(List.of(jsonFieldError(e)), uri);
    }

    @ServerExceptionMapper
    public Response wrongJsonType(JsonMappingException e, UriInfo uri) {
        return validation(List.of(jsonFieldError(e)), uri);
    }

    // Quarkus has a built-in mapper for this subtype; naming it here keeps the answer problem+json.
    @ServerExceptionMapper
    public Response wrongJsonValue(MismatchedInputException e, UriInfo uri) {
        return validation(List.of(jsonFieldError(e)), uri);
    }

    static FieldError jsonFieldError(JsonProcessingException e) {
        if (e instanceof StreamReadException read) {
            return streamReadError(read, null);
        }
        JsonMappingException mapping = (JsonMappingException) e;
        String field = mapping.getPath().isEmpty() ? "$" : fieldPath(mapping.getPath());
        if (mapping.getCause() instanceof StreamReadException read) {
            return streamReadError(read, field);
        }
        String message = field.equals("$") ? "is not the expected JSON structure" : "has the wrong type or format";
        if (mapping instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                || mapping instanceof com.fasterxml.jackson.databind.exc.IgnoredPropertyException) {
            // Mass assignment (OWASP API3): a field the command does not take (status, version, ...) is refused, never ignored.
            message = "is not a field of this request (it is read-only or unknown)";
        }
        if (mapping.getCause() instanceof InvalidValue iv) {
            message = iv.getMessage();
        }
        return new FieldError(field, message);
    }

    /** @param knownField where databind says it happened, or null; the parser's own position is preferred */
    private static FieldError streamReadError(StreamReadException e, String knownField) {
        JsonParser parser = e.getProcessor();
        String field = parser == null ? null : fieldPath(parser.getParsingContext());
        if (field == null || field.equals("$")) {
            field = knownField == null ? "$" : knownField;
        }
        if (e instanceof InputCoercionException) {
            return new FieldError(field, "is a number out of range for this field");
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate field")) {
            return new FieldError(field, "appears more than once in the same object");
        }
        return new FieldError("$", "is not well-formed JSON: " + original);
    }

    /** The JSON path of the parser's position, e.g. {@code reporter.phone} or {@code items[1].code}. */
    static String fieldPath(JsonStreamContext context) {
        java.util.Deque<String> steps = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                steps.addFirst(c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                steps.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String step : steps) {
            if (!sb.isEmpty() && !step.startsWith("[")) {
                sb.append('.');
            }
            sb.append(step);
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }

    @ServerExceptionMapper
    public Response ruleViolation(RuleViolation e, UriInfo uri) {
        Map<String, Object> p = Problems.body("rule-violation", "The order's current state does not allow this", 409,
                e.getMessage(), path(uri));
        p.put("rule", e.rule());
        p.put("currentState", e.currentState());
        return Problems.response(409, p);
    }

    @ServerExceptionMapper
    public Response concurrencyConflict(ConcurrencyConflict e, UriInfo uri) {
        return Problems.response(409, Problems.body("concurrent-modification",
                "Someone else changed this at the same time", 409,
                e.getMessage() + "; reload it and try again", path(uri)));
    }

    @ServerExceptionMapper
    public Response preconditionFailed(PreconditionFailed e, UriInfo uri) {
        Map<String, Object> p = Problems.body("version-mismatch", "The resource has changed", 412, e.getMessage(), path(uri));
        p.put("currentVersion", e.currentVersion());
        return Problems.response(412, p);
    }

    /** The key custodian (D48) cannot be reached: nothing was changed; try again shortly. */
    @ServerExceptionMapper
    public Response keysUnavailable(doorstep.platform.personal.KeysUnavailable e, UriInfo uri) {
        LOG.warnf("key custodian unavailable for %s: %s", path(uri), e.getMessage());
        return Response.fromResponse(Problems.response(503, Problems.body("keys-unavailable", "Personal data cannot be read or written now",
                503, "The key custodian cannot be reached; nothing was changed. Try again shortly.", path(uri))))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e, UriInfo uri) {
        return Problems.response(404, Problems.body("not-found", "Not found", 404, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e, UriInfo uri) {
        return Problems.response(409, Problems.body("conflict", "Conflict", 409, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response forbidden(Forbidden e, UriInfo uri) {
        return Problems.response(403, Problems.body("forbidden", "Not allowed", 403, e.getMessage(), path(uri)));
    }

    /** No token, or one that cannot be trusted (expired, not yet valid, wrong issuer or audience, bad signature). */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class,
            io.quarkus.security.AuthenticationCompletionException.class})
    public Response notAuthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problems.response(401, Problems.body("unauthenticated", "Who is asking?", 401,
                "send a valid bearer token (Authorization: Bearer <JWT>) from the configured issuer", path(uri))))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /** A valid token whose roles may not call this endpoint. */
    @ServerExceptionMapper
    public Response notAllowed(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return Problems.response(403, Problems.body("forbidden", "Not allowed for your role", 403,
                "your roles may not do this", path(uri)));
    }

    @ServerExceptionMapper
    public Response tooManyCommands(CommandRateLimit.TooManyCommands e, UriInfo uri) {
        return Response.fromResponse(Problems.response(429, Problems.body("too-many-requests", "Too many commands", 429,
                e.getMessage(), path(uri)))).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response keyReused(IdempotentCommands.IdempotencyKeyReused e, UriInfo uri) {
        Map<String, Object> p = Problems.body("idempotency-key-reused", "Idempotency-Key reused", 422, e.getMessage(), path(uri));
        p.put("errors", List.of(new FieldError(CommandContext.IDEMPOTENCY_KEY, "was already used with a different body on this path")));
        return Problems.response(422, p);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // The JSON reader wraps what it could not parse.
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof StreamReadException || c instanceof JsonMappingException) {
                return validation(List.of(jsonFieldError((JsonProcessingException) c)), uri);
            }
            if (c instanceof InvalidRequest invalid) {
                return invalidRequest(invalid, uri);
            }
        }
        int status = e.getResponse().getStatus();
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return Problems.response(status, Problems.body("http-" + status, title, status, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error, incident %s", incident);
        Map<String, Object> p = Problems.body("internal-error", "Internal error", 500,
                "something went wrong on our side; quote incident " + incident, path(uri));
        p.put("incident", incident);
        return Problems.response(500, p);
    }

    private static Response validation(List<FieldError> raw, UriInfo uri) {
        // Field names and messages may quote the request: never echo what JSON or a log cannot hold.
        List<FieldError> errors = raw.stream()
                .map(f -> new FieldError(printable(f.field(), false), printable(f.message(), true), f.line())).toList();
        Map<String, Object> p = Problems.body("validation-failed", "The request is not valid", 400,
                errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message() : errors.size() + " fields are not valid",
                path(uri));
        p.put("errors", errors);
        return Problems.response(400, p);
    }

    /** {@code text} with every character {@link Text} refuses replaced by U+FFFD. */
    private static String printable(String text, boolean multiLine) {
        if (text == null || Text.firstUnacceptable(text, multiLine) < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text);
        for (int i; (i = Text.firstUnacceptable(sb.toString(), multiLine)) >= 0; ) {
            sb.setCharAt(i, '\uFFFD');
        }
        return sb.toString();
    }

    static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
