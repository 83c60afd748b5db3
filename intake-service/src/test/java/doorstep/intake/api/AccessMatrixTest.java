package doorstep.intake.api;

import static doorstep.testing.AccessMatrix.roles;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import doorstep.testing.AccessMatrix;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.SecuredEndpoints;
import doorstep.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Who may call what, for every operation of intake's OpenAPI document: each is called without a token
 * (401) and with a token of each of the six roles (403 for a role it does not admit). An operation
 * added without a line here fails the test.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class AccessMatrixTest {

    /** The desk: the customer center, its team leaders, administrators (DESIGN.md §1). */
    static final Set<String> DESK = roles("agent", "team-leader", "admin");
    /** The desk's views and dashboard: the desk and the supervisors who oversee it. */
    static final Set<String> DESK_AND_SUPERVISORS = roles("agent", "team-leader", "supervisor", "admin");
    static final Set<String> EVERY_ROLE = roles("agent", "technician", "team-leader", "supervisor", "warehouse", "admin");
    static final Set<String> ADMIN = roles("admin");

    /** 30 operations × (7 roles + no token) = 240 cells. */
    static final int OPERATIONS = 30;

    static Map<String, Set<String>> expectations() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        // Dispatch orders
        m.put("POST /api/v1/orders", DESK);
        m.put("GET /api/v1/orders", EVERY_ROLE);
        m.put("GET /api/v1/orders/{id}", EVERY_ROLE);
        m.put("GET /api/v1/orders/{id}/timeline", EVERY_ROLE);
        m.put("POST /api/v1/orders/{id}/amendment", DESK);
        m.put("POST /api/v1/orders/{id}/cancellation", DESK);
        // The order desk across the four services (D53); the printable forms for everyone who shows or signs them
        m.put("GET /api/v1/desk/orders", DESK_AND_SUPERVISORS);
        m.put("GET /api/v1/desk/orders/{orderId}", DESK_AND_SUPERVISORS);
        m.put("GET /api/v1/desk/orders/{orderId}/timeline", DESK_AND_SUPERVISORS);
        m.put("GET /api/v1/desk/feed", DESK_AND_SUPERVISORS);
        m.put("GET /api/v1/desk/figures", DESK_AND_SUPERVISORS);
        m.put("POST /api/v1/desk/rebuild", ADMIN);
        m.put("GET /api/v1/desk/orders/{orderId}/dispatch-order.html", EVERY_ROLE);
        m.put("GET /api/v1/desk/orders/{orderId}/coordination-order.html", EVERY_ROLE);
        // Unit registry
        m.put("POST /api/v1/sites", ADMIN);
        m.put("GET /api/v1/sites", EVERY_ROLE);
        m.put("GET /api/v1/sites/{id}", EVERY_ROLE);
        m.put("POST /api/v1/units", ADMIN);
        m.put("POST /api/v1/units/import", ADMIN);
        m.put("GET /api/v1/units", EVERY_ROLE);
        m.put("GET /api/v1/units/{id}", EVERY_ROLE);
        // Erasure of a data subject's personal data on request (D48)
        m.put("POST /api/v1/personal-data/erasures", ADMIN);
        // The key custodian of personal data (D48): other services only, never a person
        m.put("POST /internal/v1/data-keys/{keyId}", roles("doorstep-service"));
        m.put("GET /internal/v1/data-keys/{keyId}", roles("doorstep-service"));
        // Operations (platform)
        m.putAll(AccessMatrix.PLATFORM_OPERATIONS);
        return m;
    }

    /** The one operation that takes no JSON (the matrix sends it an empty CSV body). */
    static final String CSV_IMPORT = "POST /api/v1/units/import";

    @Test
    void everyOperationAdmitsExactlyItsRoles() {
        AccessMatrix.Report report = AccessMatrix.check(expectations());
        assertThat(report.failures()).as("%d operations × (7 roles + no token) = %d cells", report.operations(), report.cells()).isEmpty();
        assertThat(report.operations()).as("operations in the OpenAPI document").isEqualTo(OPERATIONS);
        assertThat(report.cells()).as("operations × (7 roles + no token)").isEqualTo(OPERATIONS * 8);
    }

    @Test
    void theCsvImportAdmitsOnlyAdministrators() {
        Set<String> admits = expectations().get(CSV_IMPORT);
        String csv = "site_id,building,unit_number,owner_name,owner_phones\n";
        csvImport(null, csv).then().statusCode(401).contentType("application/problem+json");
        for (String role : AccessMatrix.ROLES) {
            Response r = csvImport(TestTokens.token(role, "csv-matrix-" + role), csv);
            if (admits.contains(role)) {
                // Admitted: the answer is about the file (a header without lines imports nothing).
                assertThat(r.statusCode()).as(role).isEqualTo(200);
                assertThat(r.jsonPath().getInt("rows")).as(role).isZero();
            } else {
                assertThat(r.statusCode()).as(role).isEqualTo(403);
                assertThat(r.contentType()).as(role).startsWith("application/problem+json");
            }
        }
    }

    private static Response csvImport(String token, String csv) {
        RequestSpecification r = given().contentType("text/csv; charset=UTF-8").body(csv);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return r.post("/api/v1/units/import");
    }

    @Test
    void everyResourceMethodHasAnAccessRule() {
        assertThat(SecuredEndpoints.withoutAccessRule("doorstep.intake")).isEmpty();
    }
}
