package doorstep.platform.consumer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import doorstep.platform.domain.Nullable;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataCipher;

/**
 * Reads another service's event as the consumer's typed {@link ForeignEvent} record, never field by field
 * with defaults (decision D50): personal values are revealed first (clear, or 已删除 once erased, D48), then every
 * record component must be present in the data, of its JSON type (no coercion: {@code "true"} is not a boolean,
 * {@code 4.7} not an integer, a number not text, an instant only ISO-8601 text), and non-null unless
 * {@link Nullable}; fields the record does not hold are ignored (a producer may add optional fields within a
 * version). Anything else is a {@link ContractViolation} naming the field, which dead-letters the record.
 */
@ApplicationScoped
public class ForeignEvents {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .findAndAddModules()
            .addModule(new SimpleModule("doorstep-strict-instants").addDeserializer(Instant.class, new TextualInstant()))
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    /** Jackson's words for an absent creator property, e.g. {@code Missing creator property 'paid' (index 1)}. */
    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']*)'");

    @Inject
    PersonalDataCipher personal;

    /**
     * @param event an event of the service and type {@code type} names, at one of the versions it reads
     * @param type  the consumer's record of that event
     * @return the record, every required field present
     * @throws ContractViolation when the event is not what the record reads
     * @throws doorstep.platform.personal.KeysUnavailable when a personal value cannot be revealed now
     */
    public <T extends Record> T read(EventEnvelope event, Class<T> type) {
        ForeignEvent contract = type.getAnnotation(ForeignEvent.class);
        if (contract == null) {
            throw new IllegalArgumentException(type.getName() + " is not a @ForeignEvent record");
        }
        String name = contract.type().isEmpty() ? type.getSimpleName() : contract.type();
        if (!contract.service().equals(event.service()) || !name.equals(event.type())) {
            throw new IllegalArgumentException(type.getSimpleName() + " reads " + contract.service() + "'s " + name + ", not "
                    + event.cloudEventType());
        }
        if (Arrays.stream(contract.versions()).noneMatch(v -> v == event.schemaVersion())) {
            throw violation(event, "version " + event.schemaVersion() + " is not one this consumer reads "
                    + Arrays.toString(contract.versions()));
        }
        return bind(event, personal.reveal(tree(event)), type);
    }

    /**
     * The event names of {@link ForeignEvent} records and any {@code others} (e.g. the platform's
     * {@code PersonalDataErased}): what a consumer reacts to ({@link IdempotentConsumer#handle}).
     */
    public static Set<String> names(Set<String> others, Class<?>... records) {
        Set<String> names = new TreeSet<>(others);
        for (Class<?> record : records) {
            ForeignEvent contract = record.getAnnotation(ForeignEvent.class);
            if (contract == null) {
                throw new IllegalArgumentException(record.getName() + " is not a @ForeignEvent record");
            }
            names.add(contract.type().isEmpty() ? record.getSimpleName() : contract.type());
        }
        return Set.copyOf(names);
    }

    /** {@link #names(Set, Class[])} of the records alone. */
    public static Set<String> names(Class<?>... records) {
        return names(Set.of(), records);
    }

    /** Binds an event's data (personal values already revealed) to the record, strictly; see the class comment. */
    static <T extends Record> T bind(EventEnvelope event, JsonNode data, Class<T> type) {
        T value;
        try {
            value = STRICT.treeToValue(absentAsNull(data.deepCopy(), type), type);
        } catch (JsonProcessingException e) {
            throw violation(event, describe(e));
        }
        String missing = nullComponent(value, "");
        if (missing != null) {
            throw violation(event, "property '" + missing + "' is null");
        }
        return value;
    }

    /**
     * Fields that events written before they existed lack ({@code @Nullable(absentInOlderEvents = true)}, which the
     * published schema does not require) read as null; every other field must be there.
     */
    private static JsonNode absentAsNull(JsonNode data, Type type) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord() && data instanceof ObjectNode object) {
            for (RecordComponent component : raw.getRecordComponents()) {
                Nullable nullable = component.getAnnotation(Nullable.class);
                if (nullable != null && nullable.absentInOlderEvents() && !object.has(component.getName())) {
                    object.putNull(component.getName());
                } else if (object.has(component.getName())) {
                    absentAsNull(object.get(component.getName()), component.getGenericType());
                }
            }
        } else if (Collection.class.isAssignableFrom(raw) && data.isArray() && type instanceof ParameterizedType p) {
            data.forEach(item -> absentAsNull(item, p.getActualTypeArguments()[0]));
        }
        return data;
    }

    private static JsonNode tree(EventEnvelope event) {
        try {
            JsonNode data = STRICT.readTree(event.payload());
            if (data == null || !data.isObject()) {
                throw violation(event, "data is not a JSON object");
            }
            return data;
        } catch (JsonProcessingException e) {
            throw violation(event, "data is not JSON");
        }
    }

    private static ContractViolation violation(EventEnvelope event, String what) {
        return new ContractViolation(event.cloudEventType() + " " + event.eventId() + " breaks the contract: " + what);
    }

    private static String describe(JsonProcessingException e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping) : "";
        if (e instanceof InvalidFormatException invalid) {
            return "property '" + path + "' has value " + invalid.getValue() + ", not a " + invalid.getTargetType().getSimpleName();
        }
        Matcher missing = MISSING.matcher(e.getOriginalMessage());
        if (e instanceof MismatchedInputException && missing.lookingAt()) {
            String field = missing.group(1);
            return "property '" + (path.equals(field) || path.endsWith("." + field) ? path : path.isEmpty() ? field : path + "." + field)
                    + "' is missing";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "property '" + path + "' is not a " + mismatch.getTargetType().getSimpleName();
        }
        return "property '" + path + "': " + e.getOriginalMessage();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The path of the first component that is null without being {@link Nullable}, within records and lists; or null. */
    private static String nullComponent(Object value, String path) {
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object field;
                try {
                    Method accessor = component.getAccessor();
                    accessor.setAccessible(true); // consumers' records are package-private
                    field = accessor.invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                String at = path.isEmpty() ? component.getName() : path + "." + component.getName();
                if (field == null && !component.isAnnotationPresent(Nullable.class)) {
                    return at;
                }
                String inner = nullComponent(field, at);
                if (inner != null) {
                    return inner;
                }
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                String at = path + "[" + i++ + "]";
                String inner = item == null ? at : nullComponent(item, at);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** An instant only as ISO-8601 text, as the schemas say ({@code format: date-time}); never a number of seconds. */
    private static final class TextualInstant extends StdDeserializer<Instant> {

        TextualInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
