package doorstep.billing.application;

import doorstep.platform.contract.AsyncApiDocument;
import doorstep.platform.events.EventCatalog;
import doorstep.testing.AsyncApiContract;
import org.junit.jupiter.api.Test;

/**
 * billing-service's AsyncAPI document (D51), generated from its catalogue, its schemas, its application.properties and the
 * catalogues of the topics it reads, keeps the document's rules and matches the committed copy in its contract module.
 */
class AsyncApiContractTest {

    @Test
    void theAsyncApiDocumentIsValidAndItsCommittedCopyCurrent() {
        EventCatalog catalog = BillingEvents.catalog();
        String yaml = AsyncApiDocument.yaml(AsyncApiDocument.generate(catalog, AsyncApiContract.projectVersion(),
                AsyncApiDocument.consumedTopics(AsyncApiContract.serviceConfig())));
        AsyncApiContract.check(catalog.service(), AsyncApiDocument.readableVersions(catalog), yaml);
    }
}
