package doorstep.intake.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Front-end teams generate clients from the OpenAPI document: bodies and errors must be in it. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class OpenApiTest {

    @Test
    void commandsDeclareTheirAnswersAndEveryOperationItsProblemResponse() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/orders'.post.responses.'201'.content.'application/json'.schema.'$ref'", endsWith("/OrderView"))
                .body("paths.'/api/v1/orders/{id}/amendment'.post.responses.'200'.content.'application/json'.schema.'$ref'", endsWith("/OrderView"))
                .body("paths.'/api/v1/orders'.post.responses.default.content.'application/problem+json'.schema.'$ref'",
                        endsWith("/Problem"))
                .body("paths.'/api/v1/units/import'.post.responses.default", notNullValue())
                .body("components.schemas.Problem.required", hasItems("type", "title", "status"))
                .body("components.schemas.Problem.properties.errors.items.'$ref'", endsWith("/FieldError"))
                .body("components.schemas.FieldError.properties.field", notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
