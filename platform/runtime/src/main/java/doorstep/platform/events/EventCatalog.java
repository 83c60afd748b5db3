package doorstep.platform.events;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import doorstep.platform.time.Precision;

/**
 * The event types one service writes: each domain event class with its name and schema version.
 * One event type, one class, one JSON Schema ({@code /schemas/<service>/<Name>.v<N>.json}).
 * A service provides exactly one catalog as a CDI bean.
 */
public final class EventCatalog {

    public record EventType(String name, int schemaVersion, Class<?> javaType) {
    }

    private final String service;
    private final Map<Class<?>, EventType> byClass = new HashMap<>();
    private final Map<String, EventType> byName = new HashMap<>();
    private ObjectMapper json = withPrecision(new ObjectMapper().findAndRegisterModules());

    private EventCatalog(String service) {
        this.service = service;
    }

    public static EventCatalog forService(String service) {
        return new EventCatalog(service);
    }

    /** Registers an event class under its simple name. */
    public EventCatalog register(Class<?> eventClass, int schemaVersion) {
        EventType type = new EventType(eventClass.getSimpleName(), schemaVersion, eventClass);
        if (byName.putIfAbsent(key(type.name(), schemaVersion), type) != null) {
            throw new IllegalArgumentException("event type registered twice: " + type.name());
        }
        byClass.put(eventClass, type);
        return this;
    }

    /**
     * Uses (a copy of) the application's configured mapper (dates as ISO-8601 text), with instants
     * written and read in the system's one {@link Precision}.
     */
    public EventCatalog withObjectMapper(ObjectMapper mapper) {
        this.json = withPrecision(mapper.copy());
        return this;
    }

    /**
     * Instants in event payloads are microseconds, written and read: a due time in an event equals the
     * one a table keeps, and an event stored with finer digits before this rule reads the same way.
     */
    private static ObjectMapper withPrecision(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("doorstep-time-precision");
        module.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Precision.of(value).toString());
            }
        });
        module.addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Precision.of(InstantDeserializer.INSTANT.deserialize(p, ctxt));
            }
        });
        return mapper.registerModule(module);
    }

    public String service() {
        return service;
    }

    public Set<EventType> types() {
        return Set.copyOf(byClass.values());
    }

    public EventType typeOf(Object event) {
        EventType type = byClass.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not an event of " + service);
        }
        return type;
    }

    public String toJson(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    /** The domain event inside an envelope this service wrote. */
    public Object decode(EventEnvelope envelope) {
        EventType type = byName.get(key(envelope.type(), envelope.schemaVersion()));
        if (type == null || !service.equals(envelope.service())) {
            throw new IllegalArgumentException("unknown event type " + envelope.cloudEventType());
        }
        try {
            return json.readValue(envelope.payload(), type.javaType());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + envelope.cloudEventType() + " " + envelope.eventId(), e);
        }
    }

    private static String key(String name, int version) {
        return name + ".v" + version;
    }
}
