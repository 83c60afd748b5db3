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
        EventCatalog catalog = EventCatalog.forService(SERVICE).withObjectMapper(json).withPersonalData(personal);
        for (Class<?> type : DispatchEvent.class.getPermittedSubclasses()) {
            catalog.register(type, 1);
        }
        for (Class<?> type : CalendarEvent.class.getPermittedSubclasses()) {
            catalog.register(type, 1);
        }
        return catalog;
    }
}
