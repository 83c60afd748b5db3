package doorstep.dispatch.api;

import static doorstep.testing.AccessMatrix.roles;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;


import doorstep.testing.AccessMatrix;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.SecuredEndpoints;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the role × endpoint matrix of the dispatch API, generated from its OpenAPI document.
 * Every operation (41, platform operations included) × (7 roles + no token) = 328 cells: no token
 * → 401, a role the operation does not admit → 403, an admitted role → neither. The roles are the
 * string arrays the commands checked before tokens (DESK = agent + team leader, FIELD = technician +
 * team leader...); reads admit every role.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class AccessMatrixTest {

    static final Set<String> EVERY_ROLE = roles("agent", "technician", "team-leader", "supervisor", "warehouse", "admin");
    static final Set<String> DESK = roles("agent", "team-leader");
    static final Set<String> FIELD = roles("technician", "team-leader");
    static final Set<String> ANYONE_ON_THE_ORDER = roles("technician", "team-leader", "agent");
    static final Set<String> LEADER = roles("team-leader");
    static final Set<String> ADMIN = roles("admin");


    static Map<String, Set<String>> expectations() {
        Map<String, Set<String>> e = new LinkedHashMap<>();
        String d = "/api/v1/dispatches";
        e.put("GET " + d, EVERY_ROLE);
        e.put("GET " + d + "/{id}", EVERY_ROLE);
        e.put("GET " + d + "/{id}/timeline", EVERY_ROLE);
        e.put("POST " + d + "/{id}/assignment", DESK);
        e.put("POST " + d + "/{id}/acceptance", roles("technician"));
        e.put("POST " + d + "/{id}/reporter-contact", FIELD);
        e.put("POST " + d + "/{id}/material-requisitions", FIELD);
        e.put("POST " + d + "/{id}/material-requisitions/{requisitionId}/issue", roles("warehouse"));
        e.put("POST " + d + "/{id}/appointment", ANYONE_ON_THE_ORDER);
        e.put("POST " + d + "/{id}/owner-not-home", FIELD);
        e.put("POST " + d + "/{id}/escalation", ANYONE_ON_THE_ORDER);
        e.put("POST " + d + "/{id}/arrival", roles("technician"));
        e.put("POST " + d + "/{id}/visit-end", FIELD);
        e.put("POST " + d + "/{id}/survey", FIELD);
        e.put("POST " + d + "/{id}/risk-disclosure", FIELD);
        e.put("POST " + d + "/{id}/risk-consent", FIELD);
        e.put("POST " + d + "/{id}/work-start", FIELD);
        e.put("POST " + d + "/{id}/waiting-for-materials", FIELD);
        e.put("POST " + d + "/{id}/materials-available", ANYONE_ON_THE_ORDER);
        e.put("POST " + d + "/{id}/completion", FIELD);
        e.put("POST " + d + "/{id}/owner-acceptance", FIELD);
        e.put("POST " + d + "/{id}/leader-verification", LEADER);
        e.put("POST " + d + "/{id}/review", LEADER);
        e.put("POST " + d + "/{id}/archive", roles("agent"));
        e.put("POST " + d + "/{id}/tracking-continuation", ANYONE_ON_THE_ORDER);
        e.put("POST " + d + "/{id}/conversion-exemption", LEADER);

        String t = "/api/v1/technicians";
        e.put("GET " + t, EVERY_ROLE);
        e.put("POST " + t, roles("admin", "team-leader"));
        e.put("GET " + t + "/{id}", EVERY_ROLE);
        e.put("POST " + t + "/{id}/duty", roles("admin", "team-leader"));
        e.put("GET " + t + "/{id}/work-list", EVERY_ROLE);

        String c = "/api/v1/calendar/years";
        e.put("GET " + c, EVERY_ROLE);
        e.put("POST " + c, ADMIN);
        e.put("GET " + c + "/{year}", EVERY_ROLE);
        e.put("POST " + c + "/{year}/corrections", ADMIN);

        e.putAll(AccessMatrix.PLATFORM_OPERATIONS);
        return e;
    }

    @Test
    void everyOperationTimesEveryRoleAndNoToken_41x7_287Cells() {
        AccessMatrix.Report report = AccessMatrix.assertMatrix(expectations());
        assertThat(report.operations()).as("operations in the dispatch OpenAPI document").isEqualTo(41);
        assertThat(report.cells()).as("41 operations × (7 roles + no token)").isEqualTo(41 * 8);
    }

    @Test
    void everyResourceMethodHasAnAccessRule() {
        assertThat(SecuredEndpoints.withoutAccessRule("doorstep.dispatch")).isEmpty();
    }
}
