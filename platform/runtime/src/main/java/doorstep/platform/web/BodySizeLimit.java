package doorstep.platform.web;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies announced larger than {@code doorstep.http.max-body-bytes} with a
 * problem+json 413 before reading them.
 */
@ApplicationScoped
public class BodySizeLimit {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "doorstep.http.max-body-bytes", defaultValue = "1048576")
    long maxBytes;

    void register(@Observes Filters filters) {
        filters.register(this::limit, 100);
    }

    void limit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    Map<String, Object> p = Problems.body("payload-too-large", "Request body too large", 413,
                            "the body must not be larger than " + maxBytes + " bytes", rc.request().path());
                    rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(json.writeValueAsString(p));
                    return;
                }
            } catch (NumberFormatException | JsonProcessingException e) {
                // let the HTTP layer deal with a malformed length
            }
        }
        rc.next();
    }
}
