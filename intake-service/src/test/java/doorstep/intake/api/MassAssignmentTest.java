package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.as;
import static doorstep.intake.api.IntakeApi.reportBody;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mass assignment (OWASP API3): a field a command does not take — the order's status, version, id or
 * number, a site where the command does not take one, a unit's derived label — is refused with 400
 * naming it, never silently applied or dropped, and nothing is written.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class MassAssignmentTest {

    @Inject
    EventStore store;

    String siteId;
    String unitId;
    String orderId;
    long eventsBefore;

    @BeforeEach
    void anOrder() {
        String[] site = siteWithUnit();
        siteId = site[0];
        unitId = site[1];
        orderId = reportOrder(unitId);
        eventsBefore = events();
    }

    private long events() {
        return QuarkusTransaction.requiringNew().call(store::count);
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private ValidatableResponse refused(RequestSpecification request, Object body, String path, String field) {
        ValidatableResponse r = request.body(body).post(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains(field))
                .body("errors[0].message", equalTo("is not a field of this request (it is read-only or unknown)"));
        assertThat(events()).as("nothing written for " + field + " on " + path).isEqualTo(eventsBefore);
        return r;
    }

    @Test
    void aReportCannotSetWhatTheServiceDecides() {
        Map<String, Object> report = reportBody(unitId);
        for (Map.Entry<String, Object> field : Map.<String, Object>of("status", "DISPATCHED", "version", 9, "id", "my-own-id",
                "number", "PG20200101-000001", "legalOwner", Map.of("name", "假业主"), "reportedAt", "2020-01-01T00:00:00Z").entrySet()) {
            refused(agent(), with(report, field.getKey(), field.getValue()), "/api/v1/orders", field.getKey());
        }
        // A nested object is held to its fields too.
        refused(agent(), with(report, "reporter", Map.of("name", "王", "phone", "13812345678", "fallbackDial", "0")),
                "/api/v1/orders", "reporter.fallbackDial");
    }

    @Test
    void anAmendmentCannotMoveTheOrderOrSetItsState() {
        String path = "/api/v1/orders/" + orderId + "/amendment";
        Map<String, Object> amend = Map.of("content", "卫生间水管漏水");
        String otherSite = siteWithUnit()[0];
        for (Map.Entry<String, Object> field : Map.<String, Object>of("siteId", otherSite, "unitId", unitId, "status", "CANCELLED",
                "version", 1, "channel", "OTHER_DEPARTMENT").entrySet()) {
            refused(agent(), with(amend, field.getKey(), field.getValue()), path, field.getKey());
        }
        refused(agent(), Map.of("reason", "x", "cancelledAt", "2020-01-01T00:00:00Z"), "/api/v1/orders/" + orderId + "/cancellation",
                "cancelledAt");
        agent().get("/api/v1/orders/" + orderId).then().statusCode(200).body("siteId", equalTo(siteId))
                .body("status", equalTo("REPORTED")).body("version", equalTo(1)).body("content", equalTo("厨房水管漏水"));
    }

    @Test
    void theRegistryRefusesFieldsItDerives() {
        refused(as("admin"), Map.of("siteId", siteId, "building", "8栋", "unitNumber", "801", "id", "chosen-id"), "/api/v1/units", "id");
        refused(as("admin"), Map.of("siteId", siteId, "building", "8栋", "unitNumber", "801", "label", "8栋-801"), "/api/v1/units",
                "label");
        refused(as("admin"), Map.of("id", "site-mass", "name", "x", "createdAt", "2020-01-01T00:00:00Z"), "/api/v1/sites", "createdAt");
        agent().queryParam("siteId", siteId).get("/api/v1/units").then().body("items.id", equalTo(List.of(unitId)));
        as("admin").get("/api/v1/sites/site-mass").then().statusCode(404);
    }
}
