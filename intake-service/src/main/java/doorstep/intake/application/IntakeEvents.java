package doorstep.intake.application;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.intake.domain.OrderAmended;
import doorstep.intake.domain.OrderCancelled;
import doorstep.intake.domain.OrderDispatched;
import doorstep.intake.domain.ProblemReported;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.personal.PersonalDataCipher;

/** The event types intake publishes on {@code doorstep.intake.events}. */
public class IntakeEvents {

    public static final String SERVICE = "intake";

    @Produces
    @Singleton
    EventCatalog catalog(ObjectMapper json, PersonalDataCipher personal) {
        return catalog().withObjectMapper(json).withPersonalData(personal);
    }

    /** The catalogue of intake's event types and versions (with their upcasters), not yet bound to a mapper or keys. */
    public static EventCatalog catalog() {
        return EventCatalog.forService(SERVICE)
                .register(ProblemReported.class, 1)
                .register(OrderAmended.class, 1)
                .register(OrderCancelled.class, 1)
                .register(OrderDispatched.class, 1);
    }
}
