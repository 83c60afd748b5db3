package doorstep.billing.messaging;

import doorstep.testing.ForeignEventContract;
import org.junit.jupiter.api.Test;

/** What billing reads of other services' events is backed by their published schemas (D50). */
class ForeignEventContractTest {

    @Test
    void everyRecordOfAnotherServicesEventMatchesThePublishedSchemaOfEachVersionItReads() {
        ForeignEventContract.check(DispatchEventsConsumer.class);
    }
}
