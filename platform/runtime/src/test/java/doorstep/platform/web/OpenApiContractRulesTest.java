package doorstep.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.testing.OpenApiContract;
import org.junit.jupiter.api.Test;

/** The OpenAPI contract check (D54) accepts a good document and names each broken rule of a bad one. */
class OpenApiContractRulesTest {

    private static final String PROBLEM = "{\"content\":{\"application/problem+json\":{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}}}";
    private static final String COMPONENTS = "\"components\":{\"schemas\":{\"Problem\":{\"type\":\"object\",\"properties\":{\"errors\":{\"type\":\"array\"}}}}}";

    private static String command(String id, String headers, String extraResponses) {
        StringBuilder parameters = new StringBuilder();
        for (String h : headers.split(" ")) {
            if (!h.isEmpty()) {
                parameters.append(parameters.isEmpty() ? "" : ",").append("{\"name\":\"").append(h).append("\",\"in\":\"header\"}");
            }
        }
        return "{\"operationId\":\"" + id + "\",\"security\":[{\"SecurityScheme\":[]}],\"parameters\":[" + parameters + "],"
                + "\"responses\":{\"200\":{\"headers\":{\"ETag\":{}}},\"401\":" + PROBLEM + ",\"403\":" + PROBLEM + ",\"412\":"
                + PROBLEM + ",\"422\":" + PROBLEM + extraResponses + "}}";
    }

    private static JsonNode doc(String paths) {
        return OpenApiContract.parse("{\"paths\":{" + paths + "}," + COMPONENTS + "}");
    }

    @Test
    void aDocumentThatKeepsEveryRulePasses() {
        JsonNode good = doc("\"/api/v1/orders/{id}/amendment\":{\"post\":" + command("amendOrder", "X-Correlation-Id Idempotency-Key If-Match", "")
                + "},\"/api/v1/sites\":{\"post\":" + command("createSite", "X-Correlation-Id", "") + "}");
        assertThat(OpenApiContract.problems(good, Set.of("POST /api/v1/sites"))).isEmpty();
    }

    @Test
    void eachBrokenRuleIsNamed() {
        JsonNode bad = doc("\"/api/v1/orders/{id}/amendment\":{\"post\":" + command("api_v1_orders_id_amendment_post", "If-Match", "")
                + "},\"/api/v1/orders/{id}/cancellation\":{\"post\":" + command("amendOrder", "X-Correlation-Id Idempotency-Key", "")
                + "},\"/api/v1/orders/{id}/reopening\":{\"post\":" + command("amendOrder", "X-Correlation-Id Idempotency-Key", "")
                + "},\"/api/v1/orders\":{\"get\":{\"responses\":{\"200\":{\"content\":{\"application/json\":{\"schema\":{\"properties\":"
                + "{\"data\":{\"properties\":{\"valueNode\":{},\"nodeType\":{}}}}}}}},\"401\":{\"description\":\"x\"},\"409\":"
                + PROBLEM + "}}}");
        List<String> problems = OpenApiContract.problems(bad, Set.of("POST /api/v1/sites"));
        assertThat(problems).anyMatch(p -> p.contains("api_v1_orders_id_amendment_post is not camelCase"))
                .anyMatch(p -> p.startsWith("POST /api/v1/orders/{id}/amendment: a command without the X-Correlation-Id"))
                .anyMatch(p -> p.startsWith("POST /api/v1/orders/{id}/amendment: a command without the Idempotency-Key"))
                .anyMatch(p -> p.contains("operationId amendOrder is used twice"))
                .anyMatch(p -> p.startsWith("GET /api/v1/orders: no operationId"))
                .anyMatch(p -> p.startsWith("GET /api/v1/orders: is public but answers 401"))
                .anyMatch(p -> p.startsWith("GET /api/v1/orders: a read that answers 409"))
                .anyMatch(p -> p.startsWith("GET /api/v1/orders: error answer 401 is not application/problem+json"))
                .anyMatch(p -> p.contains("Jackson's valueNode"))
                .anyMatch(p -> p.startsWith("POST /api/v1/sites: listed as a command without Idempotency-Key, but no such command"));
    }

    @Test
    void anIfMatchWithoutItsAnswersAndAKeyWithout422AreNamed() {
        String op = "{\"operationId\":\"cancelOrder\",\"parameters\":[{\"name\":\"X-Correlation-Id\",\"in\":\"header\"},"
                + "{\"name\":\"Idempotency-Key\",\"in\":\"header\"},{\"name\":\"If-Match\",\"in\":\"header\"}],\"responses\":{\"200\":{}}}";
        List<String> problems = OpenApiContract.problems(doc("\"/api/v1/orders/{id}/cancellation\":{\"post\":" + op + "}"), Set.of());
        assertThat(problems).containsExactlyInAnyOrder(
                "POST /api/v1/orders/{id}/cancellation: takes If-Match but does not answer 412",
                "POST /api/v1/orders/{id}/cancellation: takes If-Match but answers no ETag",
                "POST /api/v1/orders/{id}/cancellation: takes Idempotency-Key but does not answer 422");
    }

    @Test
    void operationIdsSharedAcrossServicesAreFoundUnlessTheyAreThePlatformsOwnOperation() {
        String admin = "\"/api/v1/admin/projections\":{\"get\":{\"operationId\":\"listProjections\"}}";
        Map<String, JsonNode> docs = Map.of(
                "intake", doc(admin + ",\"/api/v1/orders/{id}\":{\"get\":{\"operationId\":\"getOrder\"}}"),
                "dispatch", doc(admin + ",\"/api/v1/dispatches/{id}\":{\"get\":{\"operationId\":\"getOrder\"}}"));
        assertThat(OpenApiContract.sharedOperationIds(docs)).containsOnlyKeys("getOrder");
        assertThat(OpenApiContract.sharedOperationIds(docs).get("getOrder"))
                .containsExactlyInAnyOrder("dispatch GET /api/v1/dispatches/{id}", "intake GET /api/v1/orders/{id}");
    }
}
