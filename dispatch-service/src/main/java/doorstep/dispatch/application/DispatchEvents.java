package doorstep.dispatch.application;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.dispatch.domain.CalendarEvent;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.personal.PersonalDataCipher;

/**
 * Every event of {@link DispatchEvent} and of the working calendar ({@link CalendarEvent}), version 1,
 * on {@code doorstep.dispatch.events}.
 */
public class DispatchEvents {

    public static final String SERVICE = "dispatch";

    @Produces
    @Singleton
    EventCatalog catalog(ObjectMapper json, PersonalDataCipher personal) {
        return catalog().withObjectMapper(json).withPersonalData(personal);
    }

    /** The catalogue of dispatch's event types and versions (with their upcasters), not yet bound to a mapper or keys. */
    public static EventCatalog catalog() {
        EventCatalog catalog = EventCatalog.forService(SERVICE);
        for (Class<?> type : DispatchEvent.class.getPermittedSubclasses()) {
            catalog.register(type, 1);
        }
        for (Class<?> type : CalendarEvent.class.getPermittedSubclasses()) {
            catalog.register(type, 1);
        }
        return catalog;
    }
}
