package doorstep.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The per-user command limit, with a small bucket: 3 commands, then 429 with Retry-After; others and reads go on. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallBucket.class)
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class RateLimitTest {

    public static class SmallBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorstep.rate-limit.burst", "3", "doorstep.rate-limit.commands-per-minute", "3");
        }
    }

    private static Response increment(String user, String counter) {
        return given().header("Authorization", TestTokens.bearer("agent", user)).contentType("application/json")
                .body(Map.of("siteId", "site-a", "by", 1)).post("/api/v1/counters/" + counter + "/increments");
    }

    @Test
    void aUserBeyondTheLimitGets429WithRetryAfterWhileOthersAreServed() {
        String counter = "counter-" + UUID.randomUUID();
        String user = "busy-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            increment(user, counter).then().statusCode(200);
        }
        Response refused = increment(user, counter);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        increment("calm-" + UUID.randomUUID(), counter).then().statusCode(200);
        given().header("Authorization", TestTokens.bearer("agent", user)).get("/api/v1/counters/" + counter).then().statusCode(200);
    }
}
