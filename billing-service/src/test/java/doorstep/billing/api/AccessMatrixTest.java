package doorstep.billing.api;

import static doorstep.testing.AccessMatrix.PUBLIC;
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
 * Who may call what in billing (issue 11): every operation of the service's OpenAPI document, with no
 * token and with a token of each of the six roles of DESIGN.md §1. Public without a token: only the
 * fee schedule in force, as JSON and as the printable page (公开出示统一收费标准).
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class AccessMatrixTest {

    private static final Set<String> EVERY_ROLE = roles("agent", "technician", "team-leader", "supervisor", "warehouse", "admin");
    private static final Set<String> FIELD = roles("technician", "team-leader");
    private static final Set<String> ADMIN = roles("admin");

    /** The expectation table: operation → the roles it admits. */
    static Map<String, Set<String>> expectations() {
        Map<String, Set<String>> e = new LinkedHashMap<>();
        e.put("GET /api/v1/bills/{orderId}", EVERY_ROLE);
        e.put("GET /api/v1/bills/{orderId}/timeline", EVERY_ROLE);
        e.put("POST /api/v1/bills/{orderId}/quotes", FIELD);
        e.put("POST /api/v1/bills/{orderId}/quotes/{quoteId}/acceptance", FIELD);
        e.put("POST /api/v1/bills/{orderId}/quotes/{quoteId}/decline", FIELD);
        e.put("POST /api/v1/bills/{orderId}/payments", roles("technician", "agent", "team-leader"));
        e.put("POST /api/v1/bills/{orderId}/adjustments", roles("team-leader"));
        e.put("POST /api/v1/bills/{orderId}/refunds", roles("team-leader"));

        e.put("GET /api/v1/fee-schedules/current", PUBLIC);
        e.put("GET /api/v1/fee-schedules/current.html", PUBLIC);
        e.put("GET /api/v1/fee-schedules", EVERY_ROLE);
        e.put("GET /api/v1/fee-schedules/{version}", EVERY_ROLE);
        e.put("POST /api/v1/fee-schedules", ADMIN);
        e.put("POST /api/v1/fee-schedules/{version}/revision", ADMIN);
        e.put("POST /api/v1/fee-schedules/{version}/activation", ADMIN);

        e.put("PUT /api/v1/warehouse-materials/{code}", roles("warehouse", "admin"));
        e.put("GET /api/v1/warehouse-materials", EVERY_ROLE);
        e.put("GET /api/v1/materials/{code}/price", EVERY_ROLE);

        e.put("GET /api/v1/reports/revenue", EVERY_ROLE);

        e.putAll(AccessMatrix.PLATFORM_OPERATIONS);
        return e;
    }

    @Test
    void everyOperationAnswersEachRoleAndNoTokenAsExpected_25OperationsTimes7Is175Cells() {
        AccessMatrix.Report report = AccessMatrix.assertMatrix(expectations());
        assertThat(report.operations()).as("operations in billing's OpenAPI document").isEqualTo(25);
        assertThat(report.cells()).as("25 operations × (7 roles + no token)").isEqualTo(200);
    }

    @Test
    void noEndpointOfBillingLacksAnAccessRule() {
        assertThat(SecuredEndpoints.withoutAccessRule("doorstep.billing")).isEmpty();
    }
}
