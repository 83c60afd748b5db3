package doorstep.intake.api;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The intake API as a desk application uses it, for tests. */
final class IntakeApi {

    private IntakeApi() {
    }

    static RequestSpecification as(String role) {
        return doorstep.testing.Http.as(role, role + "-1");
    }

    static RequestSpecification agent() {
        return as("agent");
    }

    /** A fresh site with one unit; returns {siteId, unitId}. */
    static String[] siteWithUnit() {
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").body(Map.of("id", site, "name", "阳光花园")).post("/api/v1/sites").then().statusCode(201);
        String unitId = as("admin").body(Map.of("siteId", site, "building", "3栋", "unitNumber", "1202",
                        "owner", Map.of("name", "李四", "phones", List.of("139 0000 1111"))))
                .post("/api/v1/units").then().statusCode(201).extract().path("id");
        return new String[] {site, unitId};
    }

    static Map<String, Object> reportBody(String unitId) {
        return Map.of(
                "unitId", unitId,
                "reporter", Map.of("name", "王", "phone", "138-1234-5678"),
                "visitTime", "ASAP",
                "content", "厨房水管漏水");
    }

    static ValidatableResponse report(Object body) {
        return agent().body(body).post("/api/v1/orders").then();
    }

    static String reportOrder(String unitId) {
        return report(reportBody(unitId)).statusCode(201).extract().path("id");
    }
}
