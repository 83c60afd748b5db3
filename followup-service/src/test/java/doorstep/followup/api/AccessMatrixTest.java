package doorstep.followup.api;

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
 * Who may call what, for every operation of followup's OpenAPI document (the platform's operations
 * included): reads of site data admit every role; each command the roles of DESIGN.md §1 that do it;
 * operations endpoints only {@code admin}; nothing is public. 22 operations × (7 roles + no token) = 176 cells.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class AccessMatrixTest {

    private static final Set<String> EVERY_ROLE = roles("agent", "technician", "team-leader", "supervisor", "warehouse", "admin");


    static Map<String, Set<String>> expectations() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("GET /api/v1/coordination-orders", EVERY_ROLE);
        m.put("GET /api/v1/coordination-orders/overdue", EVERY_ROLE);
        m.put("GET /api/v1/coordination-orders/{orderId}", EVERY_ROLE);
        m.put("GET /api/v1/coordination-orders/{orderId}/timeline", EVERY_ROLE);
        m.put("GET /api/v1/coordination-orders/{orderId}/entries", EVERY_ROLE);
        m.put("GET /api/v1/coordination-orders/{orderId}/checks", EVERY_ROLE);
        m.put("POST /api/v1/coordination-orders/{orderId}/tracker", roles("team-leader", "supervisor"));
        m.put("POST /api/v1/coordination-orders/{orderId}/entries", roles("technician", "team-leader", "supervisor", "agent"));
        m.put("POST /api/v1/coordination-orders/{orderId}/leader-checks", roles("team-leader"));
        m.put("POST /api/v1/coordination-orders/{orderId}/supervisor-checks", roles("supervisor"));
        m.put("POST /api/v1/coordination-orders/{orderId}/exemptions", roles("team-leader", "supervisor"));
        m.put("POST /api/v1/coordination-orders/{orderId}/resolution", roles("technician", "team-leader"));
        m.put("POST /api/v1/coordination-orders/{orderId}/archive", roles("team-leader"));
        m.put("GET /api/v1/callbacks", EVERY_ROLE);
        m.put("POST /api/v1/callbacks/{orderId}/attempts", roles("agent"));
        m.put("GET /api/v1/retention", EVERY_ROLE);
        m.putAll(AccessMatrix.PLATFORM_OPERATIONS);
        return m;
    }

    @Test
    void twentyTwoOperationsTimesEightCallersIs176CellsEachAnsweredAsExpected() {
        AccessMatrix.Report report = AccessMatrix.assertMatrix(expectations());
        assertThat(report.operations()).as("operations in followup's OpenAPI document").isEqualTo(22);
        assertThat(report.cells()).as("operations × (7 roles + no token)").isEqualTo(22 * 8);
    }

    @Test
    void everyEndpointOfTheServiceCarriesAnAccessRule() {
        assertThat(SecuredEndpoints.withoutAccessRule("doorstep.followup")).isEmpty();
    }
}
