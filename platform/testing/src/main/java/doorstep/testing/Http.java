package doorstep.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A JSON request made by a user with a role, with a bearer token from {@link TestTokens}. */
public final class Http {

    private Http() {
    }

    /** As {@code actorId} in {@code role}, company-wide (every site). */
    public static RequestSpecification as(String role, String actorId) {
        return given().header("Authorization", TestTokens.bearer(role, actorId)).contentType(ContentType.JSON);
    }

    /** As {@code actorId} in {@code role}, working on {@code sites} only. */
    public static RequestSpecification as(String role, String actorId, String... sites) {
        return given().header("Authorization", TestTokens.bearer(role, actorId, sites)).contentType(ContentType.JSON);
    }

    /** As {@code actorId} holding every role, company-wide: for probes that must reach every operation. */
    public static RequestSpecification asEveryRole(String actorId) {
        return given().header("Authorization", "Bearer " + TestTokens.everyRole(actorId)).contentType(ContentType.JSON);
    }

    /** A company-wide administrator, for reads and set-up that no one role of the test is about. */
    public static RequestSpecification admin() {
        return as("admin", "admin-1");
    }
}
