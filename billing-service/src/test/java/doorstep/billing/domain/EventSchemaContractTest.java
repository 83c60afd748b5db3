package doorstep.billing.domain;


import doorstep.billing.application.BillingEvents;
import doorstep.platform.events.EventCatalog;
import doorstep.testing.EventSchemaContract;
import org.junit.jupiter.api.Test;

/** The published schema files match the event records. */
class EventSchemaContractTest {

    /** The contract check of doorstep.billing.events (D50): schemas generated from the records, compatible with the published ones. */
    @Test
    void everyPublishedEventVersionHasACompatibleSchemaAndIsReadable() {
        EventCatalog catalog = BillingEvents.catalog();
        EventSchemaContract.check("billing", catalog.types().stream()
                .map(t -> new EventSchemaContract.Published(t.javaType(), t.schemaVersion(), catalog.readableVersions(t))).toList());
    }
}
