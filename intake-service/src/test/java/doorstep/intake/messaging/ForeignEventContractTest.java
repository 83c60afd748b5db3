package doorstep.intake.messaging;

import doorstep.testing.ForeignEventContract;
import org.junit.jupiter.api.Test;

/** What intake reads of other services' events is backed by their published schemas (D50). */
class ForeignEventContractTest {

    @Test
    void everyRecordOfAnotherServicesEventMatchesThePublishedSchemaOfEachVersionItReads() {
        ForeignEventContract.check(DispatchEventsConsumer.class, FollowupEventsConsumer.class, doorstep.intake.desk.DeskEvents.class);
    }
}
