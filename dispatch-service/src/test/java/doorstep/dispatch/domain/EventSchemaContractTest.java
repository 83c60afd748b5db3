package doorstep.dispatch.domain;

import java.util.Arrays;
import java.util.List;

import doorstep.testing.EventSchemaContract;
import org.junit.jupiter.api.Test;

/** The published schema files match the event records (a changed record shows up as a schema diff in review). */
class EventSchemaContractTest {

    @Test
    void everyDispatchAndCalendarEventHasAnUpToDateSchema() {
        List<Class<?>> events = new java.util.ArrayList<>(Arrays.asList(DispatchEvent.class.getPermittedSubclasses()));
        events.addAll(Arrays.asList(CalendarEvent.class.getPermittedSubclasses()));
        EventSchemaContract.check("dispatch", events, 1);
    }
}
