package doorstep.intake.api;

import static io.restassured.RestAssured.given;

import java.util.Set;

import doorstep.testing.DoorstepTestResource;
import doorstep.testing.OpenApiContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The service's OpenAPI document is one a client can be generated from (operation ids, declared headers, typed
 * errors, free-form data as objects: {@link OpenApiContract}), and its committed copy in contracts/openapi is current.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class OpenApiContractTest {

    /** Commands the platform keeps no answer for (registry rows, not event-sourced): they take no Idempotency-Key. */
    static final Set<String> WITHOUT_IDEMPOTENCY_KEY = Set.of("POST /api/v1/desk/rebuild", "POST /api/v1/personal-data/erasures", "POST /api/v1/sites", "POST /api/v1/units", "POST /api/v1/units/import");

    @Test
    void theDocumentFollowsTheContractAndItsCommittedCopyIsCurrent() {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        OpenApiContract.check("intake", document, WITHOUT_IDEMPOTENCY_KEY);
    }
}
