package doorstep.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
        compare("", SchemaShape.of(published, published), SchemaShape.of(proposed, proposed), breaks);
        return breaks;
    }

    private static void compare(String path, SchemaShape old, SchemaShape now, List<String> breaks) {
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
        for (Map.Entry<String, SchemaShape> property : old.properties.entrySet()) {
            String name = property.getKey();
            String child = path.isEmpty() ? name : path + "." + name;
            SchemaShape next = now.properties.get(name);
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
}
