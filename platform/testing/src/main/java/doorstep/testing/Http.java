package doorstep.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A JSON request made by someone with a role, as the APIs expect until bearer tokens replace the headers. */
public final class Http {

    private Http() {
    }

    public static RequestSpecification as(String role, String actorId) {
        return given().header("X-Actor-Id", actorId).header("X-Actor-Role", role).contentType(ContentType.JSON);
    }
}
