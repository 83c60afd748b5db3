package doorstep.platform.web;

import java.net.URI;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The answer to a successful command, kept as data so that a retry with the same
 * {@code Idempotency-Key} gets exactly the same answer.
 *
 * @param body JSON text, or null
 */
public record CommandResponse(int status, String location, String etag, String body) {

    public Response toResponse() {
        Response.ResponseBuilder r = Response.status(status);
        if (location != null) {
            r.location(URI.create(location));
        }
        if (etag != null) {
            r.header(HttpHeaders.ETAG, etag);
        }
        if (body != null) {
            r.entity(body).type(MediaType.APPLICATION_JSON_TYPE);
        }
        return r.build();
    }
}
