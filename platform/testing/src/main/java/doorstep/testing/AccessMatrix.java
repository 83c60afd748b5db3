package doorstep.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The role × endpoint matrix of a running service, generated from its OpenAPI document
 * ({@code /q/openapi}): every operation is called with no token and with a token of each role,
 * and each answer is compared with the service's expectations: no token → 401 problem+json
 * (unless the operation is public); a role the operation does not admit → 403 problem+json; a role
 * it admits → neither 401 nor 403 (the answer is then about the input: 200, 400, 404...). An
 * operation without an expectation, or an expectation without an operation, fails the matrix.
 * Path parameters are filled with ids that exist nowhere, and bodies are {@code {}} (or empty, of
 * the media type the operation takes, e.g. CSV), so an admitted call changes nothing; a controllable
 * clock that an admitted {@code DELETE /api/v1/admin/clock} released is set back afterwards.
 */
public final class AccessMatrix {

    /** The roles of DESIGN.md §1, as tokens carry them. */
    public static final List<String> ROLES = List.of("agent", "technician", "team-leader", "supervisor", "warehouse", "admin",
            "doorstep-service");
    /** The expectation of an operation anyone may call without a token. */
    public static final Set<String> PUBLIC = Set.of("*public*");

    /** The platform's own operations in every service (read-model rebuilds, the controllable clock): admin only. */
    public static final Map<String, Set<String>> PLATFORM_OPERATIONS = Map.of(
            "GET /api/v1/admin/projections", Set.of("admin"),
            "GET /api/v1/admin/projections/{name}", Set.of("admin"),
            "POST /api/v1/admin/projections/{name}/rebuild", Set.of("admin"),
            "GET /api/v1/admin/clock", Set.of("admin"),
            "PUT /api/v1/admin/clock", Set.of("admin"),
            "DELETE /api/v1/admin/clock", Set.of("admin"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was checked and what was answered wrongly. */
    public record Report(int operations, int cells, List<String> failures) {
    }

    private AccessMatrix() {
    }

    /**
     * @param expected per operation ({@code "POST /api/v1/orders/{id}/amendment"}) the roles it admits,
     *                 or {@link #PUBLIC}
     */
    public static Report check(Map<String, Set<String>> expected) {
        JsonNode doc;
        try {
            doc = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String clockBefore = clockNow();
        Map<String, Set<String>> remaining = new LinkedHashMap<>(expected);
        List<String> failures = new ArrayList<>();
        int operations = 0;
        int cells = 0;
        int call = 0;
        for (Map.Entry<String, JsonNode> pathItem : doc.path("paths").properties()) {
            for (String method : pathItem.getValue().properties().stream().map(Map.Entry::getKey).toList()) {
                String m = method.toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(m)) {
                    continue;
                }
                String operation = m + " " + pathItem.getKey();
                operations++;
                Set<String> admits = remaining.remove(operation);
                if (admits == null) {
                    failures.add(operation + ": no expectation (say which roles it admits)");
                    continue;
                }
                String url = pathItem.getKey().replaceAll("\\{[^}]+}", "matrix-nowhere");
                JsonNode content = pathItem.getValue().path(method).path("requestBody").path("content");
                String mediaType = content.isObject() && content.size() > 0 ? content.fieldNames().next() : "application/json";
                boolean isPublic = admits.equals(PUBLIC);
                // An event stream never ends for an admitted caller: it is asked to resume after an id no stream has sent,
                // which an admitted caller is refused (400) at once, and anyone else as usual (401, 403).
                boolean stream = pathItem.getValue().path(method).path("responses").path("200").path("content").has("text/event-stream");
                cells++;
                String anonymous = verdict(streamProbe(request(null, mediaType), stream), m, url, isPublic ? "public" : "401");
                if (anonymous != null) {
                    failures.add(operation + " without a token: " + anonymous);
                }
                for (String role : ROLES) {
                    cells++;
                    // Each call by its own user, so that the per-user rate limit never answers instead.
                    String token = TestTokens.token(role, "matrix-" + role + "-" + (++call));
                    String expectation = isPublic || admits.contains(role) ? "admitted" : "403";
                    String failure = verdict(streamProbe(request(token, mediaType), stream), m, url, expectation);
                    if (failure != null) {
                        failures.add(operation + " as " + role + ": " + failure);
                    }
                }
            }
        }
        remaining.keySet().forEach(op -> failures.add(op + ": expected, but not in the OpenAPI document"));
        if (clockBefore != null) {
            request(TestTokens.token("admin", "matrix-clock"), "application/json").body(Map.of("now", clockBefore))
                    .put("/api/v1/admin/clock").then().statusCode(200);
        }
        return new Report(operations, cells, failures);
    }

    /** Checks every cell and fails with every wrong answer; @return the report, for its size */
    public static Report assertMatrix(Map<String, Set<String>> expected) {
        Report report = check(expected);
        assertThat(report.failures()).as("%d operations × (%d roles + no token) = %d cells", report.operations(), ROLES.size(),
                report.cells()).isEmpty();
        assertThat(report.operations()).isPositive();
        return report;
    }

    /** Roles as a set, for expectation tables. */
    public static Set<String> roles(String... roles) {
        for (String r : roles) {
            if (!ROLES.contains(r)) {
                throw new IllegalArgumentException("not a role: " + r);
            }
        }
        return new TreeSet<>(List.of(roles));
    }

    /** The service's controllable clock, or null when it has none. */
    private static String clockNow() {
        Response r = given().header("Authorization", TestTokens.bearer("admin", "matrix-clock")).get("/api/v1/admin/clock");
        return r.statusCode() == 200 ? r.jsonPath().getString("now") : null;
    }

    private static RequestSpecification streamProbe(RequestSpecification r, boolean stream) {
        return stream ? r.header("Last-Event-ID", "matrix-not-an-event-id") : r;
    }

    private static RequestSpecification request(String token, String mediaType) {
        RequestSpecification r = given().contentType(mediaType).body(mediaType.contains("json") ? "{}" : "");
        return token == null ? r : r.header("Authorization", "Bearer " + token);
    }

    private static String verdict(RequestSpecification request, String method, String url, String expectation) {
        Response r = request.request(method, url);
        int status = r.statusCode();
        String type = String.valueOf(r.contentType());
        switch (expectation) {
            case "401", "403" -> {
                if (status != Integer.parseInt(expectation)) {
                    return "answered " + status + ", expected " + expectation;
                }
                if (!type.startsWith("application/problem+json")) {
                    return "answered " + status + " as " + type + ", not problem+json";
                }
                return null;
            }
            default -> {
                if (status == 401 || status == 403 || status >= 500) {
                    return "answered " + status + ", expected the call to be admitted: " + abbreviate(r.asString());
                }
                return null;
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
