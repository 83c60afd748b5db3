package doorstep.platform.contract;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;
import doorstep.platform.events.EventCatalog;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The service's AsyncAPI document ({@link AsyncApiDocument}) at {@code GET /asyncapi.yaml} ({@code application/yaml})
 * and {@code GET /asyncapi.json}: public, like the JSON Schemas under {@code /schemas/}, and, like them, not part of the
 * REST API's OpenAPI document. Generated once, on the first request.
 */
@Path("/asyncapi.{format: yaml|json}")
@PermitAll
@Singleton
public class AsyncApiResource {

    /** The media type of the YAML form. */
    public static final String YAML = "application/yaml";

    @Inject
    EventCatalog catalog;

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    private volatile ObjectNode document;

    @GET
    @Operation(operationId = "getAsyncApiDocument", hidden = true)
    public Response document(@PathParam("format") String format) {
        ObjectNode doc = document();
        return format.equals("yaml")
                ? Response.ok(AsyncApiDocument.yaml(doc), YAML).build()
                : Response.ok(AsyncApiDocument.json(doc), "application/json").build();
    }

    private ObjectNode document() {
        ObjectNode doc = document;
        if (doc == null) {
            doc = AsyncApiDocument.generate(catalog, version, AsyncApiDocument.consumedTopics(ConfigProvider.getConfig()));
            document = doc;
        }
        return doc;
    }
}
