package doorstep.platform.events;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    private ObjectMapper json = new ObjectMapper().findAndRegisterModules();

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

    /** Uses the application's configured mapper (dates as ISO-8601 text). */
    public EventCatalog withObjectMapper(ObjectMapper mapper) {
        this.json = mapper;
        return this;
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
