package doorstep.testing;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON Schema reduced to what readers of the data depend on: the JSON types (with {@code null}, and a sealed
 * personal value as a kind of its own), format, allowed values, properties with which are required, array items.
 * {@code $ref}s (local) are followed and {@code anyOf}/{@code oneOf} alternatives merged.
 */
final class SchemaShape {

    /** The kind of a sealed personal value (D48): text once revealed. */
    static final String SEALED = "sealed personal value";

    final Set<String> kinds = new TreeSet<>();
    String format;
    Set<String> values;
    final Map<String, SchemaShape> properties = new TreeMap<>();
    final Set<String> required = new TreeSet<>();
    SchemaShape items;

    static SchemaShape of(JsonNode node, JsonNode root) {
        SchemaShape shape = new SchemaShape();
        shape.add(node, root, 0);
        return shape;
    }

    private void add(JsonNode node, JsonNode root, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("schema nests deeper than 64 (a $ref cycle?)");
        }
        if (node.has("$ref")) {
            add(resolve(node.get("$ref").asText(), root), root, depth + 1);
            return;
        }
        if (sealed(node)) {
            kinds.add(SEALED);
            return;
        }
        for (String alternatives : List.of("anyOf", "oneOf")) {
            if (node.has(alternatives) && !node.has("type")) {
                node.get(alternatives).forEach(alternative -> add(alternative, root, depth + 1));
            }
        }
        JsonNode type = node.get("type");
        if (type != null) {
            if (type.isArray()) {
                type.forEach(t -> kinds.add(t.asText()));
            } else {
                kinds.add(type.asText());
            }
        }
        if (node.has("format")) {
            format = node.get("format").asText();
        }
        if (node.has("enum") || node.has("const")) {
            values = values == null ? new TreeSet<>() : values;
            if (node.has("const")) {
                values.add(node.get("const").toString());
            } else {
                node.get("enum").forEach(v -> values.add(v.toString()));
            }
            if (type == null) {
                node.path("enum").forEach(v -> kinds.add(v.isTextual() ? "string" : v.getNodeType().name().toLowerCase()));
            }
        }
        JsonNode props = node.get("properties");
        if (props != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                properties.computeIfAbsent(p.getKey(), k -> new SchemaShape()).add(p.getValue(), root, depth + 1);
            }
            node.path("required").forEach(r -> required.add(r.asText()));
        }
        if (node.has("items")) {
            items = items == null ? new SchemaShape() : items;
            items.add(node.get("items"), root, depth + 1);
        }
    }

    /** A sealed personal value (D48): an object of {@code keyId} with {@code encrypted} or {@code erased}. */
    private static boolean sealed(JsonNode node) {
        JsonNode props = node.path("properties");
        return props.has("keyId") && props.has("encrypted") && props.has("erased");
    }

    private static JsonNode resolve(String ref, JsonNode root) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $refs are compared, not " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("$ref " + ref + " does not resolve");
        }
        return target;
    }
}
