package doorstep.followup.application;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.followup.domain.CallbackEvent;
import doorstep.followup.domain.CoordinationEvent;
import doorstep.followup.domain.RetentionEvent;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.personal.PersonalDataCipher;

/** Every followup event, version 1, on {@code doorstep.followup.events}; streams are {@code <order id>/<aspect>}. */
public class FollowupEvents {

    public static final String SERVICE = "followup";

    @Produces
    @Singleton
    EventCatalog catalog(ObjectMapper json, PersonalDataCipher personal) {
        return catalog().withObjectMapper(json).withPersonalData(personal);
    }

    /** The catalogue of followup's event types and versions (with their upcasters), not yet bound to a mapper or keys. */
    public static EventCatalog catalog() {
        EventCatalog catalog = EventCatalog.forService(SERVICE);
        for (Class<?> family : new Class<?>[] {CoordinationEvent.class, CallbackEvent.class, RetentionEvent.class}) {
            for (Class<?> type : family.getPermittedSubclasses()) {
                catalog.register(type, 1);
            }
        }
        return catalog;
    }

    public static String coordination(String orderId) {
        return orderId + "/coordination";
    }

    public static String callback(String orderId) {
        return orderId + "/callback";
    }

    public static String retention(String orderId) {
        return orderId + "/retention";
    }

    /** The dispatch order a followup stream ({@code <order id>/<kind>}) belongs to: the id users know it by. */
    public static String orderOf(String streamId) {
        int slash = streamId.lastIndexOf('/');
        return slash < 0 ? streamId : streamId.substring(0, slash);
    }
}
