package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.as;
import static doorstep.intake.api.IntakeApi.report;
import static doorstep.intake.api.IntakeApi.reportBody;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import com.nimbusds.jwt.PlainJWT;
import doorstep.localinfra.LocalTokens;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.security.Roles;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class OrderApiTest {

    @Inject
    EventStore store;

    @Test
    void reportingAProblemCreatesAnOrderThatCanBeReadListedAndTraced() {
        String[] site = siteWithUnit();
        var created = report(reportBody(site[1]))
                .statusCode(201)
                .header("ETag", "\"1\"")
                .body("number", matchesPattern("PG\\d{8}-\\d{6}"))
                .body("siteId", equalTo(site[0]))
                .body("status", equalTo("REPORTED"))
                .body("location.kind", equalTo("IN_UNIT"))
                .body("location.unitLabel", equalTo("3栋-1202"))
                .body("legalOwner.name", equalTo("李四"))
                .body("legalOwner.phones", contains("13900001111"))
                .body("reporter.name", equalTo("王"))
                .body("reporter.phone.canonical", equalTo("13812345678"))
                .body("reporter.phone.fallbackDial", equalTo("013812345678"))
                .body("visitTime.asSoonAsPossible", equalTo(true))
                .body("channel", equalTo("CUSTOMER_CENTER"))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/orders/" + id);

        agent().get("/api/v1/orders/" + id).then().statusCode(200).header("ETag", "\"1\"").body("content", equalTo("厨房水管漏水"));
        agent().queryParam("siteId", site[0]).get("/api/v1/orders").then().statusCode(200)
                .body("items.id", contains(id)).body("nextCursor", nullValue());
        agent().get("/api/v1/orders/" + id + "/timeline").then().statusCode(200)
                .body("items.type", contains("ProblemReported"))
                .body("items[0].cloudEventType", equalTo("doorstep.intake.ProblemReported.v1"))
                .body("items[0].actor.role", equalTo("agent"))
                .body("items[0].data.reporter.name", equalTo("王"));
    }

    @Test
    void aPastedPhoneIsAcceptedAndItsExtensionKeptApart() {
        // given: a site in Chongqing (area code 023) whose unit's owner phone was copied from a phone's contacts
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").body(Map.of("id", site, "name", "龙湖花园", "areaCode", "023")).post("/api/v1/sites").then()
                .statusCode(201).body("areaCode", equalTo("023"));
        String unitId = as("admin").body(Map.of("siteId", site, "building", "1栋", "unitNumber", "101",
                        "owner", Map.of("name", "李四", "phones", List.of("\u202D139-1234-5678\u202C", "028-87654321转8012"))))
                .post("/api/v1/units").then().statusCode(201)
                .body("owner.phones", contains("13912345678", "028-87654321转8012")).extract().path("id");

        // when: the reporter's phone is typed with a Chinese input method (full-width digits and space)
        String id = report(Map.of("unitId", unitId, "reporter", Map.of("name", "王", "phone", "１３９　１２３４　５６７８"),
                "visitTime", "ASAP", "content", "厨房水管漏水"))
                .statusCode(201)
                .body("reporter.phone.canonical", equalTo("13912345678"))
                .body("reporter.phone.extension", nullValue())
                .body("reporter.phone.fallbackDial", equalTo("013912345678")) // 139 1234 is registered in 常州, not 重庆
                .body("legalOwner.phones", contains("13912345678", "028-87654321转8012"))
                .extract().path("id");

        // when: it is corrected to a mobile of Chongqing with an extension
        agent().body(Map.of("reporter", Map.of("name", "王", "phone", "13512345678转9100")))
                .post("/api/v1/orders/" + id + "/amendment").then().statusCode(200)
                // then: the technician dials the number, then the extension; a local mobile needs no 0 in front
                .body("reporter.phone.canonical", equalTo("13512345678"))
                .body("reporter.phone.extension", equalTo("9100"))
                .body("reporter.phone.fallbackDial", nullValue());
        agent().get("/api/v1/orders/" + id + "/timeline").then().statusCode(200)
                .body("items[0].data.legalOwner.phones[1].canonical", equalTo("028-87654321"))
                .body("items[0].data.legalOwner.phones[1].extension", equalTo("8012"))
                .body("items[1].data.reporter.phone.extension", equalTo("9100"));
    }

    @Test
    void aPublicAreaNeedsItsSiteAndHasNoOwner() {
        String[] site = siteWithUnit();
        report(Map.of("siteId", site[0], "publicArea", "3栋大堂", "reporter", Map.of("name", "保安", "phone", "0755-86123456"),
                "visitTime", "2099-01-01T09:00:00+08:00", "content", "大堂灯不亮",
                "channel", "OTHER_DEPARTMENT", "reportingDepartment", "安保部"))
                .statusCode(201)
                .body("location.kind", equalTo("PUBLIC_AREA"))
                .body("legalOwner", nullValue())
                .body("visitTime.agreedAt", equalTo("2099-01-01T01:00:00Z"))
                .body("reporter.phone.kind", equalTo("LANDLINE"))
                .body("reportingDepartment", equalTo("安保部"));
    }

    @Test
    void listsArePagedWithAnOpaqueCursorAndFiltered() {
        String[] site = siteWithUnit();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(reportOrder(site[1]));
        }
        String cancelled = ids.get(0);
        agent().body(Map.of("reason", "重复报事")).post("/api/v1/orders/" + cancelled + "/cancellation").then().statusCode(200);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var req = agent().queryParam("siteId", site[0]).queryParam("limit", 2);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            var page = req.get("/api/v1/orders").then().statusCode(200).extract();
            seen.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        java.util.Collections.reverse(ids);
        assertThat(seen).containsExactlyElementsOf(ids);

        agent().queryParam("siteId", site[0]).queryParam("status", "cancelled").get("/api/v1/orders")
                .then().statusCode(200).body("items.id", contains(cancelled));
        agent().queryParam("limit", 1000).get("/api/v1/orders").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        agent().queryParam("cursor", "garbage!").get("/api/v1/orders").then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void amendingNeedsTheCurrentVersionWhenIfMatchIsGiven() {
        String id = reportOrder(siteWithUnit()[1]);

        agent().header("If-Match", "\"1\"").body(Map.of("content", "卫生间水管漏水"))
                .post("/api/v1/orders/" + id + "/amendment")
                .then().statusCode(200).header("ETag", "\"2\"").body("content", equalTo("卫生间水管漏水"));
        agent().header("If-Match", "\"1\"").body(Map.of("content", "又改了"))
                .post("/api/v1/orders/" + id + "/amendment")
                .then().statusCode(412).contentType("application/problem+json").body("currentVersion", equalTo(2));
        agent().get("/api/v1/orders/" + id).then().body("content", equalTo("卫生间水管漏水")).body("version", equalTo(2));
    }

    @Test
    void twoCommandsWithTheSameExpectedVersionExactlyOneSucceeds() throws Exception {
        String id = reportOrder(siteWithUnit()[1]);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (String content : List.of("内容甲", "内容乙")) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return agent().header("If-Match", "\"1\"").body(Map.of("content", content))
                            .post("/api/v1/orders/" + id + "/amendment").then().extract().statusCode();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnlyOnce(200);
            assertThat(statuses).anyMatch(s -> s == 409 || s == 412);
            assertThat(store.load(id)).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameAnswerAndWritesNothing() {
        String[] site = siteWithUnit();
        String key = UUID.randomUUID().toString();
        var first = agent().header("Idempotency-Key", key).body(reportBody(site[1])).post("/api/v1/orders").then()
                .statusCode(201).extract();
        long events = QuarkusTransaction.requiringNew().call(store::count);

        var retry = agent().header("Idempotency-Key", key).body(reportBody(site[1])).post("/api/v1/orders").then()
                .statusCode(201).extract();
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat((String) retry.path("id")).isEqualTo(first.path("id"));
        assertThat(QuarkusTransaction.requiringNew().call(store::count)).isEqualTo(events);

        Map<String, Object> other = new HashMap<>(reportBody(site[1]));
        other.put("content", "别的事");
        agent().header("Idempotency-Key", key).body(other).post("/api/v1/orders").then()
                .statusCode(422).contentType("application/problem+json");
    }

    @Test
    void aCancelledOrderRefusesChangesNamingTheStateAndTheRule() {
        String id = reportOrder(siteWithUnit()[1]);
        agent().body(Map.of("reason", "业主自行处理")).post("/api/v1/orders/" + id + "/cancellation")
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("cancellation.reason", equalTo("业主自行处理"));

        agent().body(Map.of("content", "x")).post("/api/v1/orders/" + id + "/amendment")
                .then().statusCode(409).contentType("application/problem+json")
                .body("rule", equalTo("amend-only-before-dispatch"))
                .body("currentState", equalTo("CANCELLED"));
        agent().body(Map.of("reason", "again")).post("/api/v1/orders/" + id + "/cancellation")
                .then().statusCode(409).body("rule", equalTo("cancel-only-before-dispatch"));
    }

    @Test
    void aCommandWithoutATrustworthyTokenIs401AndWritesNothing() {
        String unit = siteWithUnit()[1];
        long events = QuarkusTransaction.requiringNew().call(store::count);
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("expired", TestTokens.issuer().sign(TestTokens.issuer().claims("agent-1", List.of(Roles.AGENT), List.of("*"),
                now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))).build()));
        tokens.put("another issuer's signature", LocalTokens.temporary().mint("agent-1", Roles.AGENT, List.of("*"), Duration.ofHours(1)));
        tokens.put("alg none", new PlainJWT(TestTokens.issuer().claims("agent-1", List.of(Roles.AGENT), List.of("*"), now,
                now.plus(Duration.ofHours(1))).build()).serialize());
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            var request = given().contentType(ContentType.JSON).body(reportBody(unit));
            if (t.getValue() != null) {
                request.header("Authorization", "Bearer " + t.getValue());
            }
            request.post("/api/v1/orders").then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer"));
        }
        // Reads need a token too.
        given().queryParam("siteId", "any").get("/api/v1/orders").then().statusCode(401).contentType("application/problem+json");
        assertThat(QuarkusTransaction.requiringNew().call(store::count)).isEqualTo(events);
    }

    @Test
    void onlyTheDeskRolesCommandAndATokenWithoutADoorstepRoleIsRefused() {
        String unit = siteWithUnit()[1];
        String id = reportOrder(unit);
        long events = QuarkusTransaction.requiringNew().call(store::count);
        for (String role : List.of(Roles.TECHNICIAN, Roles.SUPERVISOR, Roles.WAREHOUSE)) {
            as(role).body(reportBody(unit)).post("/api/v1/orders").then().statusCode(403).contentType("application/problem+json");
            as(role).body(Map.of("content", "x")).post("/api/v1/orders/" + id + "/amendment").then().statusCode(403);
            as(role).body(Map.of("reason", "x")).post("/api/v1/orders/" + id + "/cancellation").then().statusCode(403);
            // ...but they read the order of their site.
            as(role).get("/api/v1/orders/" + id).then().statusCode(200);
        }
        String stranger = TestTokens.issuer().sign(TestTokens.issuer().claims("nobody-1", List.of("nobody"), List.of("*"),
                Instant.now(), Instant.now().plusSeconds(600)).build());
        given().header("Authorization", "Bearer " + stranger).contentType(ContentType.JSON).body(reportBody(unit))
                .post("/api/v1/orders").then().statusCode(403).contentType("application/problem+json");
        assertThat(QuarkusTransaction.requiringNew().call(store::count)).isEqualTo(events);
        for (String role : List.of(Roles.AGENT, Roles.TEAM_LEADER, Roles.ADMIN)) {
            as(role).body(reportBody(unit)).post("/api/v1/orders").then().statusCode(201);
        }
    }

    @Test
    void theTimelineShowsTheTokensUserAndTheRoleTheyActedIn() {
        String unit = siteWithUnit()[1];
        String id = doorstep.testing.Http.as(Roles.AGENT, "zhang-wei").body(reportBody(unit)).post("/api/v1/orders").then()
                .statusCode(201).extract().path("id");
        // One user holding two roles acts in the first role the endpoint admits: the team leader's.
        String leaderAndTechnician = TestTokens.issuer().sign(TestTokens.issuer().claims("li-lei", List.of(Roles.TECHNICIAN,
                Roles.TEAM_LEADER), List.of("*"), Instant.now(), Instant.now().plusSeconds(600)).build());
        given().header("Authorization", "Bearer " + leaderAndTechnician).contentType(ContentType.JSON)
                .body(Map.of("content", "卫生间水管漏水")).post("/api/v1/orders/" + id + "/amendment").then().statusCode(200);
        agent().get("/api/v1/orders/" + id + "/timeline").then().statusCode(200)
                .body("items.actor.id", contains("zhang-wei", "li-lei"))
                .body("items.actor.role", contains(Roles.AGENT, Roles.TEAM_LEADER)).body("nextCursor", nullValue());
        // a page at a time (D56): one event, then the other after the cursor, and no cursor after the last
        String cursor = agent().queryParam("limit", 1).get("/api/v1/orders/" + id + "/timeline").then().statusCode(200)
                .body("items.actor.id", contains("zhang-wei")).extract().path("nextCursor");
        agent().queryParam("limit", 1).queryParam("cursor", cursor).get("/api/v1/orders/" + id + "/timeline").then().statusCode(200)
                .body("items.actor.id", contains("li-lei")).body("items[0].version", equalTo(2)).body("nextCursor", nullValue());
    }

    @Test
    void unknownOrdersAreNotFound() {
        agent().get("/api/v1/orders/nope").then().statusCode(404).contentType("application/problem+json")
                .body("detail", notNullValue());
        agent().get("/api/v1/orders/nope/timeline").then().statusCode(404);
        agent().body(Map.of("reason", "x")).post("/api/v1/orders/nope/cancellation").then().statusCode(404);
    }
}
