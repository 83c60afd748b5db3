package doorstep.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Sends hostile input to every operation of the running service's OpenAPI document
 * ({@code /q/openapi}), so that an endpoint added later is covered without a new test, and
 * reports every answer that is not a 400 problem+json naming the field at fault:
 * <ul>
 * <li>each text field of a JSON body (at any depth) holding NUL, an unpaired surrogate or an
 * escape character; each whole-number field a number beyond its range and a fraction;</li>
 * <li>a key given twice, malformed JSON, and a second value after the body;</li>
 * <li>a text body (CSV) holding NUL;</li>
 * <li>each path and query parameter holding NUL; numeric ones beyond their range, boolean ones
 * neither true nor false, and {@code cursor} a forged cursor (a bare Base64 position).</li>
 * </ul>
 * Every request is sent with a token holding every role, so that only the input can be at fault.
 */
public final class HostileInput {

    /** What was sent and what was answered wrongly. */
    /**
     * @param probed     each operation that took hostile input, e.g. {@code POST /api/v1/orders}
     * @param failures   each answer that was not 400 problem+json naming the field, with what was sent
     */
    public record Report(int checks, List<String> probed, List<String> failures) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "@@hostile@@";
    /** JSON escapes: they reach the server's JSON parser exactly as written. */
    private static final Map<String, String> HOSTILE_JSON_TEXT = Map.of(
            "NUL", "\\u0000",
            "unpaired surrogate", "\\ud800\u5218",
            "escape character", "\\u001b[2J");
    private static final Map<String, String> HOSTILE_PARAMETERS = Map.of(
            "NUL", "a\u0000b",
            "escape character", "\u001b[2J");
    private static final int MAX_DEPTH = 5;

    private HostileInput() {
    }

    /**
     * Probes every operation and asserts that each refused its hostile input naming the field, that the
     * operations named in {@code mustInclude} (e.g. {@code POST /api/v1/orders}) were among those probed,
     * and that nothing was written ({@code eventCount}, e.g. the service's event store count, unchanged).
     */
    public static void assertEveryOperationRefusesHostileInput(java.util.function.LongSupplier eventCount, String... mustInclude) {
        long before = eventCount.getAsLong();
        Report report = probeEveryOperation();
        assertThat(report.failures())
                .as("%d requests to %d operations", report.checks(), report.probed().size()).isEmpty();
        assertThat(report.probed()).contains(mustInclude);
        assertThat(eventCount.getAsLong()).as("nothing written").isEqualTo(before);
    }

    /** Probes every operation; the caller asserts that {@code failures} is empty. */
    public static Report probeEveryOperation() {
        JsonNode doc = read(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
        List<String> failures = new ArrayList<>();
        List<String> probed = new ArrayList<>();
        int checks = 0;
        for (Map.Entry<String, JsonNode> pathItem : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : pathItem.getValue().properties()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                Operation o = new Operation(doc, method, pathItem.getKey(), pathItem.getValue(), op.getValue());
                List<Check> all = new ArrayList<>(o.parameterChecks());
                all.addAll(o.bodyChecks());
                if (!all.isEmpty()) {
                    probed.add(method + " " + pathItem.getKey());
                }
                for (Check c : all) {
                    checks++;
                    String failure = c.run();
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            }
        }
        return new Report(checks, probed, failures);
    }

    /** One request and the field the answer must name. */
    private record Check(String method, String url, String contentType, String body, String expectedField, String what) {

        String run() {
            RequestSpecification request = Http.asEveryRole("hostile-input-probe").urlEncodingEnabled(false)
                    .contentType(contentType == null ? "application/json" : contentType);
            if (body != null) {
                request.body(body);
            }
            Response r = request.request(method, url);
            String problem = null;
            if (r.statusCode() != 400) {
                problem = "answered " + r.statusCode();
            } else if (!String.valueOf(r.contentType()).startsWith("application/problem+json")) {
                problem = "answered 400 as " + r.contentType();
            } else {
                List<String> fields = r.jsonPath().getList("errors.field");
                if (fields == null || !fields.contains(expectedField)) {
                    problem = "named " + fields + ", not " + expectedField;
                }
            }
            return problem == null ? null
                    : method + " " + url + " with " + what + ": " + problem + " " + abbreviate(r.asString());
        }
    }

    private static final class Operation {
        final JsonNode doc;
        final String method;
        final String template;
        final Map<String, JsonNode> pathParams = new LinkedHashMap<>();
        final Map<String, JsonNode> queryParams = new LinkedHashMap<>();
        final JsonNode operation;

        Operation(JsonNode doc, String method, String template, JsonNode pathItem, JsonNode operation) {
            this.doc = doc;
            this.method = method;
            this.template = template;
            this.operation = operation;
            for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
                for (JsonNode p : list) {
                    JsonNode param = resolve(p);
                    JsonNode schema = resolve(param.path("schema"));
                    switch (param.path("in").asText()) {
                        case "path" -> pathParams.put(param.path("name").asText(), schema);
                        case "query" -> queryParams.put(param.path("name").asText(), schema);
                        default -> {
                        }
                    }
                }
            }
        }

        /** The URL with benign path parameters, except {@code name} set to {@code value}. */
        String url(String name, String value, Map<String, String> query) {
            String url = template;
            for (Map.Entry<String, JsonNode> p : pathParams.entrySet()) {
                String v = p.getKey().equals(name) ? value : type(p.getValue()).equals("integer") ? "1" : "probe-1";
                url = url.replace("{" + p.getKey() + "}", encode(v));
            }
            StringBuilder sb = new StringBuilder(url);
            char sep = '?';
            for (Map.Entry<String, String> q : query.entrySet()) {
                sb.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
                sep = '&';
            }
            return sb.toString();
        }

        List<Check> parameterChecks() {
            List<Check> checks = new ArrayList<>();
            String benignBody = hasJsonBody() ? "{}" : null;
            for (Map.Entry<String, JsonNode> p : pathParams.entrySet()) {
                for (Map.Entry<String, String> h : HOSTILE_PARAMETERS.entrySet()) {
                    checks.add(new Check(method, url(p.getKey(), h.getValue(), Map.of()), null, benignBody, p.getKey(),
                            h.getKey() + " in path parameter " + p.getKey()));
                }
                String tooLarge = tooLarge(p.getValue());
                if (tooLarge != null) {
                    checks.add(new Check(method, url(p.getKey(), tooLarge, Map.of()), null, benignBody, p.getKey(),
                            "path parameter " + p.getKey() + " beyond its range"));
                }
            }
            for (Map.Entry<String, JsonNode> q : queryParams.entrySet()) {
                String name = q.getKey();
                for (Map.Entry<String, String> h : HOSTILE_PARAMETERS.entrySet()) {
                    checks.add(new Check(method, url(null, null, Map.of(name, h.getValue())), null, benignBody, name,
                            h.getKey() + " in query parameter " + name));
                }
                String tooLarge = tooLarge(q.getValue());
                if (tooLarge != null) {
                    checks.add(new Check(method, url(null, null, Map.of(name, tooLarge)), null, benignBody, name,
                            "query parameter " + name + " beyond its range"));
                }
                if (type(q.getValue()).equals("boolean")) {
                    checks.add(new Check(method, url(null, null, Map.of(name, "maybe")), null, benignBody, name,
                            "query parameter " + name + " neither true nor false"));
                }
                if (name.equals("cursor")) {
                    // What this API's cursors used to be: the Base64 of a row position, here 0 (before the first row).
                    checks.add(new Check(method, url(null, null, Map.of(name, "MA")), null, benignBody, name, "a forged cursor"));
                }
            }
            return checks;
        }

        boolean hasJsonBody() {
            return !operation.path("requestBody").path("content").path("application/json").isMissingNode();
        }

        List<Check> bodyChecks() {
            List<Check> checks = new ArrayList<>();
            JsonNode content = operation.path("requestBody").path("content");
            String url = url(null, null, Map.of());
            if (!content.path("text/csv").isMissingNode() || !content.path("text/plain").isMissingNode()) {
                String type = content.has("text/csv") ? "text/csv" : "text/plain";
                checks.add(new Check(method, url, type, "a,b\nc\u0000,d\n", "$", "NUL in a text body"));
            }
            if (!hasJsonBody()) {
                return checks;
            }
            JsonNode schema = resolve(content.path("application/json").path("schema"));
            List<Leaf> leaves = new ArrayList<>();
            leaves(schema, "", 0, leaves);
            for (Leaf leaf : leaves) {
                if (leaf.type.equals("string")) {
                    for (Map.Entry<String, String> h : HOSTILE_JSON_TEXT.entrySet()) {
                        checks.add(new Check(method, url, null, bodyWith(leaf.path, MARK).replace(MARK, h.getValue()),
                                leaf.path, h.getKey() + " in " + leaf.path));
                    }
                } else if (leaf.type.equals("integer")) {
                    String tooLarge = tooLarge(leaf.schema);
                    checks.add(new Check(method, url, null, bodyWith(leaf.path, MARK).replace("\"" + MARK + "\"", tooLarge),
                            leaf.path, leaf.path + " beyond its range"));
                    checks.add(new Check(method, url, null, bodyWith(leaf.path, MARK).replace("\"" + MARK + "\"", "1.5"),
                            leaf.path, "a fraction in " + leaf.path));
                }
            }
            String first = schema.path("properties").fieldNames().hasNext() ? schema.path("properties").fieldNames().next() : "probe";
            checks.add(new Check(method, url, null, "{\"" + first + "\":null,\"" + first + "\":null}", first,
                    "the key " + first + " twice"));
            checks.add(new Check(method, url, null, "{\"" + first + "\": ", "$", "malformed JSON"));
            checks.add(new Check(method, url, null, "{} {}", "$", "a second value after the body"));
            return checks;
        }

        private record Leaf(String path, String type, JsonNode schema) {
        }

        private void leaves(JsonNode schema, String path, int depth, List<Leaf> out) {
            if (depth > MAX_DEPTH) {
                return;
            }
            String type = type(schema);
            switch (type) {
                case "object" -> schema.path("properties").properties().forEach(p ->
                        leaves(resolve(p.getValue()), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), depth + 1, out));
                case "array" -> leaves(resolve(schema.path("items")), path + "[0]", depth + 1, out);
                case "string", "integer" -> out.add(new Leaf(path, type, schema));
                default -> {
                }
            }
        }

        /** A JSON object holding only {@code value} at {@code path} (e.g. {@code items[0].code}). */
        private static String bodyWith(String path, String value) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            JsonNode node = root;
            String[] steps = path.replace("[0]", ".[0]").split("\\.");
            for (int i = 0; i < steps.length; i++) {
                boolean last = i == steps.length - 1;
                boolean nextIsArray = !last && steps[i + 1].equals("[0]");
                String step = steps[i];
                if (step.equals("[0]")) {
                    ArrayNode array = (ArrayNode) node;
                    if (last) {
                        array.add(value);
                    } else {
                        node = nextIsArray ? array.addArray() : array.addObject();
                    }
                } else {
                    ObjectNode object = (ObjectNode) node;
                    if (last) {
                        object.put(step, value);
                    } else {
                        node = nextIsArray ? object.putArray(step) : object.putObject(step);
                    }
                }
            }
            return root.toString();
        }

        private JsonNode resolve(JsonNode node) {
            JsonNode n = node;
            for (int i = 0; i < 10 && n.has("$ref"); i++) {
                String ref = n.path("$ref").asText();
                n = doc.at(ref.substring(1));
            }
            if (n.has("allOf") && n.path("allOf").size() == 1) {
                return resolve(n.path("allOf").get(0));
            }
            return n;
        }
    }

    /** The schema's type; OpenAPI 3.1 may give a list such as {@code ["integer", "null"]}. */
    private static String type(JsonNode schema) {
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            for (JsonNode e : t) {
                if (!e.asText().equals("null")) {
                    return e.asText();
                }
            }
        }
        if (t.isTextual()) {
            return t.asText();
        }
        return schema.has("properties") ? "object" : "";
    }

    /** A number one beyond the schema's integer range, or null if it is no integer. */
    private static String tooLarge(JsonNode schema) {
        if (!type(schema).equals("integer")) {
            return null;
        }
        return schema.path("format").asText().equals("int32") ? "2147483648" : "9223372036854775808";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
