package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.reportBody;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.platform.security.Roles;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.Http;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-site isolation (OWASP API1): a user of site B asks for site A's orders, units and site by id,
 * commands them, reports against them and lists them. Every id route answers exactly as for an id
 * that does not exist (404, same title and detail), nothing is written, and lists hold only the
 * token's sites.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class CrossSiteTest {

    @Inject
    EventStore store;

    String siteA;
    String unitA;
    String orderA;
    String siteB;
    String unitB;

    @BeforeEach
    void twoSites() {
        String[] a = siteWithUnit();
        siteA = a[0];
        unitA = a[1];
        orderA = reportOrder(unitA);
        String[] b = siteWithUnit();
        siteB = b[0];
        unitB = b[1];
    }

    private RequestSpecification ofSiteB(String role) {
        return Http.as(role, role + "-of-b", siteB);
    }

    private long events() {
        return QuarkusTransaction.requiringNew().call(store::count);
    }

    /**
     * Calls {@code route} for site A's object and for an id that exists nowhere: both 404 problem+json,
     * the same title, and the same detail but for the id.
     */
    private static void answersAsMissing(String what, String existingId, Function<String, Response> route) {
        String missingId = "missing-" + UUID.randomUUID();
        Response other = route.apply(existingId);
        Response missing = route.apply(missingId);
        assertThat(other.statusCode()).as(what + " of another site").isEqualTo(404);
        assertThat(missing.statusCode()).as(what + " missing").isEqualTo(404);
        assertThat(other.contentType()).as(what).startsWith("application/problem+json");
        assertThat(other.jsonPath().getString("title")).as(what).isEqualTo(missing.jsonPath().getString("title"));
        assertThat(other.jsonPath().getString("type")).as(what).isEqualTo(missing.jsonPath().getString("type"));
        assertThat(other.jsonPath().getString("detail")).as(what)
                .isEqualTo(missing.jsonPath().getString("detail").replace(missingId, existingId));
        assertThat(other.jsonPath().getMap("$").keySet()).as(what).isEqualTo(missing.jsonPath().getMap("$").keySet());
    }

    @Test
    void everyOrderRouteAnswersAnotherSitesOrderAsAMissingOneAndWritesNothing() {
        long before = events();
        for (String role : List.of(Roles.AGENT, Roles.TEAM_LEADER, Roles.ADMIN)) {
            answersAsMissing("GET order as " + role, orderA, id -> ofSiteB(role).get("/api/v1/orders/" + id));
            answersAsMissing("GET timeline as " + role, orderA, id -> ofSiteB(role).get("/api/v1/orders/" + id + "/timeline"));
            answersAsMissing("amendment as " + role, orderA, id -> ofSiteB(role).body(Map.of("content", "改成别的"))
                    .post("/api/v1/orders/" + id + "/amendment"));
            answersAsMissing("amendment with If-Match as " + role, orderA, id -> ofSiteB(role).header("If-Match", "\"7\"")
                    .body(Map.of("content", "改成别的")).post("/api/v1/orders/" + id + "/amendment"));
            answersAsMissing("cancellation as " + role, orderA, id -> ofSiteB(role).body(Map.of("reason", "不要了"))
                    .post("/api/v1/orders/" + id + "/cancellation"));
        }
        for (String role : List.of(Roles.TECHNICIAN, Roles.SUPERVISOR, Roles.WAREHOUSE)) {
            answersAsMissing("GET order as " + role, orderA, id -> ofSiteB(role).get("/api/v1/orders/" + id));
            answersAsMissing("GET timeline as " + role, orderA, id -> ofSiteB(role).get("/api/v1/orders/" + id + "/timeline"));
        }
        assertThat(events()).as("nothing written").isEqualTo(before);
        assertThat(store.load(orderA)).hasSize(1);
        // The order's own site still sees it, unchanged.
        Http.as(Roles.AGENT, "agent-of-a", siteA).get("/api/v1/orders/" + orderA).then().statusCode(200)
                .body("version", equalTo(1)).body("status", equalTo("REPORTED"));
    }

    @Test
    void anotherSitesUnitAndSiteAnswerAsMissingOnes() {
        for (String role : List.of(Roles.AGENT, Roles.TECHNICIAN, Roles.ADMIN)) {
            answersAsMissing("GET unit as " + role, unitA, id -> ofSiteB(role).get("/api/v1/units/" + id));
            answersAsMissing("GET site as " + role, siteA, id -> ofSiteB(role).get("/api/v1/sites/" + id));
        }
        ofSiteB(Roles.AGENT).get("/api/v1/units/" + unitB).then().statusCode(200).body("siteId", equalTo(siteB));
        ofSiteB(Roles.AGENT).get("/api/v1/sites/" + siteB).then().statusCode(200).body("id", equalTo(siteB));
    }

    @Test
    void reportingForAnotherSitesUnitOrPublicAreaIsAnsweredAsForAMissingOneAndWritesNothing() {
        long before = events();
        answersAsMissing("report for a unit", unitA, id -> ofSiteB(Roles.AGENT).body(reportBody(id)).post("/api/v1/orders"));
        answersAsMissing("report for a public area", siteA, id -> ofSiteB(Roles.AGENT).body(Map.of("siteId", id,
                "publicArea", "3栋大堂", "reporter", Map.of("name", "保安", "phone", "0755-86123456"), "visitTime", "ASAP",
                "content", "大堂灯不亮")).post("/api/v1/orders"));
        ofSiteB(Roles.AGENT).body(reportBody(unitA)).post("/api/v1/orders").then()
                .body("detail", equalTo("unit " + unitA + " does not exist"));
        assertThat(events()).as("nothing written").isEqualTo(before);
        // In their own site they report as usual.
        ofSiteB(Roles.AGENT).body(reportBody(unitB)).post("/api/v1/orders").then().statusCode(201).body("siteId", equalTo(siteB));
    }

    @Test
    void theRegistryIsChangedOnlyInTheTokensSites() {
        answersAsMissing("register a unit", siteA, id -> Http.as(Roles.ADMIN, "admin-of-b", siteB)
                .body(Map.of("siteId", id, "building", "9栋", "unitNumber", "901")).post("/api/v1/units"));
        // A file with a line of another site imports nothing and names that line as it would a missing site's.
        String header = "site_id,building,unit_number,owner_name,owner_phones\n";
        for (String site : List.of(siteA, "missing-site")) {
            Http.as(Roles.ADMIN, "admin-of-b", siteB).contentType("text/csv; charset=UTF-8")
                    .body(header + siteB + ",9栋,901,张三,13800000001\n" + site + ",9栋,902,李四,13800000002\n")
                    .post("/api/v1/units/import").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", contains("site_id")).body("errors.line", contains(3))
                    .body("errors.message", contains("no site with this id"));
        }
        Http.admin().queryParam("siteId", siteA).get("/api/v1/units").then().body("items.id", contains(unitA));
        Http.admin().queryParam("siteId", siteB).get("/api/v1/units").then().body("items.id", contains(unitB));

        // A new site is in nobody's list: only a company-wide administrator registers one.
        String newSite = "site-" + UUID.randomUUID().toString().substring(0, 8);
        Http.as(Roles.ADMIN, "admin-of-b", siteB).body(Map.of("id", newSite, "name", "新项目")).post("/api/v1/sites").then()
                .statusCode(403).contentType("application/problem+json");
        // ...even when naming an existing site: the answer tells nothing about it.
        Http.as(Roles.ADMIN, "admin-of-b", siteB).body(Map.of("id", siteA, "name", "新项目")).post("/api/v1/sites").then()
                .statusCode(403);
        Http.admin().get("/api/v1/sites/" + newSite).then().statusCode(404);
        Http.admin().body(Map.of("id", newSite, "name", "新项目")).post("/api/v1/sites").then().statusCode(201);
        // The administrator of a site registers its units.
        Http.as(Roles.ADMIN, "admin-of-b", siteB).body(Map.of("siteId", siteB, "building", "9栋", "unitNumber", "901"))
                .post("/api/v1/units").then().statusCode(201).body("siteId", equalTo(siteB));
    }

    @Test
    void listsHoldOnlyTheTokensSitesAndAnotherSitesListIsNotFound() {
        String orderB = reportOrder(unitB);
        for (String role : List.of(Roles.AGENT, Roles.TECHNICIAN, Roles.SUPERVISOR)) {
            ofSiteB(role).queryParam("limit", 100).get("/api/v1/orders").then().statusCode(200)
                    .body("items.id", contains(orderB)).body("items.siteId", everyItem(equalTo(siteB)));
            ofSiteB(role).queryParam("siteId", siteB).get("/api/v1/orders").then().statusCode(200).body("items.id", contains(orderB));
            ofSiteB(role).queryParam("limit", 100).get("/api/v1/units").then().statusCode(200).body("items.id", contains(unitB));
            ofSiteB(role).get("/api/v1/sites").then().statusCode(200).body("id", contains(siteB));
            answersAsMissing("orders filtered by another site as " + role, siteA,
                    site -> ofSiteB(role).queryParam("siteId", site).get("/api/v1/orders"));
            answersAsMissing("units filtered by another site as " + role, siteA,
                    site -> ofSiteB(role).queryParam("siteId", site).get("/api/v1/units"));
        }
        // A user of both sites sees both; a user of neither sees nothing.
        Http.as(Roles.AGENT, "agent-of-a-and-b", siteA, siteB).queryParam("limit", 100).get("/api/v1/orders").then()
                .statusCode(200).body("items.id", contains(orderB, orderA));
        Http.as(Roles.AGENT, "agent-of-a-and-b", siteA, siteB).get("/api/v1/sites").then()
                .body("id", contains(java.util.stream.Stream.of(siteA, siteB).sorted().toArray()));
        String elsewhere = "site-elsewhere-" + UUID.randomUUID();
        Http.as(Roles.AGENT, "agent-elsewhere", elsewhere).get("/api/v1/orders").then().statusCode(200).body("items", equalTo(List.of()));
        Http.as(Roles.AGENT, "agent-elsewhere", elsewhere).get("/api/v1/units").then().statusCode(200).body("items", equalTo(List.of()));
        Http.as(Roles.AGENT, "agent-elsewhere", elsewhere).get("/api/v1/sites").then().statusCode(200).body("$", equalTo(List.of()));
    }
}
