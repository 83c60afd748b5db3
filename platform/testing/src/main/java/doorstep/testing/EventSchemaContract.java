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
 * Keeps a service's published event schemas and its event records in step. The schema files are
 * the contract integrators read; they are derived from the records, committed, and this check
 * fails when a record changed without its schema file: run the build with
 * {@code -Ddoorstep.schemas.write=true} once and review the schema diff like any contract change.
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
        ordered.put("$id", "/schemas/" + service + "/" + name + ".v" + version + ".json");
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
     * Compares (or, with {@code -Ddoorstep.schemas.write=true}, writes) the schema file of each event
     * class under {@code contracts/<service>-events/src/main/resources/META-INF/resources/schemas/<service>/}.
     */
    public static void check(String service, List<Class<?>> eventClasses, int version) {
        boolean write = Boolean.getBoolean("doorstep.schemas.write");
        List<String> stale = new ArrayList<>();
        for (Class<?> type : eventClasses) {
            Path file = contractResources(service).resolve(EventSchemas.resourcePath(service, type.getSimpleName(), version));
            try {
                String generated = JSON.writeValueAsString(generate(service, type, version)) + "\n";
                if (write) {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, generated);
                } else if (!Files.exists(file) || !JSON.readTree(Files.readString(file)).equals(JSON.readTree(generated))) {
                    stale.add(file.toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(stale).as("event schemas that no longer match their records; rebuild with -Ddoorstep.schemas.write=true "
                + "and review the diff").isEmpty();
    }
}
