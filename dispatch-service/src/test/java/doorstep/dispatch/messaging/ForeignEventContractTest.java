package doorstep.dispatch.messaging;

import doorstep.testing.ForeignEventContract;
import org.junit.jupiter.api.Test;

/** What dispatch reads of other services' events is backed by their published schemas (D50). */
class ForeignEventContractTest {

    @Test
    void everyRecordOfAnotherServicesEventMatchesThePublishedSchemaOfEachVersionItReads() {
        ForeignEventContract.check(IntakeEventsConsumer.class, BillingEventsConsumer.class);
    }
}
