package doorstep.intake.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import doorstep.testing.AsyncApiContract;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The running service serves, without a token, the same AsyncAPI document its build checks and commits (D51): its
 * configuration as it runs (profiles, platform defaults) describes the same channels as its application.properties.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class AsyncApiServedTest {

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        Response served = given().get("/asyncapi.yaml");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/yaml");
        String committed = Files.readString(AsyncApiContract.committedCopy("intake"));
        assertThat(served.asString()).isEqualTo(committed);
        // The contract jar serves its committed copy too.
        assertThat(given().get("/asyncapi/intake.yaml").then().statusCode(200).extract().asString()).isEqualTo(committed);
    }
}
