package doorstep.followup.domain;


import doorstep.followup.application.FollowupEvents;
import doorstep.platform.events.EventCatalog;
import doorstep.testing.EventSchemaContract;
import org.junit.jupiter.api.Test;

/** The published schema files match the event records. */
class EventSchemaContractTest {

    /** The contract check of doorstep.followup.events (D50): schemas generated from the records, compatible with the published ones. */
    @Test
    void everyPublishedEventVersionHasACompatibleSchemaAndIsReadable() {
        EventCatalog catalog = FollowupEvents.catalog();
        EventSchemaContract.check("followup", catalog.types().stream()
                .map(t -> new EventSchemaContract.Published(t.javaType(), t.schemaVersion(), catalog.readableVersions(t))).toList());
    }
}
