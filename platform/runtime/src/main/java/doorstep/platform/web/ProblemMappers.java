package doorstep.platform.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;
import doorstep.platform.eventstore.ConcurrencyConflict;
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
        return validation(List.of(new FieldError("$", "is not well-formed JSON: " + e.getOriginalMessage())), uri);
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

    private static FieldError jsonFieldError(JsonMappingException e) {
        String field = e.getPath().isEmpty() ? "$" : fieldPath(e.getPath());
        String message = e.getPath().isEmpty() ? "is not the expected JSON structure" : "has the wrong type or format";
        if (e.getCause() instanceof InvalidValue iv) {
            message = iv.getMessage();
        }
        return new FieldError(field, message);
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
        return Problems.response(403, Problems.body("forbidden", "Not allowed for your role", 403, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response unauthenticated(Unauthenticated e, UriInfo uri) {
        return Problems.response(401, Problems.body("unauthenticated", "Who is asking?", 401, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response keyReused(IdempotentCommands.IdempotencyKeyReused e, UriInfo uri) {
        return Problems.response(422, Problems.body("idempotency-key-reused", "Idempotency-Key reused", 422,
                e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response keyInUse(IdempotentCommands.IdempotencyKeyInUse e, UriInfo uri) {
        return Problems.response(409, Problems.body("idempotency-key-in-use", "Request in progress", 409,
                e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // The JSON reader wraps what it could not parse.
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof JsonParseException parse) {
                return malformedJson(parse, uri);
            }
            if (c instanceof JsonMappingException mapping) {
                return wrongJsonType(mapping, uri);
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

    private static Response validation(List<FieldError> errors, UriInfo uri) {
        Map<String, Object> p = Problems.body("validation-failed", "The request is not valid", 400,
                errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message() : errors.size() + " fields are not valid",
                path(uri));
        p.put("errors", errors);
        return Problems.response(400, p);
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
