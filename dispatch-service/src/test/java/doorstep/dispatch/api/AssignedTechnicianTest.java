package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.dispatch.api.DispatchTestSupport.freshDay;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a technician changes only orders assigned to them. Another technician of the same
 * site reads the order (it is on their site) but every command they send is refused with 403
 * ("assigned to another technician"), and nothing is written; the assigned one then does the same
 * commands. A team leader acts on any order of their site.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class AssignedTechnicianTest {

    @Inject
    EventStore store;
    @Inject
    Clock clock;

    @Test
    void anotherTechnicianOfTheSameSiteReadsTheOrderButChangesNothing() {
        freshDay(clock);
        String assigned = technicianId();
        String colleague = technicianId();
        String site = newSiteWithTechnicians(assigned, colleague);
        String order = reportedOrder(site, "u-own");
        String path = "/api/v1/dispatches/" + order;
        agent().body(Map.of("technicianId", assigned)).post(path + "/assignment").then().statusCode(200);

        // The commands in the order the visit takes them; each is first tried by the colleague.
        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("/acceptance", null);
        steps.put("/reporter-contact", Map.of("contentClarified", false));
        steps.put("/appointment", Map.of("appointmentAt", "2030-12-01T10:00:00+08:00", "ownerConsent", "AGREED"));
        steps.put("/arrival", null);
        steps.put("/survey", Map.of("paid", false, "part", "COMMON"));
        steps.put("/risk-disclosure", Map.of("description", "无管线图, 打孔有风险"));
        steps.put("/risk-consent", Map.of("consented", true, "signatureRef", "sig-owner"));
        steps.put("/work-start", null);
        steps.put("/completion", Map.of("result", "公区灯已修复", "technicianSignatureRef", "sig", "checks", DispatchTestSupport.ALL_CHECKS));
        steps.put("/owner-acceptance", Map.of("rating", 5, "signatureRef", "sig-owner"));

        for (Map.Entry<String, Object> step : steps.entrySet()) {
            long before = events(order);
            send(as("technician", colleague, site), step.getValue(), path + step.getKey()).then().statusCode(403)
                    .contentType("application/problem+json").body("detail", containsString("assigned to another technician"));
            assertThat(events(order)).as(step.getKey() + " by another technician writes nothing").isEqualTo(before);
            send(as("technician", assigned, site), step.getValue(), path + step.getKey()).then().statusCode(200);
        }
        // Reads stay open to the colleague: the order is on their site.
        as("technician", colleague, site).get(path).then().statusCode(200).body("dispatch.status", equalTo("SIGNED_OFF"));
        as("technician", colleague, site).get(path + "/timeline").then().statusCode(200);
        // The events record who acted, in which role, from the token.
        List<Map<String, Object>> timeline = as("team-leader", "leader-own", site).get(path + "/timeline").then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(timeline).anySatisfy(e -> {
            assertThat(e.get("type")).isEqualTo("VisitStarted");
            assertThat(e.get("actor")).isEqualTo(Map.of("id", assigned, "role", "technician"));
            assertThat(e.get("service")).isEqualTo("dispatch");
        });
        assertThat(timeline).noneSatisfy(e -> assertThat(((Map<?, ?>) e.get("actor")).get("id")).isEqualTo(colleague));
    }

    @Test
    void beforeAnyAssignmentNoTechnicianActsAndAfterwardsALeaderOfTheSiteStillDoes() {
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);
        String order = reportedOrder(site, "u-own-2");
        String path = "/api/v1/dispatches/" + order;
        long before = events(order);
        as("technician", tech, site).body(Map.of("reason", "HARD_JOB")).post(path + "/escalation").then().statusCode(403)
                .contentType("application/problem+json");
        as("technician", tech, site).body(Map.of("reason", "r", "handler", "h")).post(path + "/tracking-continuation").then()
                .statusCode(403).body("detail", containsString("assigned to no technician yet"));
        assertThat(events(order)).isEqualTo(before);
        agent().body(Map.of("technicianId", tech)).post(path + "/assignment").then().statusCode(200);
        as("team-leader", "leader-own", site).body(Map.of("contentClarified", false)).post(path + "/reporter-contact").then().statusCode(200);
        as("technician", tech, site).body(Map.of("contentClarified", true, "clarification", "厨房")).post(path + "/reporter-contact")
                .then().statusCode(200);
    }

    private static io.restassured.response.Response send(RequestSpecification as, Object body, String path) {
        return (body == null ? as : as.body(body)).post(path);
    }

    private long events(String order) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(order).size());
    }
}
