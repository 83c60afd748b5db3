package doorstep.dispatch.application;

import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doorstep.dispatch.domain.CalendarEvent;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchEvent.DispatchDetailsUpdated;
import doorstep.dispatch.domain.DispatchEvent.DispatchOpened;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.personal.PersonalDataCipher;

/** Every event of {@link DispatchEvent} and of the working calendar ({@link CalendarEvent}) on {@code doorstep.dispatch.events}. */
public class DispatchEvents {

    public static final String SERVICE = "dispatch";

    @Produces
    @Singleton
    EventCatalog catalog(ObjectMapper json, PersonalDataCipher personal) {
        return catalog().withObjectMapper(json).withPersonalData(personal);
    }

    /**
     * The catalogue of dispatch's event types and versions (with their upcasters), not yet bound to a mapper or keys.
     * Every event is at version 1 except {@link DispatchOpened} and {@link DispatchDetailsUpdated}, at 2 since they
     * always carry {@code reporterPhoneExtension} (D50): their version 1 events written before D40 lack it, and
     * read as null.
     */
    public static EventCatalog catalog() {
        EventCatalog catalog = EventCatalog.forService(SERVICE);
        Map<Class<?>, Integer> versions = Map.of(DispatchOpened.class, 2, DispatchDetailsUpdated.class, 2);
        for (Class<?> type : DispatchEvent.class.getPermittedSubclasses()) {
            catalog.register(type, versions.getOrDefault(type, 1));
        }
        for (Class<?> type : CalendarEvent.class.getPermittedSubclasses()) {
            catalog.register(type, 1);
        }
        return catalog.upcast(DispatchOpened.class, 1, DispatchEvents::extensionAlwaysPresent)
                .upcast(DispatchDetailsUpdated.class, 1, DispatchEvents::extensionAlwaysPresent);
    }

    /** v1 → v2 of {@link DispatchOpened} and {@link DispatchDetailsUpdated}: an extension a v1 event lacks is none. */
    static ObjectNode extensionAlwaysPresent(ObjectNode v1) {
        if (!v1.has("reporterPhoneExtension")) {
            v1.putNull("reporterPhoneExtension");
        }
        return v1;
    }
}
