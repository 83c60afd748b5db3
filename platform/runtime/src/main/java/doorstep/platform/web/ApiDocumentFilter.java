package doorstep.platform.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes every service's OpenAPI document so that a generated client can use the API (D54):
 * <ul>
 * <li>the headers an operation declares with {@link ApiHeaders#EXTENSION} become header parameters
 * ({@code X-Correlation-Id}, {@code Idempotency-Key}, {@code If-Match}) and response headers of its
 * successful answers ({@code ETag}, {@code Location}, and the {@code X-Correlation-Id} that
 * {@link doorstep.platform.observability.CommandObserver} repeats);</li>
 * <li>each operation documents the error statuses it can answer, each as {@code application/problem+json}
 * with the {@code Problem} schema: 400 when it takes parameters or a body, 401 and 403 when it needs a
 * token, 404 when its path names a resource, 409 and 429 for commands, 412 with {@code If-Match}, 413 and
 * 415 with a body, 422 with {@code Idempotency-Key}; any other error (500, 503) is the {@code default}
 * answer, of the same schema.</li>
 * </ul>
 */
public class ApiDocumentFilter implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String FIELD_ERROR = "#/components/schemas/FieldError";

    private static final Map<Integer, String> ERRORS = errors();

    private static Map<Integer, String> errors() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(400, "The request is not valid: errors names every field at fault (a header, parameter or JSON path)");
        m.put(401, "No valid bearer token");
        m.put(403, "The token's role may not do this (a technician: not on an order assigned to someone else)");
        m.put(404, "No such resource, or one of a site not in the token (the same answer)");
        m.put(409, "The resource's current state does not allow this (rule-violation: rule, currentState), "
                + "or it was changed concurrently (retry), or it already exists");
        m.put(412, "If-Match names another version than the current one: reload (currentVersion) and decide again");
        m.put(413, "The request body is larger than the service accepts");
        m.put(415, "The request body is not of a media type the operation takes");
        m.put(422, "The Idempotency-Key was used before by the same user on this path for a different body");
        m.put(429, "Too many commands from this user: retry after Retry-After seconds");
        return m;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema("FieldError", fieldError());
        components.addSchema("Problem", problem());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> e : item.getOperations().entrySet()) {
                complete(path, e.getKey(), e.getValue());
            }
        });
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        List<String> headers = new ArrayList<>();
        if (operation.getExtensions() != null && operation.getExtensions().get(ApiHeaders.EXTENSION) != null) {
            headers.addAll(ApiHeaders.names(String.valueOf(operation.getExtensions().get(ApiHeaders.EXTENSION))));
            operation.removeExtension(ApiHeaders.EXTENSION);
        }
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        // SmallRye copies a method's @Extension onto the request body and the responses too: it belongs to none of them.
        responses.removeExtension(ApiHeaders.EXTENSION);
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().values().forEach(r -> r.removeExtension(ApiHeaders.EXTENSION));
        }
        if (operation.getRequestBody() != null) {
            operation.getRequestBody().removeExtension(ApiHeaders.EXTENSION);
        }
        if (responses.getAPIResponses() == null || responses.getAPIResponses().keySet().stream().noneMatch(c -> c.startsWith("2"))) {
            responses.addAPIResponse(method == PathItem.HttpMethod.POST && headers.contains(ApiHeaders.LOCATION_HEADER) ? "201" : "200",
                    OASFactory.createAPIResponse().description("OK"));
        }
        for (String h : headers) {
            switch (h) {
                case ApiHeaders.CORRELATION_ID -> {
                    header(operation, h, "The conversation this command belongs to, carried on every event it records (a UUID; "
                            + "generated when absent)", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uuid"));
                    responseHeader(responses, h, "The command's correlation id: the one sent, or the one generated for it",
                            OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uuid"));
                }
                case ApiHeaders.IDEMPOTENCY_KEY -> header(operation, h, "Makes a retry safe: the same user sending the same key on the "
                        + "same path with the same body gets the first answer and changes nothing (kept 24 h); 1 to 200 characters",
                        OASFactory.createSchema().addType(Schema.SchemaType.STRING).minLength(1).maxLength(200));
                case ApiHeaders.IF_MATCH -> header(operation, h, "The version the change is based on, an ETag of this API "
                        + "(e.g. \"3\"): another current version answers 412; absent or * means any version",
                        OASFactory.createSchema().addType(Schema.SchemaType.STRING));
                case ApiHeaders.ETAG -> responseHeader(responses, h, "The resource's version after this answer, e.g. \"4\": "
                        + "send it as If-Match with the next command", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
                case ApiHeaders.LOCATION_HEADER -> responseHeader(responses, h, "The path of the resource",
                        OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri-reference"));
                default -> throw new IllegalStateException(ApiHeaders.EXTENSION + " of " + method + " " + path + " names " + h
                        + ", not a header Doorstep documents");
            }
        }
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean body = operation.getRequestBody() != null;
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        boolean command = headers.contains(ApiHeaders.CORRELATION_ID);
        for (int status : ERRORS.keySet()) {
            boolean answers = switch (status) {
                case 400 -> body || parameters || command;
                case 401, 403 -> secured;
                case 404 -> path.contains("{");
                case 409, 429 -> command;
                case 412 -> headers.contains(ApiHeaders.IF_MATCH);
                case 413, 415 -> body;
                case 422 -> headers.contains(ApiHeaders.IDEMPOTENCY_KEY);
                default -> false;
            };
            if (answers || responses.hasAPIResponse(String.valueOf(status))) {
                problem(responses, status);
            }
        }
        if (responses.getDefaultValue() == null) {
            responses.setDefaultValue(OASFactory.createAPIResponse()
                    .description("Another error (500 with an incident id to quote, 503 when a dependency is down)")
                    .content(problemContent()));
        }
    }

    private static void header(Operation operation, String name, String description, Schema schema) {
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.HEADER && name.equalsIgnoreCase(p.getName()))) {
            return;
        }
        operation.addParameter(OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(false)
                .description(description).schema(schema));
    }

    private static void responseHeader(APIResponses responses, String name, String description, Schema schema) {
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("2")) {
                Header header = OASFactory.createHeader().description(description).schema(schema);
                response.addHeader(name, header);
            }
        });
    }

    private static void problem(APIResponses responses, int status) {
        String code = String.valueOf(status);
        APIResponse response = responses.getAPIResponse(code);
        if (response == null) {
            response = OASFactory.createAPIResponse();
            responses.addAPIResponse(code, response);
        }
        String description = ERRORS.get(status);
        if (response.getDescription() == null || response.getDescription().isBlank()
                || response.getDescription().equals("Not Authorized") || response.getDescription().equals("Not Allowed")) {
            response.setDescription(description);
        }
        if (response.getContent() == null || response.getContent().getMediaType(Problems.MEDIA_TYPE) == null) {
            response.setContent(problemContent());
        }
        if (status == 429) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds until the next command is admitted")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problemContent() {
        return OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static Schema fieldError() {
        Schema s = object(Map.of(
                "field", string("JSON path of the field (reporter.phone), a header or parameter name, or a column name for uploaded files"),
                "message", string("what is wrong with it"),
                "line", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).description("line of an uploaded file")));
        s.setRequired(List.of("field", "message"));
        return s.description("One problem with one field of a request");
    }

    private static Schema problem() {
        Schema problem = object(Map.of(
                "type", string("urn:problem-type:doorstep:<kind>, e.g. urn:problem-type:doorstep:validation-failed"),
                "title", string("short summary"),
                "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).description("the HTTP status"),
                "detail", string("what happened"),
                "instance", string("the request path"),
                "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(OASFactory.createSchema().ref(FIELD_ERROR))
                        .description("400: every field at fault"),
                "rule", string("409 rule-violation: the rule that refused the command"),
                "currentState", string("409 rule-violation: the state the resource is in"),
                "currentVersion", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .description("412: the version to reload"),
                "incident", string("500: quote it when reporting the problem")));
        problem.setRequired(List.of("type", "title", "status"));
        return problem.description("An error, as RFC 9457 problem details (application/problem+json)");
    }

    private static Schema object(Map<String, Schema> properties) {
        Schema s = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> s.addProperty(e.getKey(), e.getValue()));
        return s;
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
