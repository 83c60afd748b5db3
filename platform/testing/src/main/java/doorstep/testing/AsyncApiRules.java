package doorstep.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The rules of AsyncAPI 3.0.0 (and of Doorstep's use of it) that a service's generated AsyncAPI document must keep,
 * checked on the document's JSON tree. The official AsyncAPI JSON Schema is not available as a Maven artefact, so these
 * are the rules the document relies on (D51):
 * <ul>
 *   <li>the document, its info, servers, channels, operations and messages have only the fields AsyncAPI 3.0.0 defines
 *       for them (or {@code x-} extensions);</li>
 *   <li>{@code asyncapi} is 3.0.0; {@code info} has a title and a version; servers have a host and a protocol;</li>
 *   <li>every {@code $ref} of the document resolves inside it (refs inside an inlined JSON Schema payload belong to that
 *       schema and are left to it);</li>
 *   <li>every operation is {@code send} or {@code receive}, its channel is a channel of the document, and each of its
 *       messages is a message <em>of that channel</em> ({@code #/channels/<id>/messages/<m>});</li>
 *   <li>every message has a name, title, summary, content type, headers, payload, correlation id
 *       ({@code $message.header#/ce_correlationid}) and a Kafka key; an event message's {@code ce_type} and
 *       {@code ce_dataschema} consts agree, and its payload is exactly the producer's schema file on the classpath;</li>
 *   <li>the service's own channel ({@code doorstep.<service>.events}) has exactly one message per catalogue type and
 *       readable version, and a send operation publishes them all.</li>
 * </ul>
 */
public final class AsyncApiRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TYPE = Pattern.compile("doorstep\\.([a-z]+)\\.([A-Za-z]+)\\.v(\\d+)");
    /** The fixed fields of the AsyncAPI 3.0.0 objects the document writes (besides {@code x-} extensions). */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "document", Set.of("asyncapi", "id", "info", "servers", "defaultContentType", "channels", "operations", "components"),
            "info", Set.of("title", "version", "description", "termsOfService", "contact", "license", "tags", "externalDocs"),
            "server", Set.of("host", "protocol", "protocolVersion", "pathname", "description", "title", "summary", "variables",
                    "security", "tags", "externalDocs", "bindings"),
            "channel", Set.of("address", "messages", "title", "summary", "description", "servers", "parameters", "tags",
                    "externalDocs", "bindings"),
            "operation", Set.of("action", "channel", "title", "summary", "description", "security", "tags", "externalDocs",
                    "bindings", "traits", "messages", "reply"),
            "message", Set.of("headers", "payload", "correlationId", "contentType", "name", "title", "summary", "description",
                    "tags", "externalDocs", "bindings", "examples", "traits"));

    private AsyncApiRules() {
    }

    /**
     * @param document  the document's JSON tree
     * @param service   the service it describes
     * @param catalogue per event type of the service's catalogue, the versions it reads (each a message of its topic)
     * @return each broken rule, naming where; empty when the document keeps them all
     */
    public static List<String> problems(JsonNode document, String service, Map<String, List<Integer>> catalogue) {
        List<String> problems = new ArrayList<>();
        if (!"3.0.0".equals(document.path("asyncapi").asText())) {
            problems.add("asyncapi: not 3.0.0");
        }
        for (String field : List.of("title", "version")) {
            if (document.path("info").path(field).asText().isBlank()) {
                problems.add("info." + field + ": missing");
            }
        }
        document.path("servers").properties().forEach(s -> {
            for (String field : List.of("host", "protocol")) {
                if (s.getValue().path(field).asText().isBlank()) {
                    problems.add("servers." + s.getKey() + "." + field + ": missing");
                }
            }
        });
        fields("document", "", document, problems);
        fields("info", "info", document.path("info"), problems);
        document.path("servers").properties().forEach(e -> fields("server", "servers." + e.getKey(), e.getValue(), problems));
        document.path("channels").properties().forEach(e -> fields("channel", "channels." + e.getKey(), e.getValue(), problems));
        document.path("operations").properties().forEach(e -> fields("operation", "operations." + e.getKey(), e.getValue(), problems));
        document.path("components").path("messages").properties()
                .forEach(e -> fields("message", "components.messages." + e.getKey(), e.getValue(), problems));
        references(document, document, "", problems);
        operations(document, problems);
        document.path("components").path("messages").properties()
                .forEach(m -> message(document, "components.messages." + m.getKey(), m.getValue(), problems));
        ownChannel(document, service, catalogue, problems);
        return problems;
    }

    /** Each field of an object is one AsyncAPI 3.0.0 defines for its kind, or an extension; a reference stands alone. */
    private static void fields(String kind, String at, JsonNode object, List<String> problems) {
        if (object.has("$ref")) {
            return;
        }
        object.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.get(kind).contains(field) && !field.startsWith("x-")) {
                problems.add((at.isEmpty() ? "" : at + ".") + field + ": not a field of an AsyncAPI 3.0.0 " + kind + " object");
            }
        });
    }

    /** Every {@code $ref} below {@code node} resolves in {@code document}; inlined payload schemas are not entered. */
    private static void references(JsonNode document, JsonNode node, String at, List<String> problems) {
        if (node.isObject()) {
            if (node.has("$ref") && resolve(document, node.get("$ref").asText()) == null) {
                problems.add(at + ": $ref " + node.get("$ref").asText() + " does not resolve");
            }
            node.properties().forEach(e -> {
                if (!(e.getKey().equals("schema") && node.has("schemaFormat"))) {
                    references(document, e.getValue(), at + "/" + e.getKey(), problems);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(document, node.get(i), at + "/" + i, problems);
            }
        }
    }

    /** The node a local reference ({@code #/a/b}) points to, following a reference it lands on; null when none. */
    static JsonNode resolve(JsonNode document, String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode target = document.at(ref.substring(1));
        return target.isMissingNode() ? null : target.has("$ref") ? resolve(document, target.get("$ref").asText()) : target;
    }

    private static void operations(JsonNode document, List<String> problems) {
        document.path("operations").properties().forEach(o -> {
            String at = "operations." + o.getKey();
            JsonNode op = o.getValue();
            if (!List.of("send", "receive").contains(op.path("action").asText())) {
                problems.add(at + ".action: neither send nor receive");
            }
            String channel = op.path("channel").path("$ref").asText();
            if (!channel.startsWith("#/channels/") || resolve(document, channel) == null) {
                problems.add(at + ".channel: not a channel of the document (" + channel + ")");
                return;
            }
            if (op.path("messages").isEmpty()) {
                problems.add(at + ".messages: none");
            }
            for (JsonNode m : op.path("messages")) {
                String ref = m.path("$ref").asText();
                if (!ref.startsWith(channel + "/messages/")) {
                    problems.add(at + ".messages: " + ref + " is not a message of its channel " + channel);
                }
            }
        });
    }

    private static void message(JsonNode document, String at, JsonNode m, List<String> problems) {
        boolean deadLetter = m.path("name").asText().equals("dead-letter"); // a record as it was consumed: maybe not an event
        for (String field : deadLetter ? List.of("name", "title", "summary", "headers", "payload")
                : List.of("name", "title", "summary", "contentType", "headers", "payload")) {
            JsonNode value = m.path(field);
            if (value.isMissingNode() || value.isNull() || value.isTextual() && value.asText().isBlank()) {
                problems.add(at + "." + field + ": missing");
            }
        }
        if (!m.path("bindings").path("kafka").path("key").path("type").asText().equals("string")) {
            problems.add(at + ".bindings.kafka.key: not a string schema");
        }
        if (deadLetter) {
            return;
        }
        JsonNode correlation = deref(document, m.path("correlationId"));
        if (correlation == null || !"$message.header#/ce_correlationid".equals(correlation.path("location").asText())) {
            problems.add(at + ".correlationId: not $message.header#/ce_correlationid");
        }
        String type = headerConst(m, "ce_type");
        Matcher t = TYPE.matcher(type == null ? "" : type);
        if (!t.matches()) {
            problems.add(at + ".headers: ce_type is not a const doorstep.<service>.<Name>.v<N> (" + type + ")");
            return;
        }
        String dataSchema = "urn:doorstep:schema:" + t.group(1) + ":" + t.group(2) + ":v" + t.group(3);
        if (!dataSchema.equals(headerConst(m, "ce_dataschema"))) {
            problems.add(at + ".headers: ce_dataschema const is not " + dataSchema);
        }
        String file = "META-INF/resources/schemas/" + t.group(1) + "/" + t.group(2) + ".v" + t.group(3) + ".json";
        if (!m.path("payload").path("schemaFormat").asText().startsWith("application/schema+json")) {
            problems.add(at + ".payload.schemaFormat: not JSON Schema");
        }
        JsonNode schema = classpathJson(file);
        if (schema == null || !schema.equals(m.path("payload").path("schema"))) {
            problems.add(at + ".payload.schema: not the content of " + file);
        }
    }

    /** The node itself, or the one its {@code $ref} points to; null when that does not resolve. */
    private static JsonNode deref(JsonNode document, JsonNode node) {
        return node.has("$ref") ? resolve(document, node.get("$ref").asText()) : node;
    }

    /** The {@code const} of a header in a message's headers schema (directly, or in one of its {@code allOf}). */
    private static String headerConst(JsonNode message, String header) {
        JsonNode headers = message.path("headers");
        List<JsonNode> parts = new ArrayList<>(List.of(headers));
        headers.path("allOf").forEach(parts::add);
        for (JsonNode part : parts) {
            JsonNode c = part.path("properties").path(header).path("const");
            if (c.isTextual()) {
                return c.asText();
            }
        }
        return null;
    }

    private static void ownChannel(JsonNode document, String service, Map<String, List<Integer>> catalogue, List<String> problems) {
        String topic = "doorstep." + service + ".events";
        String channelId = null;
        for (var c : (Iterable<Map.Entry<String, JsonNode>>) document.path("channels").properties()::iterator) {
            if (topic.equals(c.getValue().path("address").asText())) {
                channelId = c.getKey();
            }
        }
        if (channelId == null) {
            problems.add("channels: none with address " + topic);
            return;
        }
        Set<String> expected = new HashSet<>();
        catalogue.forEach((name, versions) -> versions.forEach(v -> expected.add("doorstep." + service + "." + name + ".v" + v)));
        Set<String> found = new HashSet<>();
        if (document.path("channels").path(channelId).path("messages").size() != expected.size()) {
            problems.add("channels." + channelId + ": " + document.path("channels").path(channelId).path("messages").size()
                    + " messages for " + expected.size() + " catalogue types and versions");
        }
        for (JsonNode ref : document.path("channels").path(channelId).path("messages")) {
            JsonNode message = resolve(document, ref.path("$ref").asText());
            String type = message == null ? null : headerConst(message, "ce_type");
            if (type != null) {
                found.add(type);
            }
        }
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(found);
        Set<String> extra = new HashSet<>(found);
        extra.removeAll(expected);
        if (!missing.isEmpty()) {
            problems.add("channels." + channelId + ": no message for " + new java.util.TreeSet<>(missing));
        }
        if (!extra.isEmpty()) {
            problems.add("channels." + channelId + ": messages not in the catalogue " + new java.util.TreeSet<>(extra));
        }
        String channelRef = "#/channels/" + channelId;
        boolean published = false;
        for (JsonNode op : document.path("operations")) {
            if (op.path("action").asText().equals("send") && op.path("channel").path("$ref").asText().equals(channelRef)
                    && op.path("messages").size() == expected.size()) {
                published = true;
            }
        }
        if (!published) {
            problems.add("operations: none sends every message of " + channelRef);
        }
    }

    private static JsonNode classpathJson(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            return in == null ? null : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
