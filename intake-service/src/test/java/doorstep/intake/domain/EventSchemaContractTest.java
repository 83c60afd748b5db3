package doorstep.intake.domain;

import doorstep.intake.application.IntakeEvents;
import doorstep.platform.events.EventCatalog;
import doorstep.testing.EventSchemaContract;
import org.junit.jupiter.api.Test;

/** The published schema files match the event records, and stay compatible with what integrators have (D50). */
class EventSchemaContractTest {

    /** The contract check of doorstep.intake.events (D50): schemas generated from the records, compatible with the published ones. */
    @Test
    void everyPublishedEventVersionHasACompatibleSchemaAndIsReadable() {
        EventCatalog catalog = IntakeEvents.catalog();
        EventSchemaContract.check("intake", catalog.types().stream()
                .map(t -> new EventSchemaContract.Published(t.javaType(), t.schemaVersion(), catalog.readableVersions(t))).toList());
    }
}
