package doorstep.billing.api;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.HostileInput;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the billing API, as its OpenAPI document lists them, refuses hostile input
 * (control characters, unpaired surrogates, duplicate keys, malformed JSON, numbers out of range,
 * forged cursors) with 400 problem+json naming the field, and writes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class HostileInputTest {

    @Inject
    EventStore store;

    @Test
    void everyOperationRefusesHostileInputNamingTheField() {
        HostileInput.assertEveryOperationRefusesHostileInput(() -> QuarkusTransaction.requiringNew().call(store::count),
                "POST /api/v1/fee-schedules", "POST /api/v1/fee-schedules/{version}/revision", "POST /api/v1/bills/{orderId}/payments", "PUT /api/v1/warehouse-materials/{code}");
    }
}
