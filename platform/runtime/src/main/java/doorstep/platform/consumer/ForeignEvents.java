package doorstep.platform.consumer;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import doorstep.platform.domain.Nullable;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataCipher;

/**
 * Reads another service's event as the consumer's typed {@link ForeignEvent} record, never field by field
 * with defaults: personal values are revealed first (clear, or 已删除 once erased, D48), then every record
 * component must be present in the data and non-null unless {@link Nullable}; fields the record does not
 * hold are ignored (a producer may add optional fields within a version). Anything else is a
 * {@link ContractViolation} naming the field, which dead-letters the record.
 */
@ApplicationScoped
public class ForeignEvents {

    private static final ObjectMapper STRICT = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    /** Jackson's words for an absent creator property, e.g. {@code Missing creator property 'paid' (index 1)}. */
    private static final java.util.regex.Pattern MISSING = java.util.regex.Pattern.compile("Missing (?:required )?creator property '([^']*)'");

    @Inject
    PersonalDataCipher personal;

    /**
     * @param event  an event of the service and type {@code type} names, at one of the versions it reads
     * @param type   the consumer's record of that event
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
        return bind(event, personal == null ? tree(event) : personal.reveal(event), type);
    }

    /** The event names of {@link ForeignEvent} records: what a consumer reacts to ({@link IdempotentConsumer#handle}). */
    public static java.util.Set<String> names(Class<?>... records) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Class<?> record : records) {
            ForeignEvent contract = record.getAnnotation(ForeignEvent.class);
            if (contract == null) {
                throw new IllegalArgumentException(record.getName() + " is not a @ForeignEvent record");
            }
            names.add(contract.type().isEmpty() ? record.getSimpleName() : contract.type());
        }
        return java.util.Set.copyOf(names);
    }

    /** Binds data already revealed (for tests and tools without a cipher). */
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
    private static JsonNode absentAsNull(JsonNode data, java.lang.reflect.Type type) {
        Class<?> raw = type instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord() && data instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            for (RecordComponent component : raw.getRecordComponents()) {
                Nullable nullable = component.getAnnotation(Nullable.class);
                if (nullable != null && nullable.absentInOlderEvents() && !object.has(component.getName())) {
                    object.putNull(component.getName());
                } else if (object.has(component.getName())) {
                    absentAsNull(object.get(component.getName()), component.getGenericType());
                }
            }
        } else if (Collection.class.isAssignableFrom(raw) && data.isArray() && type instanceof java.lang.reflect.ParameterizedType p) {
            data.forEach(item -> absentAsNull(item, p.getActualTypeArguments()[0]));
        }
        return data;
    }

    private static JsonNode tree(EventEnvelope event) {
        try {
            return STRICT.readTree(event.payload());
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
        java.util.regex.Matcher missing = MISSING.matcher(e.getOriginalMessage());
        if (e instanceof MismatchedInputException && missing.lookingAt()) {
            String field = missing.group(1);
            return "property '" + (path.equals(field) || path.endsWith("." + field) ? path : path.isEmpty() ? field : path + "." + field)
                    + "' is missing";
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
                    java.lang.reflect.Method accessor = component.getAccessor();
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
                if (item == null) {
                    return at;
                }
                String inner = nullComponent(item, at);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
