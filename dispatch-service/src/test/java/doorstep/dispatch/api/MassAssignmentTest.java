package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.dispatch.api.DispatchTestSupport.leader;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static doorstep.dispatch.api.DispatchTestSupport.technician;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.Http;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, mass assignment (OWASP API3): a read-only or unknown field in a command body (status,
 * version, siteId, technicianId where the command does not take them...) is refused with 400 naming
 * the field, never silently applied; nothing is written.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class MassAssignmentTest {

    @Inject
    EventStore store;

    @Test
    void readOnlyFieldsInDispatchCommandsAreRefusedNamingTheField() {
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);
        String order = reportedOrder(site, "u-mass");
        String path = "/api/v1/dispatches/" + order;
        long all = count();

        refused(agent(), with(Map.of("technicianId", tech), "status", "ARCHIVED"), path + "/assignment", "status");
        refused(agent(), with(Map.of("technicianId", tech), "siteId", "site-elsewhere"), path + "/assignment", "siteId");
        assertThat(count()).isEqualTo(all);

        agent().body(Map.of("technicianId", tech)).post(path + "/assignment").then().statusCode(200);
        technician(tech).post(path + "/arrival").then().statusCode(200);
        all = count();
        refused(technician(tech), with(Map.of("paid", false, "part", "COMMON"), "version", 99), path + "/survey", "version");
        refused(technician(tech), with(Map.of("paid", false, "part", "COMMON"), "siteId", "site-elsewhere"), path + "/survey", "siteId");
        refused(technician(tech), with(Map.of("appointmentAt", "2026-12-01T10:00:00+08:00", "ownerConsent", "AGREED"),
                "technicianId", "someone-else"), path + "/appointment", "technicianId");
        refused(technician(tech), with(Map.of("result", "ok", "technicianSignatureRef", "sig", "checks", DispatchTestSupport.ALL_CHECKS),
                "status", "ARCHIVED"), path + "/completion", "status");
        refused(technician(tech), with(Map.of("result", "ok", "technicianSignatureRef", "sig", "checks", DispatchTestSupport.ALL_CHECKS),
                "handlingSeconds", 1), path + "/completion", "handlingSeconds");
        refused(leader(), with(Map.of("reason", "业主出差"), "teamLeaderId", "leader-2"), path + "/leader-verification", "teamLeaderId");
        assertThat(count()).isEqualTo(all);
        Http.admin().get(path).then().statusCode(200).body("dispatch.status", equalTo("ON_SITE"))
                .body("dispatch.siteId", equalTo(site));
    }

    @Test
    void readOnlyFieldsInRosterAndCalendarCommandsAreRefusedNamingTheField() {
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);
        String id = technicianId();
        refused(Http.admin(), with(Map.of("id", id, "siteId", site, "name", "钱师傅"), "version", 1), "/api/v1/technicians", "version");
        Http.admin().get("/api/v1/technicians/" + id).then().statusCode(404);
        refused(Http.admin(), with(Map.of("onDuty", false), "siteId", "site-elsewhere"), "/api/v1/technicians/" + tech + "/duty", "siteId");
        Http.admin().get("/api/v1/technicians/" + tech).then().statusCode(200).body("siteId", equalTo(site)).body("onDuty", equalTo(true));

        long all = count();
        refused(Http.admin(), with(Map.of("year", 2036, "holidays", List.of(), "makeUpWorkingDays", List.of(), "source", "test data"),
                "version", 0), "/api/v1/calendar/years", "version");
        refused(Http.admin(), with(Map.of("date", "2026-01-02", "kind", "HOLIDAY", "reason", "r"), "year", 2026),
                "/api/v1/calendar/years/2026/corrections", "year");
        assertThat(count()).isEqualTo(all);
        as("agent", "agent-1").get("/api/v1/calendar/years/2036").then().statusCode(404);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> b = new HashMap<>(body);
        b.put(field, value);
        return b;
    }

    private static void refused(RequestSpecification as, Map<String, Object> body, String path, String field) {
        as.body(body).post(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains(field));
    }

    private long count() {
        return QuarkusTransaction.requiringNew().call(store::count);
    }
}
