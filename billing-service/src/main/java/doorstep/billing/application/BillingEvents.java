package doorstep.billing.application;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.billing.domain.BillingEvent;
import doorstep.billing.domain.FeeScheduleEvent;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.personal.PersonalDataCipher;

/** Every billing event (bills and fee schedules), version 1, on {@code doorstep.billing.events}. */
public class BillingEvents {

    public static final String SERVICE = "billing";

    @Produces
    @Singleton
    EventCatalog catalog(ObjectMapper json, PersonalDataCipher personal) {
        return catalog().withObjectMapper(json).withPersonalData(personal);
    }

    /** The catalogue of billing's event types and versions (with their upcasters), not yet bound to a mapper or keys. */
    public static EventCatalog catalog() {
        EventCatalog catalog = EventCatalog.forService(SERVICE);
        for (Class<?> type : BillingEvent.class.getPermittedSubclasses()) {
            catalog.register(type, 1);
        }
        for (Class<?> type : FeeScheduleEvent.class.getPermittedSubclasses()) {
            catalog.register(type, 1);
        }
        return catalog;
    }

    public static String scheduleStream(int version) {
        return "fee-schedule-v" + version;
    }

    /** The version number a schedule stream holds, as users name it (the inverse of {@link #scheduleStream}). */
    public static String scheduleVersionOf(String streamId) {
        return streamId.startsWith("fee-schedule-v") ? streamId.substring("fee-schedule-v".length()) : streamId;
    }
}
