package doorstep.platform.web;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Documents the error answer of every operation: {@code application/problem+json} with the
 * {@code Problem} schema, so that generated clients know how errors look.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().getDefaultValue() == null) {
            operation.getResponses().setDefaultValue(OASFactory.createAPIResponse()
                    .description("An error, as RFC 9457 problem details")
                    .content(OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)))));
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        Schema fieldError = object(Map.of(
                "field", string("JSON path of the field, or a column name for uploaded files"),
                "message", string("what is wrong with it"),
                "line", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).description("line of an uploaded file")));
        Schema problem = object(Map.of(
                "type", string("urn:problem-type:doorstep:<kind>"),
                "title", string("short summary"),
                "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER),
                "detail", string("what happened"),
                "instance", string("the request path"),
                "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError)
                        .description("400: every field at fault"),
                "rule", string("409 rule-violation: the rule that refused the command"),
                "currentState", string("409 rule-violation: the state the order is in"),
                "currentVersion", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .description("412: the version to reload"),
                "incident", string("500: quote it when reporting the problem")));
        problem.setRequired(List.of("type", "title", "status"));
        components.addSchema("Problem", problem);
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
