package doorstep.billing.api;

import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static doorstep.billing.api.BillingTestSupport.freshDay;
import static doorstep.billing.api.BillingTestSupport.openedOrder;
import static doorstep.billing.api.BillingTestSupport.publishSchedule;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class FeeScheduleApiTest {

    @Inject
    Clock clock;

    @Test
    void theCurrentScheduleIsPublicAsJsonAndAsAPrintablePageAndNeverEditedOnceActive() {
        Instant now = freshDay(clock);
        int version = publishSchedule(now, 3000);

        given().get("/api/v1/fee-schedules/current").then().statusCode(200)
                .body("version", equalTo(version)).body("status", equalTo("ACTIVE"))
                .body("items.code", hasItem("S-TOILET"));
        given().get("/api/v1/fee-schedules/current.html").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("特约服务收费标准")).body(containsString("疏通马桶")).body(containsString("30.00"))
                .body(containsString("就高不就低"));

        as("admin", "admin-1").body(Map.of("effectiveFrom", now.toString(), "items",
                        List.of(Map.of("code", "S-BULB", "name", "更换灯泡", "category", "SERVICE", "unit", "PER_JOB", "priceFen", 1))))
                .post("/api/v1/fee-schedules/" + version + "/revision").then().statusCode(409)
                .body("rule", equalTo("active-schedules-are-never-edited")).body("currentState", equalTo("ACTIVE"));
    }

    @Test
    void badSchedulesAndRolesAreRefusedNamingTheField() {
        as("admin", "admin-1").body(Map.of("effectiveFrom", "next monday", "items", List.of())).post("/api/v1/fee-schedules")
                .then().statusCode(400).body("errors[0].field", equalTo("effectiveFrom"));
        as("admin", "admin-1").body(Map.of("effectiveFrom", "2027-01-01T00:00:00+08:00", "items",
                        List.of(Map.of("code", "S-X", "name", "按个服务", "category", "SERVICE", "unit", "PER_PIECE", "priceFen", 100),
                                Map.of("code", "S-Y", "name", "x", "category", "GADGET", "unit", "PER_JOB"))))
                .post("/api/v1/fee-schedules").then().statusCode(400)
                .body("errors.field", hasItem("items[0]")).body("errors.field", hasItem("items[1].category"))
                .body("errors.field", hasItem("items[1].priceFen"));
        as("technician", "tech-1").body(Map.of("effectiveFrom", "2027-01-01T00:00:00+08:00", "items", List.of()))
                .post("/api/v1/fee-schedules").then().statusCode(403);
    }

    @Test
    void materialsArePricedFromTheScheduleOrTheWarehousePlusThirtyPercent() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        as("technician", "tech-1").get("/api/v1/materials/M-BULB/price").then().statusCode(200).body("unitPriceFen", equalTo(1500));
        as("warehouse", "wh-1").body(Map.of("name", "角阀 DN15", "inboundPriceFen", 1235)).put("/api/v1/warehouse-materials/W-VALVE")
                .then().statusCode(200);
        as("technician", "tech-1").get("/api/v1/materials/W-VALVE/price").then().statusCode(200).body("unitPriceFen", equalTo(1610))
                .body("basis", equalTo("inbound 12.35 + 30% → 16.10"));
        as("warehouse", "wh-1").body(Map.of("name", "x", "inboundPriceFen", -1)).put("/api/v1/warehouse-materials/W-BAD")
                .then().statusCode(400).body("errors[0].field", equalTo("inboundPriceFen"));
    }

    @Test
    void quotesNeedAKnownOrderAndTheOwnersSignature() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        as("technician", "tech-1").body(Map.of("plannedServices", List.of("S-BULB")))
                .post("/api/v1/bills/unknown-order/quotes").then().statusCode(404).contentType("application/problem+json");
        admin().get("/api/v1/bills/unknown-order").then().statusCode(404);
        String order = openedOrder("site-q");
        admin().get("/api/v1/bills/" + order).then().statusCode(200).body("balanceFen", equalTo(0)).body("siteId", equalTo("site-q"));
        String quote = as("technician", "tech-1").body(Map.of("plannedServices", List.of("S-BULB"), "plannedMaterials",
                        List.of(Map.of("code", "M-BULB", "name", "LED灯泡 9W", "quantity", 1))))
                .post("/api/v1/bills/" + order + "/quotes").then().statusCode(201).body("quoteTotalFen", equalTo(2000))
                .extract().path("quoteId");
        as("technician", "tech-1").body(Map.of()).post("/api/v1/bills/" + order + "/quotes/" + quote + "/acceptance")
                .then().statusCode(400).body("errors[0].field", equalTo("signatureRef"));
        as("technician", "tech-1").body(Map.of("plannedServices", List.of("S-NOPE")))
                .post("/api/v1/bills/" + order + "/quotes").then().statusCode(400).body("errors[0].field", equalTo("serviceItems"));
    }

    @Test
    void onlyTheScheduleInForceIsPublicAndDraftsAreSeenOnlyByAdministrators() {
        Instant now = freshDay(clock);
        int active = publishSchedule(now, 3000);
        int draft = as("admin", "admin-1").body(Map.of("effectiveFrom", now.plusSeconds(86_400).toString(), "items",
                        List.of(Map.of("code", "S-BULB", "name", "更换灯泡", "category", "SERVICE", "unit", "PER_JOB", "priceFen", 700))))
                .post("/api/v1/fee-schedules").then().statusCode(201).extract().path("version");

        // Without a token: the schedule in force (JSON and page), nothing else.
        given().get("/api/v1/fee-schedules/current").then().statusCode(200).body("version", equalTo(active));
        given().get("/api/v1/fee-schedules").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/v1/fee-schedules/" + active).then().statusCode(401);
        given().get("/api/v1/materials/M-BULB/price").then().statusCode(401);

        // Every role reads the published versions; a draft is answered as a missing version to all but administrators.
        as("technician", "tech-1", "site-q").get("/api/v1/fee-schedules/" + active).then().statusCode(200);
        var hidden = as("technician", "tech-1", "site-q").get("/api/v1/fee-schedules/" + draft);
        var missing = as("technician", "tech-1", "site-q").get("/api/v1/fee-schedules/" + (draft + 1000));
        hidden.then().statusCode(404).contentType("application/problem+json");
        missing.then().statusCode(404);
        org.assertj.core.api.Assertions.assertThat(hidden.jsonPath().getString("detail"))
                .isEqualTo(missing.jsonPath().getString("detail").replace(String.valueOf(draft + 1000), String.valueOf(draft)));
        List<Integer> seenByTechnician = as("technician", "tech-1", "site-q").get("/api/v1/fee-schedules").then().statusCode(200)
                .extract().jsonPath().getList("version", Integer.class);
        org.assertj.core.api.Assertions.assertThat(seenByTechnician).contains(active).doesNotContain(draft);
        as("admin", "admin-1").get("/api/v1/fee-schedules/" + draft).then().statusCode(200).body("status", equalTo("DRAFT"));
        org.assertj.core.api.Assertions.assertThat(as("admin", "admin-1").get("/api/v1/fee-schedules").then().statusCode(200)
                .extract().jsonPath().getList("version", Integer.class)).contains(active, draft);
    }
}
