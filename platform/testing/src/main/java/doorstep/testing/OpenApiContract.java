package doorstep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Holds a service's OpenAPI document to what a generated client needs (D54), and keeps its committed copy
 * ({@code contracts/openapi/<service>.json}, from which the build generates the clients) current:
 * <ul>
 * <li>every operation has an {@code operationId}, camelCase, unique in the document;</li>
 * <li>every command under {@code /api/} (POST, PUT, PATCH, DELETE; not the operators' {@code /api/v1/admin/}) declares
 * the {@code X-Correlation-Id} header, and {@code Idempotency-Key} unless it is one of the service's named exceptions
 * (commands the platform does not store answers for); an exception that is not a command of the document, or that
 * declares the key after all, is stale and fails too;</li>
 * <li>an operation that takes {@code If-Match} answers 412 and an {@code ETag} on success; one that takes
 * {@code Idempotency-Key} answers 422;</li>
 * <li>every error answer (4xx, 5xx, default) is {@code application/problem+json} with the {@code Problem} schema;
 * an operation with a security requirement answers 401 and 403, one without answers neither; a GET answers no 409,
 * 412 or 422;</li>
 * <li>no schema exposes Jackson's tree model ({@code valueNode}, {@code containerNode}, {@code nodeType}…): free-form
 * data is declared as an object.</li>
 * </ul>
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");
    private static final Set<String> COMMANDS = Set.of("post", "put", "patch", "delete");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Property names of Jackson's JsonNode as a bean: a schema with any of them documents the tree model, not data. */
    static final Set<String> JACKSON_INTERNALS = Set.of("valueNode", "containerNode", "missingNode", "nodeType", "pojo",
            "floatingPointNumber", "integralNumber", "textual", "bigDecimal", "bigInteger", "embeddedValue");
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private OpenApiContract() {
    }

    /** Where a service's document is committed; the build generates a client from it (system-tests). */
    public static Path committedCopy(String service) {
        return Path.of("..", "contracts", "openapi", service + ".json");
    }

    /**
     * Checks the document the service serves, and compares it with (or, with {@code -Ddoorstep.schemas.write=true},
     * writes) the committed copy.
     *
     * @param withoutIdempotencyKey commands ({@code "POST /api/v1/sites"}) that honestly take no {@code Idempotency-Key}
     * @throws AssertionError naming every broken rule, or the stale copy
     */
    public static void check(String service, String document, Set<String> withoutIdempotencyKey) {
        JsonNode doc = parse(document);
        List<String> problems = problems(doc, withoutIdempotencyKey);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " broken rules of " + service + "'s OpenAPI document:\n  "
                    + String.join("\n  ", problems));
        }
        Path committed = committedCopy(service);
        try {
            String text = JSON.writeValueAsString(doc) + "\n";
            if (Boolean.getBoolean("doorstep.schemas.write")) {
                Files.createDirectories(committed.getParent());
                Files.writeString(committed, text);
            } else if (!Files.exists(committed) || !parse(Files.readString(committed)).equals(doc)) {
                throw new AssertionError(committed + " is " + (Files.exists(committed) ? "stale" : "missing")
                        + ": rebuild with -Ddoorstep.schemas.write=true and review the diff like any contract change");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return every broken rule of the document, one line each (empty: none) */
    public static List<String> problems(JsonNode doc, Set<String> withoutIdempotencyKey) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> commands = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> m : path.getValue().properties()) {
                if (!METHODS.contains(m.getKey())) {
                    continue;
                }
                String name = m.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = m.getValue();
                String id = op.path("operationId").asText("");
                if (id.isEmpty()) {
                    problems.add(name + ": no operationId");
                } else if (!CAMEL_CASE.matcher(id).matches()) {
                    problems.add(name + ": operationId " + id + " is not camelCase");
                } else if (!ids.add(id)) {
                    problems.add(name + ": operationId " + id + " is used twice");
                }
                Set<String> headers = new HashSet<>();
                op.path("parameters").forEach(p -> {
                    if (p.path("in").asText().equals("header")) {
                        headers.add(p.path("name").asText());
                    }
                });
                boolean command = COMMANDS.contains(m.getKey()) && path.getKey().startsWith("/api/")
                        && !path.getKey().startsWith("/api/v1/admin/");
                if (command) {
                    commands.add(name);
                    if (!headers.contains("X-Correlation-Id")) {
                        problems.add(name + ": a command without the X-Correlation-Id header");
                    }
                    boolean exempt = withoutIdempotencyKey.contains(name);
                    if (!exempt && !headers.contains("Idempotency-Key")) {
                        problems.add(name + ": a command without the Idempotency-Key header");
                    }
                    if (exempt && headers.contains("Idempotency-Key")) {
                        problems.add(name + ": declares Idempotency-Key but is listed as a command without it");
                    }
                }
                JsonNode responses = op.path("responses");
                if (headers.contains("If-Match")) {
                    if (!responses.has("412")) {
                        problems.add(name + ": takes If-Match but does not answer 412");
                    }
                    boolean etag = false;
                    for (Map.Entry<String, JsonNode> r : responses.properties()) {
                        etag |= r.getKey().startsWith("2") && r.getValue().path("headers").has("ETag");
                    }
                    if (!etag) {
                        problems.add(name + ": takes If-Match but answers no ETag");
                    }
                }
                if (headers.contains("Idempotency-Key") && !responses.has("422")) {
                    problems.add(name + ": takes Idempotency-Key but does not answer 422");
                }
                boolean secured = op.path("security").size() > 0 || (!op.has("security") && doc.path("security").size() > 0);
                for (String status : List.of("401", "403")) {
                    if (secured && !responses.has(status)) {
                        problems.add(name + ": needs a token but does not answer " + status);
                    }
                    if (!secured && responses.has(status)) {
                        problems.add(name + ": is public but answers " + status);
                    }
                }
                if (m.getKey().equals("get")) {
                    for (String status : List.of("409", "412", "422")) {
                        if (responses.has(status)) {
                            problems.add(name + ": a read that answers " + status);
                        }
                    }
                }
                for (Map.Entry<String, JsonNode> r : responses.properties()) {
                    if (r.getKey().startsWith("4") || r.getKey().startsWith("5") || r.getKey().equals("default")) {
                        JsonNode content = r.getValue().path("content");
                        if (!content.path(PROBLEM_JSON).path("schema").path("$ref").asText().equals(PROBLEM_REF)) {
                            problems.add(name + ": error answer " + r.getKey() + " is not " + PROBLEM_JSON + " with the Problem schema");
                        }
                    }
                }
            }
        }
        for (String exempt : withoutIdempotencyKey) {
            if (!commands.contains(exempt)) {
                problems.add(exempt + ": listed as a command without Idempotency-Key, but no such command");
            }
        }
        if (!doc.path("components").path("schemas").path("Problem").path("properties").has("errors")) {
            problems.add("components.schemas.Problem: missing, or without errors");
        }
        internals(doc, "$", problems);
        return problems;
    }

    /**
     * The operation ids that several documents use for different operations ({@code operationId → "service METHOD path"}
     * of each use), so that one client generated from all of them has one method per operation. The platform's own
     * operations ({@code /api/v1/admin/…}) are in every service with the same method and path: they count once.
     */
    public static Map<String, List<String>> sharedOperationIds(Map<String, JsonNode> documents) {
        Map<String, Map<String, List<String>>> uses = new TreeMap<>();
        documents.forEach((service, doc) -> doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(m -> {
            String id = m.getValue().path("operationId").asText("");
            if (METHODS.contains(m.getKey()) && !id.isEmpty()) {
                uses.computeIfAbsent(id, k -> new TreeMap<>()).computeIfAbsent(m.getKey().toUpperCase() + " " + path.getKey(),
                        k -> new ArrayList<>()).add(service);
            }
        })));
        Map<String, List<String>> shared = new TreeMap<>();
        uses.forEach((id, operations) -> {
            boolean oneOperation = operations.size() == 1;
            boolean onceEach = operations.values().stream().allMatch(services -> services.size() == new HashSet<>(services).size());
            if (!oneOperation || !onceEach) {
                List<String> where = new ArrayList<>();
                operations.forEach((op, services) -> services.forEach(s -> where.add(s + " " + op)));
                shared.put(id, where);
            }
        });
        return shared;
    }

    /** Finds schemas (anywhere in the document) whose properties are JsonNode's bean properties. */
    private static void internals(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode properties = node.path("properties");
            if (properties.isObject()) {
                for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
                    String property = names.next();
                    if (JACKSON_INTERNALS.contains(property)) {
                        problems.add(where + ": a schema with Jackson's " + property + " (declare free-form data as an object)");
                        break;
                    }
                }
            }
            node.properties().forEach(e -> internals(e.getValue(), where + "." + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                internals(node.get(i), where + "[" + i + "]", problems);
            }
        }
    }

    /** A JSON document's tree. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed documents of the given services, by service. */
    public static Map<String, JsonNode> committedDocuments(Path contractsOpenApi, List<String> services) {
        Map<String, JsonNode> docs = new HashMap<>();
        for (String s : services) {
            try {
                docs.put(s, parse(Files.readString(contractsOpenApi.resolve(s + ".json"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return docs;
    }
}
