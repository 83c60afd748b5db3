package doorstep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;

/**
 * The data of another service's event for a consumer's tests, held to the producer's published schema
 * (decision D50): a test may only feed a consumer what the producer could publish. Fixtures write personal
 * values in clear; where the schema says a value is sealed (D48) it is sealed here with the test's cipher
 * under the order's key, as the producer would have written it.
 */
public final class PublishedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seals one personal value under an order's key, e.g. {@code PersonalDataCipher::seal}. */
    @FunctionalInterface
    public interface Sealer {
        JsonNode seal(String keyId, String clearText);
    }

    private PublishedEvents() {
    }

    /**
     * @param service the producer, e.g. {@code dispatch}
     * @param keyId   the order whose key seals personal values (the event's subject)
     * @param json    the data as a fixture writes it, personal values in clear
     * @return the data as the producer publishes it: personal values sealed, every other value unchanged
     * @throws AssertionError naming each violation when the data does not match the published schema
     */
    public static String data(String service, String type, int version, String keyId, String json, Sealer sealer) {
        if (!EventSchemas.exists(service, type, version)) {
            throw new AssertionError("a fixture of " + service + "'s " + type + ".v" + version
                    + ", which has no published schema (is contracts/" + service + "-events a test dependency?)");
        }
        try {
            JsonNode schema = JSON.readTree(Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream(EventSchemas.resourcePath(service, type, version)));
            JsonNode data = JSON.readTree(json);
            JsonNode sealed = seal(data, SchemaShape.of(schema, schema), keyId, sealer);
            String published = JSON.writeValueAsString(sealed);
            Set<ValidationMessage> violations = EventSchemas.violations(service, type, version, published);
            if (!violations.isEmpty()) {
                throw new AssertionError("a fixture of doorstep." + service + "." + type + ".v" + version
                        + " that the producer could not publish: " + violations.stream().map(ValidationMessage::getMessage)
                        .sorted().collect(Collectors.joining("; ")) + "\n" + json);
            }
            return published;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode seal(JsonNode data, SchemaShape shape, String keyId, Sealer sealer) {
        if (data.isTextual() && shape.kinds.contains(SchemaShape.SEALED)) {
            return sealer.seal(keyId, data.asText());
        }
        if (data instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                SchemaShape property = shape.properties.get(field.getKey());
                if (property != null) {
                    field.setValue(seal(field.getValue(), property, keyId, sealer));
                }
            }
        } else if (data instanceof ArrayNode array && shape.items != null) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, seal(array.get(i), shape.items, keyId, sealer));
            }
        }
        return data;
    }
}
