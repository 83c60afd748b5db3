package doorstep.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import doorstep.localinfra.LocalTokens;
import doorstep.platform.testapp.CounterResource;
import doorstep.platform.time.ControllableClock;
import doorstep.platform.web.IdempotentCommands;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.Http;
import doorstep.testing.SecuredEndpoints;
import doorstep.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Bearer tokens, roles by annotation, sites, idempotency keys and audit, on the platform's test application. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class AccessTest {

    @Inject
    EntityManager em;
    @Inject
    java.time.Clock clock;
    @Inject
    IdempotentCommands idempotent;

    private static String counter() {
        return "counter-" + UUID.randomUUID();
    }

    private static Response increment(String token, String counter, String site, int by, String key) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("siteId", site);
        body.put("by", by);
        var r = given().contentType("application/json").body(body);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        return r.post("/api/v1/counters/" + counter + "/increments");
    }

    private long events(String counter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from event_store where stream_id = ?1").setParameter(1, counter).getSingleResult()).longValue());
    }

    // ---- tokens --------------------------------------------------------------------------------

    private static JWTClaimsSet.Builder claims(Instant issued, Instant expires) {
        return TestTokens.issuer().claims("agent-1", List.of("agent"), List.of("*"), issued, expires);
    }

    @Test
    void everyUntrustworthyTokenIs401ProblemJsonAndChangesNothing() {
        Instant now = Instant.now();
        LocalTokens stranger = LocalTokens.temporary();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("expired", TestTokens.issuer().sign(claims(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))).build()));
        tokens.put("not yet valid", TestTokens.issuer().sign(claims(now, now.plus(Duration.ofHours(3)))
                .notBeforeTime(java.util.Date.from(now.plus(Duration.ofHours(1)))).build()));
        tokens.put("wrong issuer", TestTokens.issuer().sign(claims(now, now.plus(Duration.ofHours(1))).issuer("https://evil.example").build()));
        tokens.put("wrong audience", TestTokens.issuer().sign(claims(now, now.plus(Duration.ofHours(1))).audience("someone-else").build()));
        tokens.put("bad signature", stranger.sign(claims(now, now.plus(Duration.ofHours(1))).build()));
        tokens.put("alg none", new PlainJWT(claims(now, now.plus(Duration.ofHours(1))).build()).serialize());
        tokens.put("garbage", "not.a.token");
        String counter = counter();
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            Response r = increment(t.getValue(), counter, "site-a", 1, null);
            assertThat(r.statusCode()).as(t.getKey()).isEqualTo(401);
            assertThat(r.contentType()).as(t.getKey()).startsWith("application/problem+json");
            assertThat(r.header("WWW-Authenticate")).as(t.getKey()).startsWith("Bearer");
            Response read = given().header("Authorization", "Bearer " + t.getValue()).get("/api/v1/counters/" + counter);
            assertThat(read.statusCode()).as(t.getKey() + " (read)").isEqualTo(401);
        }
        Response none = increment(null, counter, "site-a", 1, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        given().get("/api/v1/counters/" + counter).then().statusCode(401).contentType("application/problem+json");
        assertThat(events(counter)).isZero();
    }

    @Test
    void aValidTokenWithARoleThatMayNotActIs403AndAPublicEndpointNeedsNoToken() {
        String counter = counter();
        Response r = increment(TestTokens.token("warehouse", "keeper-1"), counter, "site-a", 1, null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(events(counter)).isZero();
        given().get("/api/v1/counters/public-note").then().statusCode(200).body("note", containsString("no token"));
    }

    @Test
    void anEndpointWithoutARuleIsRefusedAndTheBuildTimeCheckNamesIt() {
        Http.asEveryRole("curious-1").get("/api/v1/counters/forgotten").then().statusCode(403);
        assertThat(SecuredEndpoints.withoutAccessRule(new ClassFileImporter().importClasses(CounterResource.class)))
                .containsExactly("CounterResource.unannotated");
        // The platform's own endpoints (projection rebuilds, the clock) all have a rule.
        assertThat(SecuredEndpoints.withoutAccessRule("doorstep.platform")).isEmpty();
    }

    // ---- audit ---------------------------------------------------------------------------------

    @Test
    void theEventRecordsTheTokensUserAndTheRoleTheyActedIn() {
        String counter = counter();
        String leaderAndTechnician = TestTokens.issuer().sign(TestTokens.issuer().claims("li-lei", List.of("technician", "team-leader"),
                List.of("site-a"), Instant.now(), Instant.now().plusSeconds(600)).build());
        increment(leaderAndTechnician, counter, "site-a", 2, null).then().statusCode(200).body("actedAs", equalTo("team-leader"));
        Object[] actor = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select actor_id, actor_role, site_id from event_store where stream_id = ?1").setParameter(1, counter).getSingleResult());
        assertThat(actor).containsExactly("li-lei", "team-leader", "site-a");
    }

    // ---- sites ---------------------------------------------------------------------------------

    @Test
    void anotherSitesObjectIsAnsweredExactlyAsAMissingOne() {
        String counter = counter();
        increment(TestTokens.token("agent", "agent-a", "site-a"), counter, "site-a", 3, null).then().statusCode(200);
        String siteB = TestTokens.token("agent", "agent-b", "site-b");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                Http.as("agent", "agent-a", "site-a").get("/api/v1/counters/" + counter).then().statusCode(200).body("total", equalTo(3)));

        Response other = given().header("Authorization", "Bearer " + siteB).get("/api/v1/counters/" + counter);
        Response missing = given().header("Authorization", "Bearer " + siteB).get("/api/v1/counters/" + counter + "-missing");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.jsonPath().getString("title")).isEqualTo(missing.jsonPath().getString("title"));
        assertThat(other.jsonPath().getString("detail")).isEqualTo(missing.jsonPath().getString("detail").replace("-missing", ""));

        // Changing it, or moving it to one's own site, is the same 404; nothing is recorded.
        increment(siteB, counter, "site-b", 1, null).then().statusCode(404).contentType("application/problem+json");
        increment(siteB, counter, null, 1, null).then().statusCode(404);
        // Creating in a site one does not work on: 404 too.
        String fresh = counter();
        increment(siteB, fresh, "site-a", 1, null).then().statusCode(404);
        assertThat(events(counter)).isEqualTo(1);
        assertThat(events(fresh)).isZero();

        // Lists hold only the caller's sites; asking for another site's list is a 404 for that site.
        List<String> listed = given().header("Authorization", "Bearer " + siteB).get("/api/v1/counters").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(listed).doesNotContain(counter);
        given().header("Authorization", "Bearer " + siteB).queryParam("siteId", "site-a").get("/api/v1/counters").then().statusCode(404);
        assertThat(Http.as("agent", "agent-a", "site-a").get("/api/v1/counters").then().statusCode(200).extract().jsonPath()
                .getList("$", String.class)).contains(counter);
        // A token without a sites claim sees no site at all.
        String noSites = TestTokens.issuer().sign(TestTokens.issuer().claims("nobody", List.of("agent"), List.of("*"), Instant.now(),
                Instant.now().plusSeconds(600)).claim("sites", null).build());
        given().header("Authorization", "Bearer " + noSites).get("/api/v1/counters/" + counter).then().statusCode(404);
    }

    // ---- idempotency keys ----------------------------------------------------------------------

    @Test
    void aKeyReusedWithAnotherBodyIs422NamingTheHeader() {
        String counter = counter();
        String agent = TestTokens.token("agent", "agent-k");
        increment(agent, counter, "site-a", 1, "k-1").then().statusCode(200);
        increment(agent, counter, "site-a", 2, "k-1").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertThat(events(counter)).isEqualTo(1);
    }

    @Test
    void theSameKeyFromAnotherUserOrOnAnotherPathIsAnotherKey() {
        String counter = counter();
        String other = counter();
        Response first = increment(TestTokens.token("agent", "agent-1"), counter, "site-a", 1, "shared-key");
        first.then().statusCode(200).body("version", equalTo(1));
        increment(TestTokens.token("agent", "agent-2"), counter, "site-a", 1, "shared-key").then().statusCode(200).body("version", equalTo(2));
        increment(TestTokens.token("agent", "agent-1"), other, "site-a", 1, "shared-key").then().statusCode(200)
                .body("counterId", equalTo(other)).body("version", equalTo(1));
        increment(TestTokens.token("agent", "agent-1"), counter, "site-a", 1, "shared-key").then().statusCode(200).body("version", equalTo(1));
        assertThat(events(counter)).isEqualTo(2);
        assertThat(events(other)).isEqualTo(1);
    }

    @Test
    void twoIdenticalRequestsRacingWithOneKeyMakeOneEffectAndTwoEqualAnswers() throws Exception {
        for (int round = 0; round < 5; round++) {
            String counter = counter();
            String token = TestTokens.token("agent", "racer");
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Response>> racers = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return increment(token, counter, "site-a", 1, "race-" + counter);
            })).toList();
            Response a = racers.get(0).get();
            Response b = racers.get(1).get();
            assertThat(List.of(a.statusCode(), b.statusCode())).containsExactly(200, 200);
            assertThat(a.asString()).isEqualTo(b.asString());
            assertThat(a.header("ETag")).isEqualTo(b.header("ETag"));
            assertThat(events(counter)).isEqualTo(1);
        }
    }

    @Test
    void storedAnswersExpireAfter24HoursAndArePurged() {
        ControllableClock c = (ControllableClock) clock;
        c.set(Instant.parse("2031-03-01T08:00:00.000001Z"));
        String counter = counter();
        String token = TestTokens.token("agent", "agent-expiry");
        increment(token, counter, "site-a", 1, "daily").then().statusCode(200).body("version", equalTo(1));
        c.advance(Duration.ofHours(23).plusMinutes(59));
        increment(token, counter, "site-a", 1, "daily").then().statusCode(200).body("version", equalTo(1));
        idempotent.purgeExpired();
        assertThat(storedAnswers("agent-expiry")).as("not old enough yet").isEqualTo(1);
        c.advance(Duration.ofMinutes(1));
        assertThat(idempotent.purgeExpired()).isPositive();
        assertThat(storedAnswers("agent-expiry")).isZero();
        // After 24 hours the key is free again: the same request is a new command.
        increment(token, counter, "site-a", 1, "daily").then().statusCode(200).body("version", equalTo(2));
    }

    private int storedAnswers(String user) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from idempotent_request where user_id = ?1").setParameter(1, user).getSingleResult()).intValue());
    }

    // ---- mass assignment -------------------------------------------------------------------------

    @Test
    void aFieldTheCommandDoesNotTakeIsRefusedByName() {
        String counter = counter();
        given().header("Authorization", TestTokens.bearer("agent", "agent-1")).contentType("application/json")
                .body("{\"siteId\":\"site-a\",\"by\":1,\"version\":7}").post("/api/v1/counters/" + counter + "/increments")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("version"));
        assertThat(events(counter)).isZero();
    }
}
