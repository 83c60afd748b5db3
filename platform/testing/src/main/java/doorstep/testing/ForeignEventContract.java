package doorstep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a consumer's records of other services' events ({@code doorstep.platform.consumer.ForeignEvent})
 * against the producers' published schemas, which the consumer has on its classpath from the producers'
 * contract artefacts ({@code contracts/<producer>-events}, decision D50). For every version a record reads,
 * every field it holds must be in the schema, with a JSON type it can hold, always present unless the field
 * is {@code @Nullable(absentInOlderEvents = true)}, never null unless the field is {@code @Nullable}, and, for an
 * enum, with no value the consumer's enum lacks. So a producer that drops or renames a field fails the
 * consumer's build as soon as the contract artefact changes, and a consumer cannot read a field that is not
 * published.
 */
public final class ForeignEventContract {

    /** The platform's annotations, by name: this module cannot depend on the platform runtime, whose tests use it. */
    private static final String FOREIGN_EVENT = "doorstep.platform.consumer.ForeignEvent";
    private static final String NULLABLE = "doorstep.platform.domain.Nullable";

    private ForeignEventContract() {
    }

    /** Fails with every problem of the {@code @ForeignEvent} records nested in the given consumer classes. */
    public static void check(Class<?>... consumers) {
        List<String> problems = new ArrayList<>();
        int records = 0;
        for (Class<?> consumer : consumers) {
            for (Class<?> nested : consumer.getDeclaredClasses()) {
                if (contract(nested) != null) {
                    records++;
                    problems.addAll(problems(nested, ForeignEventContract::classpathSchema));
                }
            }
        }
        assertThat(records).as("@ForeignEvent records in " + Arrays.toString(consumers)).isPositive();
        assertThat(problems).as("consumers' records of other services' events that the published schemas do not back").isEmpty();
    }

    /**
     * @param record  a {@code @ForeignEvent} record
     * @param schemas the published schema at a classpath path ({@link EventSchemas#resourcePath}), or null when none
     * @return each problem as {@code <Type>.v<N> <field path>: <what>}
     */
    public static List<String> problems(Class<?> record, Function<String, JsonNode> schemas) {
        Annotation contract = contract(record);
        String service = (String) attribute(contract, "service");
        String type = (String) attribute(contract, "type");
        String name = type.isEmpty() ? record.getSimpleName() : type;
        List<String> problems = new ArrayList<>();
        int[] versions = (int[]) attribute(contract, "versions");
        JsonNode catalog = schemas.apply(EventSchemas.catalogPath(service));
        if (catalog == null) {
            problems.add(service + "." + name + ": the producer publishes no catalog.json (is contracts/" + service + "-events a dependency?)");
        } else {
            EventSchemas.currentVersion(catalog, name).ifPresent(current -> {
                if (Arrays.stream(versions).noneMatch(v -> v == current)) {
                    problems.add(service + "." + name + ".v" + current + ": the producer writes this version now, which "
                            + record.getSimpleName() + " does not read (its versions: " + Arrays.toString(versions) + ")");
                }
            });
        }
        for (int version : versions) {
            String label = service + "." + name + ".v" + version;
            JsonNode schema = schemas.apply(EventSchemas.resourcePath(service, name, version));
            if (schema == null) {
                problems.add(label + ": no published schema (is the producer's contract a dependency?)");
                continue;
            }
            compareRecord(record, SchemaShape.of(schema, schema), "", label, problems);
        }
        return problems;
    }

    private static void compareRecord(Class<?> record, SchemaShape shape, String path, String label, List<String> problems) {
        if (!record.isRecord()) {
            problems.add(label + " " + path + ": " + record.getSimpleName() + " is not a record");
            return;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            String at = path.isEmpty() ? component.getName() : path + "." + component.getName();
            SchemaShape property = shape.properties.get(component.getName());
            if (property == null) {
                problems.add(label + " " + at + ": not in the published schema");
                continue;
            }
            Annotation nullable = Arrays.stream(component.getAnnotations())
                    .filter(a -> a.annotationType().getName().equals(NULLABLE)).findFirst().orElse(null);
            boolean mayBeAbsent = nullable != null && Boolean.TRUE.equals(attribute(nullable, "absentInOlderEvents"));
            if (!shape.required.contains(component.getName()) && !mayBeAbsent) {
                problems.add(label + " " + at + ": may be absent in the published schema; mark it @Nullable(absentInOlderEvents = true)");
            }
            if (property.kinds.contains("null") && (nullable == null || component.getType().isPrimitive())) {
                problems.add(label + " " + at + ": may be null in the published schema; mark it @Nullable (and not primitive)");
            }
            compareType(component.getGenericType(), property, at, label, problems);
        }
    }

    private static void compareType(Type type, SchemaShape property, String at, String label, List<String> problems) {
        Set<String> kinds = new TreeSet<>(property.kinds);
        kinds.remove("null");
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        Set<String> expected;
        if (raw == String.class) {
            expected = Set.of("string", SchemaShape.SEALED);
        } else if (raw == boolean.class || raw == Boolean.class) {
            expected = Set.of("boolean");
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            expected = Set.of("integer");
            if ((raw == int.class || raw == Integer.class) && !"int32".equals(property.format)) {
                problems.add(label + " " + at + ": an int, but the schema's integer is " + (property.format == null ? "unbounded" : property.format)
                        + "; read it as a long");
            }
        } else if (raw == Instant.class) {
            expected = Set.of("string");
            if (!"date-time".equals(property.format)) {
                problems.add(label + " " + at + ": an Instant, but the schema's format is " + property.format);
            }
        } else if (raw.isEnum()) {
            expected = Set.of("string");
            Set<String> constants = new TreeSet<>();
            Arrays.stream(raw.getEnumConstants()).forEach(c -> constants.add("\"" + ((Enum<?>) c).name() + "\""));
            if (property.values == null || !constants.containsAll(property.values)) {
                Set<String> unknown = new TreeSet<>(property.values == null ? Set.of("any text") : property.values);
                unknown.removeAll(constants);
                problems.add(label + " " + at + ": the producer may send values " + raw.getSimpleName() + " lacks: " + unknown);
            }
        } else if (List.class.isAssignableFrom(raw)) {
            expected = Set.of("array");
            if (property.items != null && type instanceof ParameterizedType p) {
                compareType(p.getActualTypeArguments()[0], property.items, at + "[]", label, problems);
            }
        } else if (raw.isRecord()) {
            expected = Set.of("object");
            if (kinds.equals(expected)) {
                compareRecord(raw, property, at, label, problems);
            }
        } else {
            problems.add(label + " " + at + ": " + raw.getSimpleName() + " is not a type a consumer's record may hold");
            return;
        }
        if (kinds.isEmpty() || !expected.containsAll(kinds)) {
            problems.add(label + " " + at + ": the schema says " + property.kinds + ", the record holds " + raw.getSimpleName());
        }
    }

    private static Annotation contract(Class<?> type) {
        return Arrays.stream(type.getAnnotations()).filter(a -> a.annotationType().getName().equals(FOREIGN_EVENT))
                .findFirst().orElse(null);
    }

    private static Object attribute(Annotation annotation, String name) {
        try {
            return annotation.annotationType().getMethod(name).invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode classpathSchema(String path) {
        return EventSchemas.json(path);
    }
}
