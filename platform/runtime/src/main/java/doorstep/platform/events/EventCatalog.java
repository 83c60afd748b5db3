package doorstep.platform.events;

import java.util.HashMap;
import java.util.List;
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
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import doorstep.platform.domain.Personal;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.time.Precision;

/**
 * The event types one service writes: each domain event class with its name and schema version.
 * One event type, one class, one JSON Schema ({@code /schemas/<service>/<Name>.v<N>.json}).
 * A service provides exactly one catalog as a CDI bean. Every catalog holds {@link PersonalDataErased}.
 *
 * <p>Fields marked {@link Personal} are written as sealed values under the order's data key and read
 * back in clear, or as 已删除 once the key is destroyed ({@link #withPersonalData}, decision D48).
 */
public final class EventCatalog {

    /**
     * One event type at its current version.
     *
     * @param schemaVersion the version written now; older versions are read through {@link Upcaster}s
     */
    public record EventType(String name, int schemaVersion, Class<?> javaType) {

        /** The CloudEvents type, {@code doorstep.<service>.<Name>.v<N>}. */
        public String cloudEventType(String service) {
            return EventEnvelope.cloudEventType(service, name, schemaVersion);
        }
    }

    /**
     * Turns the data of one older version of an event into the next version's shape (an upcaster): stored
     * events keep the version they were written in, and are read as the current version. Works on the JSON
     * tree with personal values already revealed, never on the stored row.
     */
    @FunctionalInterface
    public interface Upcaster {

        /** @return the data as version {@code from + 1} would have it (may be the same node, changed) */
        ObjectNode upcast(ObjectNode data);
    }

    private final String service;
    private final Map<Class<?>, EventType> byClass = new HashMap<>();
    private final Map<String, EventType> byName = new HashMap<>();
    /** Keyed by {@code <Name>.v<from>}: the step from that version to the next. */
    private final Map<String, Upcaster> upcasters = new HashMap<>();
    private ObjectMapper json = withPersonalFields(withPrecision(new ObjectMapper().findAndRegisterModules()));
    private PersonalDataCipher personal;
    /** The envelope this thread decodes once while {@link #sharingDecodes} runs, and its event once decoded. */
    private final ThreadLocal<Object[]> shared = new ThreadLocal<>();

    private EventCatalog(String service) {
        this.service = service;
    }

    /** A catalog of one service's events, holding {@link PersonalDataErased} (every service records it). */
    public static EventCatalog forService(String service) {
        return new EventCatalog(service).register(PersonalDataErased.class, 1);
    }

    /** Encrypts and decrypts the {@link Personal} fields of this service's events with the given cipher. */
    public EventCatalog withPersonalData(PersonalDataCipher cipher) {
        this.personal = cipher;
        return this;
    }

    /** Registers an event class under its simple name, written at {@code schemaVersion}. */
    public EventCatalog register(Class<?> eventClass, int schemaVersion) {
        EventType type = new EventType(eventClass.getSimpleName(), schemaVersion, eventClass);
        if (byName.putIfAbsent(key(type.name(), schemaVersion), type) != null || byClass.containsKey(eventClass)) {
            throw new IllegalArgumentException("event type registered twice: " + type.name());
        }
        byClass.put(eventClass, type);
        return this;
    }

    /**
     * Reads stored events of {@code eventClass}'s type written at version {@code fromVersion} by turning them
     * into version {@code fromVersion + 1}; every version below the current one needs its step, so that old
     * streams replay (the build's contract check asks for them, {@code EventSchemaContract}).
     *
     * @throws IllegalArgumentException if the class is not registered, or {@code fromVersion} is not below its version
     */
    public EventCatalog upcast(Class<?> eventClass, int fromVersion, Upcaster upcaster) {
        EventType type = byClass.get(eventClass);
        if (type == null || fromVersion < 1 || fromVersion >= type.schemaVersion()) {
            throw new IllegalArgumentException("no upcaster from " + eventClass.getSimpleName() + ".v" + fromVersion
                    + (type == null ? ": not registered" : " (current version " + type.schemaVersion() + ")"));
        }
        if (upcasters.putIfAbsent(key(type.name(), fromVersion), upcaster) != null) {
            throw new IllegalArgumentException("upcaster registered twice: " + type.name() + ".v" + fromVersion);
        }
        return this;
    }

    /**
     * The versions of a type this catalogue reads, oldest first: the current one and each older one from which
     * a chain of upcasters reaches it.
     */
    public List<Integer> readableVersions(EventType type) {
        List<Integer> versions = new java.util.ArrayList<>();
        for (int v = type.schemaVersion() - 1; v >= 1 && upcasters.containsKey(key(type.name(), v)); v--) {
            versions.add(0, v);
        }
        versions.add(type.schemaVersion());
        return versions;
    }

    /**
     * Uses (a copy of) the application's configured mapper (dates as ISO-8601 text), with instants
     * written and read in the system's one {@link Precision}.
     */
    public EventCatalog withObjectMapper(ObjectMapper mapper) {
        this.json = withPersonalFields(withPrecision(mapper.copy()));
        return this;
    }

    /** The key id a {@link Personal} field is sealed under while one event is written. */
    private record Sealing(String keyId) {
    }

    /** {@link Personal} fields are written through {@link SealedField}. */
    private ObjectMapper withPersonalFields(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("doorstep-personal-fields");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                             List<BeanPropertyWriter> properties) {
                for (int i = 0; i < properties.size(); i++) {
                    BeanPropertyWriter property = properties.get(i);
                    if (property.getAnnotation(Personal.class) != null) {
                        if (property.getType().getRawClass() != String.class) {
                            throw new IllegalArgumentException("@Personal on " + description.getBeanClass().getSimpleName() + "."
                                    + property.getName() + ": only text fields may be personal");
                        }
                        properties.set(i, new SealedField(property, this::cipher));
                    }
                }
                return properties;
            }

            private PersonalDataCipher cipher() {
                return personal;
            }
        });
        return mapper.registerModule(module);
    }

    /** Writes a non-null personal text as a sealed value under the order's key; refuses when there is no key. */
    private static final class SealedField extends BeanPropertyWriter {

        private final transient java.util.function.Supplier<PersonalDataCipher> cipher;

        SealedField(BeanPropertyWriter base, java.util.function.Supplier<PersonalDataCipher> cipher) {
            super(base);
            this.cipher = cipher;
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider provider) throws Exception {
            Object value = get(bean);
            Sealing sealing = (Sealing) provider.getAttribute(Sealing.class);
            if (value == null) {
                super.serializeAsField(bean, gen, provider);
                return;
            }
            if (sealing == null || cipher.get() == null) {
                throw new IllegalStateException("personal field " + getName() + " written without its order's data key");
            }
            gen.writeFieldName(getName());
            gen.writeTree(cipher.get().seal(sealing.keyId(), value.toString()));
        }
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

    /**
     * The event's JSON payload, its {@link Personal} fields sealed under {@code keyId}.
     *
     * @param keyId the order the event is about (the envelope's subject)
     * @throws doorstep.platform.personal.KeysUnavailable when the key custodian cannot be reached
     */
    public String toJson(Object event, String keyId) {
        try {
            return json.writer().withAttribute(Sealing.class, new Sealing(keyId)).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof doorstep.platform.personal.KeysUnavailable unavailable) {
                    throw unavailable; // a 503 for a command, a wait for a consumer: not a broken event
                }
            }
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * The domain event inside an envelope this service wrote, as today's record: an older version is turned into
     * the current one by its upcasters first; its personal fields in clear, or 已删除 when the order's key is
     * destroyed.
     *
     * @throws IllegalArgumentException when the type, or its version, is not one this catalogue reads
     * @throws doorstep.platform.personal.KeysUnavailable when the key custodian cannot be reached
     */
    public Object decode(EventEnvelope envelope) {
        Object[] once = shared.get();
        if (once == null || once[0] != envelope) {
            return decodeNow(envelope);
        }
        if (once[1] == null) {
            once[1] = decodeNow(envelope);
        }
        return once[1];
    }

    /**
     * Runs {@code work} with {@code envelope} decoded (and its personal values revealed) at most once on this thread:
     * the service's projections, and a rebuild's fold, read the same event one after another (D57). Outside it,
     * every {@link #decode} reads the envelope anew (after an erasure, say, its personal values read 已删除).
     */
    public void sharingDecodes(EventEnvelope envelope, Runnable work) {
        Object[] outer = shared.get();
        shared.set(new Object[] {envelope, null});
        try {
            work.run();
        } finally {
            if (outer == null) {
                shared.remove();
            } else {
                shared.set(outer);
            }
        }
    }

    private Object decodeNow(EventEnvelope envelope) {
        EventType type = currentType(envelope);
        try {
            boolean sealed = personal != null && envelope.payload().contains("\"keyId\"");
            if (!sealed && type.schemaVersion() == envelope.schemaVersion()) {
                return json.readValue(envelope.payload(), type.javaType());
            }
            JsonNode data = json.readTree(envelope.payload());
            if (sealed) {
                data = personal.reveal(data);
            }
            for (int v = envelope.schemaVersion(); v < type.schemaVersion(); v++) {
                data = upcasters.get(key(type.name(), v)).upcast((ObjectNode) data);
            }
            return json.treeToValue(data, type.javaType());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + envelope.cloudEventType() + " " + envelope.eventId(), e);
        }
    }

    /** The type an envelope's event is read as: its own version, or the current one reached by upcasters. */
    private EventType currentType(EventEnvelope envelope) {
        if (service.equals(envelope.service())) {
            EventType exact = byName.get(key(envelope.type(), envelope.schemaVersion()));
            if (exact != null) {
                return exact;
            }
            for (EventType type : byClass.values()) {
                if (type.name().equals(envelope.type()) && readableVersions(type).contains(envelope.schemaVersion())) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException("unknown event type " + envelope.cloudEventType());
    }

    private static String key(String name, int version) {
        return name + ".v" + version;
    }
}
