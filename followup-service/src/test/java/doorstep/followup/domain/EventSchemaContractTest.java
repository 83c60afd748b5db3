package doorstep.followup.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import doorstep.testing.EventSchemaContract;
import org.junit.jupiter.api.Test;

/** The published schema files match the event records. */
class EventSchemaContractTest {

    @Test
    void everyFollowupEventHasAnUpToDateSchema() {
        List<Class<?>> events = new ArrayList<>();
        for (Class<?> family : new Class<?>[] {CoordinationEvent.class, CallbackEvent.class, RetentionEvent.class}) {
            events.addAll(Arrays.asList(family.getPermittedSubclasses()));
        }
        events.add(doorstep.platform.personal.PersonalDataErased.class); // every service records it (D48)
        EventSchemaContract.check("followup", events, 1);
    }
}
