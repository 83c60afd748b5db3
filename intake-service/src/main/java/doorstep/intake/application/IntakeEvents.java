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
        return EventCatalog.forService(SERVICE)
                .register(ProblemReported.class, 1)
                .register(OrderAmended.class, 1)
                .register(OrderCancelled.class, 1)
                .register(OrderDispatched.class, 1)
                .withObjectMapper(json)
                .withPersonalData(personal);
    }
}
