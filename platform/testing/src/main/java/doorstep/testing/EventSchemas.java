package doorstep.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Validates event payloads against the JSON Schemas a service publishes for its event types. */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final ConcurrentMap<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, JsonNode> DOCUMENTS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema on the classpath at {@code META-INF/resources/schemas/<service>/<Type>.v<N>.json}. */
    public static String resourcePath(String service, String eventType, int schemaVersion) {
        return "META-INF/resources/schemas/" + service + "/" + eventType + ".v" + schemaVersion + ".json";
    }

    /** @return the violations; empty when the payload is valid */
    public static Set<ValidationMessage> violations(String service, String eventType, int schemaVersion, String payloadJson) {
        JsonSchema schema = CACHE.computeIfAbsent(resourcePath(service, eventType, schemaVersion), EventSchemas::load);
        try {
            return schema.validate(JSON.readTree(payloadJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON document on the classpath (a schema, a {@code catalog.json}), read once; null when there is none. */
    public static JsonNode json(String path) {
        JsonNode document = DOCUMENTS.computeIfAbsent(path, p -> {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(p)) {
                return in == null ? MissingNode.getInstance() : JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return document.isMissingNode() ? null : document;
    }

    /**
     * The version of an event type its producer writes now, from the producer's {@code catalog.json}: what a
     * consumer's test should feed it.
     *
     * @throws AssertionError when the producer's contract is not on the classpath or does not list the type
     */
    public static int currentVersion(String service, String eventType) {
        JsonNode catalog = json(catalogPath(service));
        return (catalog == null ? java.util.OptionalInt.empty() : currentVersion(catalog, eventType)).orElseThrow(() ->
                new AssertionError(service + " publishes no " + eventType + " (is contracts/" + service + "-events a dependency?)"));
    }

    /** The version a producer's {@code catalog.json} says it writes an event type at now; empty when it lists no such type. */
    public static java.util.OptionalInt currentVersion(JsonNode catalog, String eventType) {
        for (JsonNode entry : catalog.path("events")) {
            if (entry.path("name").asText().equals(eventType) && entry.path("current").asBoolean()) {
                return java.util.OptionalInt.of(entry.path("version").asInt());
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** A producer's {@code catalog.json} on the classpath (in its contract artefact). */
    public static String catalogPath(String service) {
        return "META-INF/resources/schemas/" + service + "/catalog.json";
    }

    public static boolean exists(String service, String eventType, int schemaVersion) {
        return Thread.currentThread().getContextClassLoader().getResource(resourcePath(service, eventType, schemaVersion)) != null;
    }

    private static JsonSchema load(String path) {
        JsonNode node = json(path);
        if (node == null) {
            throw new IllegalArgumentException("no JSON Schema at " + path);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return FACTORY.getSchema(node, config);
    }
}
