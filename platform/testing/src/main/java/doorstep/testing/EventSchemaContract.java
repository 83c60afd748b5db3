package doorstep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;

/**
 * Keeps a service's published event schemas and its event records in step, and the published ones kept
 * (decision D50). The schema files are the contract integrators read; they are generated from the records,
 * committed in the producer's contract module ({@code contracts/<service>-events}), and {@link #check} fails
 * when a record changed without its schema file (run the build with {@code -Ddoorstep.schemas.write=true}
 * once and review the schema diff like any contract change) or changed in a way its consumers could not read.
 */
public final class EventSchemaContract {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EventSchemaContract() {
    }

    public static JsonNode generate(String service, Class<?> eventClass, int version) {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.EXTRA_OPEN_API_FORMAT_VALUES,
                        Option.NULLABLE_FIELDS_BY_DEFAULT, Option.FLATTENED_ENUMS);
        // Required, unless added to a published event later (@Nullable(absentInOlderEvents = true)).
        builder.forFields().withRequiredCheck(field -> java.util.Arrays.stream(field.getRawMember().getAnnotations())
                .filter(a -> a.annotationType().getSimpleName().equals("Nullable"))
                .noneMatch(EventSchemaContract::absentInOlderEvents));
        // Non-null unless the record component says @Nullable (doorstep.platform.domain.Nullable).
        builder.forFields().withNullableCheck(field -> java.util.Arrays.stream(field.getRawMember().getAnnotations())
                .anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable")));
        // Personal text (@Personal, D48) travels as a sealed value: encrypted under the order's key, or marked erased.
        builder.forFields().withCustomDefinitionProvider((field, context) -> java.util.Arrays.stream(field.getRawMember().getAnnotations())
                .anyMatch(a -> a.annotationType().getSimpleName().equals("Personal"))
                ? new com.github.victools.jsonschema.generator.CustomPropertyDefinition(sealedValue(),
                        com.github.victools.jsonschema.generator.CustomDefinition.AttributeInclusion.YES)
                : null);
        ObjectNode schema = (ObjectNode) new SchemaGenerator(builder.build()).generateSchema(eventClass);
        String name = eventClass.getSimpleName();
        ObjectNode ordered = JSON.createObjectNode();
        ordered.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        ordered.put("$id", dataSchema(service, name, version));
        ordered.put("title", "doorstep." + service + "." + name + ".v" + version);
        schema.remove("$schema");
        ordered.setAll(schema);
        return ordered;
    }

    /** The schema of a sealed personal value (doorstep.platform.personal.PersonalDataCipher). */
    private static ObjectNode sealedValue() {
        ObjectNode sealed = JSON.createObjectNode();
        sealed.put("type", "object");
        sealed.put("description", "Personal data (D48): encrypted with the order's data key (AES-256-GCM; base64 of the "
                + "96-bit IV and the ciphertext with its tag; the key id is the associated data), or marked erased when written "
                + "after the key was destroyed. Reads as 已删除 once the key is destroyed.");
        ObjectNode properties = sealed.putObject("properties");
        properties.putObject("keyId").put("type", "string").put("description", "the order id, whose data key sealed the value");
        properties.putObject("encrypted").put("type", "string").put("contentEncoding", "base64");
        properties.putObject("erased").put("const", true);
        sealed.putArray("required").add("keyId");
        sealed.putArray("oneOf").add(JSON.createObjectNode().set("required", JSON.createArrayNode().add("encrypted")))
                .add(JSON.createObjectNode().set("required", JSON.createArrayNode().add("erased")));
        sealed.put("additionalProperties", false);
        return sealed;
    }

    /** Where a service's published schemas live: its schema-only contract module, {@code contracts/<service>-events}. */
    public static Path contractResources(String service) {
        return Path.of("..", "contracts", service + "-events", "src", "main", "resources");
    }

    private static boolean absentInOlderEvents(java.lang.annotation.Annotation nullable) {
        try {
            return Boolean.TRUE.equals(nullable.annotationType().getMethod("absentInOlderEvents").invoke(nullable));
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * One event type of a service's catalogue as the check sees it.
     *
     * @param type             the event record written now
     * @param version          the version it is written at
     * @param readableVersions the versions stored events of the type may have, oldest first, ending with
     *                         {@code version}: older ones are read through upcasters
     */
    public record Published(Class<?> type, int version, List<Integer> readableVersions) {
    }

    /**
     * The build's contract check of one producer (decision D50), against the published schemas in its contract
     * module ({@link #contractResources}):
     * <ul>
     *   <li>the schema generated from each event record is compatible with the published schema of its version
     *       ({@link SchemaCompatibility}); an incompatible change fails, even with the write flag: the record needs
     *       a new version (and an upcaster from the old one);</li>
     *   <li>a compatible change (an optional property added, documentation) is written with
     *       {@code -Ddoorstep.schemas.write=true}, and otherwise fails as stale, so it shows up in review;</li>
     *   <li>every published version of a type stays published, and each older one has upcasters to the current one
     *       (old streams replay); a published type or version the catalogue no longer has fails;</li>
     *   <li>{@code catalog.json} (every type and version, its CloudEvents type and dataschema) matches the catalogue.</li>
     * </ul>
     */
    public static void check(String service, List<Published> types) {
        check(contractResources(service), service, types, Boolean.getBoolean("doorstep.schemas.write"));
    }

    /**
     * {@link #check(String, List)} against the contract resources in {@code resources}, writing compatible changes
     * when {@code write}.
     */
    public static void check(Path resources, String service, List<Published> types, boolean write) {
        Path folder = resources.resolve("META-INF/resources/schemas/" + service);
        List<String> stale = new ArrayList<>();
        List<String> incompatible = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        java.util.Set<String> expected = new java.util.TreeSet<>();
        ObjectNode catalog = JSON.createObjectNode();
        catalog.put("service", service);
        catalog.put("topic", "doorstep." + service + ".events");
        catalog.put("source", "/doorstep/" + service);
        com.fasterxml.jackson.databind.node.ArrayNode entries = catalog.putArray("events");
        List<Published> sorted = new ArrayList<>(types);
        sorted.sort(java.util.Comparator.comparing(t -> t.type().getSimpleName()));
        try {
            for (Published type : sorted) {
                String name = type.type().getSimpleName();
                for (int v : type.readableVersions()) {
                    String file = name + ".v" + v + ".json";
                    expected.add(file);
                    ObjectNode entry = entries.addObject();
                    entry.put("name", name);
                    entry.put("version", v);
                    entry.put("type", "doorstep." + service + "." + name + ".v" + v);
                    entry.put("dataschema", dataSchema(service, name, v));
                    entry.put("schema", file);
                    entry.put("current", v == type.version());
                    if (v != type.version() && !Files.exists(folder.resolve(file))) {
                        unreadable.add(file + " is gone: it is the contract of the events stored at that version; restore it");
                    }
                }
                for (int v = 1; v < type.version(); v++) {
                    if (!type.readableVersions().contains(v) && Files.exists(folder.resolve(name + ".v" + v + ".json"))) {
                        unreadable.add(name + ".v" + v + " has no upcasters to v" + type.version() + ": its stored events would not replay");
                    }
                }
                Path file = folder.resolve(name + ".v" + type.version() + ".json");
                JsonNode generated = generate(service, type.type(), type.version());
                if (Files.exists(file)) {
                    JsonNode published = JSON.readTree(Files.readString(file));
                    List<String> breaks = SchemaCompatibility.breaks(published, generated);
                    if (!breaks.isEmpty()) {
                        incompatible.add(name + ".v" + type.version() + ": " + String.join("; ", breaks));
                        continue;
                    }
                    if (published.equals(generated)) {
                        continue;
                    }
                }
                if (write) {
                    Files.createDirectories(folder);
                    Files.writeString(file, JSON.writeValueAsString(generated) + "\n");
                } else {
                    stale.add(file.toString());
                }
            }
            if (Files.isDirectory(folder)) {
                try (var listing = Files.list(folder)) {
                    listing.map(f -> f.getFileName().toString())
                            .filter(f -> f.matches(".+\\.v[0-9]+\\.json") && !expected.contains(f))
                            .forEach(f -> unreadable.add(f + " is published but no longer in the catalogue: keep the type (a new version "
                                    + "needs an upcaster from the old one)"));
                }
            }
            Path index = folder.resolve("catalog.json");
            String indexText = JSON.writeValueAsString(catalog) + "\n";
            if (!Files.exists(index) || !JSON.readTree(Files.readString(index)).equals(catalog)) {
                if (write) {
                    Files.createDirectories(folder);
                    Files.writeString(index, indexText);
                } else {
                    stale.add(index.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(incompatible).as("changes to published event schemas that would break their consumers: give the event a new "
                + "version (register it at N+1 with an upcaster from N, docs/events.md) instead").isEmpty();
        assertThat(unreadable).as("published event versions the catalogue cannot read").isEmpty();
        assertThat(stale).as("event schemas that no longer match their records; rebuild with -Ddoorstep.schemas.write=true "
                + "and review the diff").isEmpty();
    }

    /** The CloudEvents {@code dataschema} of an event type and version, also its schema's {@code $id}. */
    public static String dataSchema(String service, String name, int version) {
        return "urn:doorstep:schema:" + service + ":" + name + ":v" + version;
    }
}
