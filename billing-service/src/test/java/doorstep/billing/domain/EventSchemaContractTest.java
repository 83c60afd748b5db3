package doorstep.billing.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import doorstep.testing.EventSchemaContract;
import org.junit.jupiter.api.Test;

/** The published schema files match the event records. */
class EventSchemaContractTest {

    @Test
    void everyBillingEventHasAnUpToDateSchema() {
        List<Class<?>> events = new ArrayList<>(Arrays.asList(BillingEvent.class.getPermittedSubclasses()));
        events.addAll(Arrays.asList(FeeScheduleEvent.class.getPermittedSubclasses()));
        events.add(doorstep.platform.personal.PersonalDataErased.class); // every service records it (D48)
        EventSchemaContract.check("billing", events, 1);
    }
}
