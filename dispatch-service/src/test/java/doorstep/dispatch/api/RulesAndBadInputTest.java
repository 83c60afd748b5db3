package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.testing.Http.as;
import static doorstep.dispatch.api.DispatchTestSupport.freshDay;
import static doorstep.dispatch.api.DispatchTestSupport.leader;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static doorstep.dispatch.api.DispatchTestSupport.technician;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Illegal transitions answer 409 naming the state and the rule; bad input 400 naming the field; nothing is written. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class RulesAndBadInputTest {

    @Inject
    EventStore store;
    @Inject
    Clock clock;

    @Test
    void arrivalBeforeAssignmentIsRefusedNamingStateAndRule() {
        String tech = technicianId();
        String order = reportedOrder(newSiteWithTechnicians(tech), "u-1");
        // A technician acts only on orders assigned to them (issue 11): before any assignment, 403.
        technician(tech).post("/api/v1/dispatches/" + order + "/arrival").then().statusCode(403)
                .contentType("application/problem+json");
        // A leader may act on any order of the site, and meets the order's own rule.
        leader().body(Map.of("items", List.of(Map.of("name", "角阀", "quantity", 1))))
                .post("/api/v1/dispatches/" + order + "/material-requisitions").then().statusCode(409)
                .contentType("application/problem+json")
                .body("rule", equalTo("assign-first")).body("currentState", equalTo("OPEN"));
        assertThat(store.load(order)).hasSize(1);
    }

    @Test
    void aTechniciansPhoneIsReadAsPeoplePasteItAndRefusedSayingWhatIsWrong() {
        String ok = technicianId();
        as("admin", "ops-1").body(Map.of("id", ok, "siteId", "site-phones", "name", "张师傅", "phone", "\u202D１３９　１２３４　５６７８\u202C"))
                .post("/api/v1/technicians").then().statusCode(201).body("phone", equalTo("13912345678"));
        as("admin", "ops-1").body(Map.of("id", technicianId(), "siteId", "site-phones", "name", "李师傅", "phone", "028-87654321 分机 8012"))
                .post("/api/v1/technicians").then().statusCode(201).body("phone", equalTo("028-87654321转8012"));
        as("admin", "ops-1").body(Map.of("id", technicianId(), "siteId", "site-phones", "name", "王师傅", "phone", "139 1234 567"))
                .post("/api/v1/technicians").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("phone"))
                .body("errors[0].message", equalTo("an 11-digit mobile starting with 1 expected: got 10 digits"));
    }

    @Test
    void completingTwiceIsRefused() {
        freshDay(clock);
        String tech = technicianId();
        String order = reportedOrder(newSiteWithTechnicians(tech), "u-2");
        agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200);
        technician(tech).post("/api/v1/dispatches/" + order + "/arrival").then().statusCode(200);
        technician(tech).body(Map.of("paid", false, "part", "COMMON")).post("/api/v1/dispatches/" + order + "/survey").then().statusCode(200);
        technician(tech).post("/api/v1/dispatches/" + order + "/work-start").then().statusCode(200);
        Map<String, Object> done = Map.of("result", "公区灯已修复", "technicianSignatureRef", "sig", "checks", DispatchTestSupport.ALL_CHECKS);
        technician(tech).body(done).post("/api/v1/dispatches/" + order + "/completion").then().statusCode(200);
        technician(tech).body(done).post("/api/v1/dispatches/" + order + "/completion").then().statusCode(409)
                .body("rule", equalTo("complete-on-site")).body("currentState", equalTo("COMPLETED"));
        leader().body(Map.of("reason", "业主出差,电话确认")).post("/api/v1/dispatches/" + order + "/leader-verification")
                .then().statusCode(200).body("status", equalTo("SIGNED_OFF"));
    }

    @Test
    void onlyTheAssignedTechnicianAndTheRightRolesMayAct() {
        String tech = technicianId();
        String other = technicianId();
        String order = reportedOrder(newSiteWithTechnicians(tech, other), "u-3");
        technician(tech).body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(403);
        agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200);
        technician(other).post("/api/v1/dispatches/" + order + "/acceptance").then().statusCode(403)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("assigned to another technician"));
        as("warehouse", "wh-1").post("/api/v1/dispatches/" + order + "/archive").then().statusCode(403);
    }

    @Test
    void badInputNamesTheField() {
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);
        String order = reportedOrder(site, "u-4");
        long before = store.load(order).size();

        agent().body(Map.of()).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(400)
                .body("errors[0].field", equalTo("technicianId"));
        agent().body(Map.of("technicianId", "nobody")).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(400)
                .body("errors[0].field", equalTo("technicianId"));
        String elsewhere = technicianId();
        newSiteWithTechnicians(elsewhere);
        agent().body(Map.of("technicianId", elsewhere)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(400)
                .body("errors[0].message", org.hamcrest.Matchers.containsString("works at site"));
        agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200);
        technician(tech).body(Map.of("appointmentAt", "tomorrow", "ownerConsent", "MAYBE"))
                .post("/api/v1/dispatches/" + order + "/appointment").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("appointmentAt", "ownerConsent"));
        technician(tech).body(Map.of("missing", List.of(Map.of("name", "", "quantity", 0))))
                .post("/api/v1/dispatches/" + order + "/waiting-for-materials").then().statusCode(400)
                .body("errors.field", hasItem("missing[0].name")).body("errors.field", hasItem("missing[0].quantity"));
        technician(tech).body("{\"paid\": \"yes\"}").post("/api/v1/dispatches/" + order + "/survey").then().statusCode(400)
                .body("errors[0].field", equalTo("paid"));
        agent().get("/api/v1/dispatches/nope").then().statusCode(404).contentType("application/problem+json");

        assertThat(store.load(order)).hasSize((int) before + 2); // only the assignment (and its conversion deadline)
    }
}
