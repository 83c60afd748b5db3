package example.integrator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The JSON Schemas Doorstep publishes, read from the contract jars on the classpath
 * ({@code META-INF/resources/schemas/<service>/}, listed by its {@code catalog.json}), found by the URN an event
 * names in {@code dataschema} ({@code urn:doorstep:schema:<service>:<Name>:v<N>}, also each schema's {@code $id}).
 */
public final class PublishedSchemas {

    static final List<String> SERVICES = List.of("intake", "dispatch", "billing", "followup");
    private static final String FOLDER = "META-INF/resources/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    /**
     * One published schema.
     *
     * @param urn            its URN
     * @param schema         the compiled schema (draft 2020-12, formats asserted)
     * @param personalFields the top-level properties that may hold a sealed personal value (D48): never printed,
     *                       even where an event written before sealing holds clear text
     */
    public record Schema(String urn, JsonSchema schema, Set<String> personalFields) {

        /** The violations of {@code data}, at most {@code max}, each "path: message"; empty when the data is valid. */
        public List<String> violations(JsonNode data, int max) {
            return schema.validate(data).stream().map(ValidationMessage::getMessage).sorted().limit(max).toList();
        }
    }

    private final Map<String, String> resources;
    private final Map<String, String> urnsByType;
    private final Map<String, Optional<Schema>> loaded = new ConcurrentHashMap<>();

    private PublishedSchemas(Map<String, String> resources, Map<String, String> urnsByType) {
        this.resources = resources;
        this.urnsByType = urnsByType;
    }

    /**
     * The schemas of the four producers, as listed by each contract jar's {@code catalog.json}
     * ({@code events[]}: {@code type}, {@code dataschema}, {@code schema} file, older versions included).
     *
     * @throws IllegalStateException when a contract jar has no catalogue (the classpath lacks a contract)
     */
    public static PublishedSchemas fromClasspath() {
        Map<String, String> resources = new HashMap<>();
        Map<String, String> urnsByType = new HashMap<>();
        for (String service : SERVICES) {
            JsonNode catalog = read(FOLDER + service + "/catalog.json");
            if (catalog == null) {
                throw new IllegalStateException("no " + FOLDER + service + "/catalog.json: is " + service + "-events on the classpath?");
            }
            for (JsonNode event : catalog.path("events")) {
                resources.put(event.path("dataschema").asText(), FOLDER + service + "/" + event.path("schema").asText());
                urnsByType.put(event.path("type").asText(), event.path("dataschema").asText());
            }
        }
        return new PublishedSchemas(resources, urnsByType);
    }

    /**
     * The URN of an event's schema: its {@code dataschema}, or for a record written before events named their
     * schema, the one the catalogue lists for its {@code type}; null when neither says.
     */
    public String urnOf(CloudEvent event) {
        return event.dataSchema() != null ? event.dataSchema() : urnsByType.get(event.type());
    }

    /** The schema a URN names; empty when no contract jar publishes it (an unknown type or version). */
    public Optional<Schema> find(String urn) {
        if (urn == null) {
            return Optional.empty();
        }
        return loaded.computeIfAbsent(urn, this::load);
    }

    private Optional<Schema> load(String urn) {
        String resource = resources.get(urn);
        JsonNode node = resource == null ? null : read(resource);
        if (node == null) {
            return Optional.empty();
        }
        return Optional.of(new Schema(urn, FACTORY.getSchema(node, CONFIG), personalFields(node)));
    }

    /** Top-level properties whose schema allows a sealed value: an object with a {@code keyId} property. */
    static Set<String> personalFields(JsonNode schema) {
        Set<String> personal = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            if (maySeal(property.getValue(), schema, 0)) {
                personal.add(property.getKey());
            }
        }
        return personal;
    }

    private static boolean maySeal(JsonNode node, JsonNode root, int depth) {
        if (depth > 8 || !node.isObject()) {
            return false;
        }
        if (node.path("properties").has("keyId")) {
            return true;
        }
        String ref = node.path("$ref").asText("");
        if (ref.startsWith("#/") && maySeal(root.at(ref.substring(1)), root, depth + 1)) {
            return true;
        }
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode alternative : node.path(combinator)) {
                if (maySeal(alternative, root, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = PublishedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
