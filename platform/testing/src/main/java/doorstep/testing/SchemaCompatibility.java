package doorstep.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a proposed JSON Schema of an event keeps the promise of the published one (decision D50): a reader
 * of the published version reads every event of the proposed one, and every event stored under the published
 * version still reads as the proposed one. So, property by property, recursively into objects and array items:
 * <ul>
 *   <li>no property is removed (or renamed, which is a removal and an addition);</li>
 *   <li>a property always present stays so, and one that could be absent does not become required;</li>
 *   <li>an added property is optional (events already stored do not have it);</li>
 *   <li>the JSON types stay the same, {@code null} included (nullable both ways is a break);</li>
 *   <li>a sealed personal value stays sealed and a clear one clear;</li>
 *   <li>the allowed values ({@code enum}, {@code const}) and the {@code format} stay the same.</li>
 * </ul>
 * Titles, descriptions, {@code $id} and {@code additionalProperties} are documentation, not compared: readers
 * ignore properties they do not know (docs/events.md).
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /**
     * @param published the schema of the version consumers have
     * @param proposed  the schema the code would publish under the same version
     * @return each break as {@code <path>: <what changed>}, e.g. {@code paid: removed}; empty when compatible
     */
    public static List<String> breaks(JsonNode published, JsonNode proposed) {
        List<String> breaks = new ArrayList<>();
        compare("", Shape.of(published, published), Shape.of(proposed, proposed), breaks);
        return breaks;
    }

    private static void compare(String path, Shape old, Shape now, List<String> breaks) {
        String at = path.isEmpty() ? "(the event)" : path;
        if (!old.kinds.equals(now.kinds)) {
            breaks.add(at + ": type changed from " + old.kinds + " to " + now.kinds);
            return;
        }
        if (!Objects.equals(old.format, now.format)) {
            breaks.add(at + ": format changed from " + old.format + " to " + now.format);
        }
        if (!Objects.equals(old.values, now.values)) {
            breaks.add(at + ": allowed values changed from " + describe(old.values) + " to " + describe(now.values));
        }
        for (Map.Entry<String, Shape> property : old.properties.entrySet()) {
            String name = property.getKey();
            String child = path.isEmpty() ? name : path + "." + name;
            Shape next = now.properties.get(name);
            if (next == null) {
                breaks.add(child + ": removed");
                continue;
            }
            boolean wasRequired = old.required.contains(name);
            boolean isRequired = now.required.contains(name);
            if (wasRequired && !isRequired) {
                breaks.add(child + ": no longer always present");
            } else if (!wasRequired && isRequired) {
                breaks.add(child + ": now required (events that lack it no longer match)");
            }
            compare(child, property.getValue(), next, breaks);
        }
        for (String added : now.properties.keySet()) {
            if (!old.properties.containsKey(added) && now.required.contains(added)) {
                breaks.add((path.isEmpty() ? added : path + "." + added) + ": added as required (events already stored do not have it)");
            }
        }
        if (old.items != null && now.items != null) {
            compare(path + "[]", old.items, now.items, breaks);
        }
    }

    private static String describe(Set<String> values) {
        return values == null ? "any" : values.toString();
    }

    /** A schema reduced to what readers depend on. */
    private static final class Shape {
        final Set<String> kinds = new TreeSet<>();
        String format;
        Set<String> values;
        final Map<String, Shape> properties = new TreeMap<>();
        final Set<String> required = new TreeSet<>();
        Shape items;

        static Shape of(JsonNode node, JsonNode root) {
            Shape shape = new Shape();
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
                kinds.add("sealed personal value");
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
                    properties.computeIfAbsent(p.getKey(), k -> new Shape()).add(p.getValue(), root, depth + 1);
                }
                node.path("required").forEach(r -> required.add(r.asText()));
            }
            if (node.has("items")) {
                items = items == null ? new Shape() : items;
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
}
