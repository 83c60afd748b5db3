package doorstep.deploy.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Validates rendered objects offline. Kubernetes kinds are read into fabric8's model and Strimzi kinds into Strimzi's
 * API model (its {@code kafka.strimzi.io/v1}); both keep fields they do not know in additionalProperties maps, so
 * every object is walked and a non-empty map is an error naming its path. CloudNativePG {@code Cluster}s and
 * Prometheus-operator {@code ServiceMonitor}s, which publish no Java model, are checked against strict JSON Schemas
 * (src/test/resources/schemas) of the fields Doorstep uses, written from the CRDs' documented shape. Any other kind is
 * refused: a new kind needs a schema here first.
 */
final class SchemaValidator {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.ofEntries(
            model(ConfigMap.class), model(Secret.class), model(Service.class), model(ServiceAccount.class),
            model(Namespace.class), model(Deployment.class), model(PodDisruptionBudget.class),
            model(HorizontalPodAutoscaler.class), model(NetworkPolicy.class),
            strimzi(Kafka.class), strimzi(KafkaNodePool.class), strimzi(KafkaTopic.class), strimzi(KafkaUser.class));

    /**
     * Fields of Strimzi's v1beta2 that kafka.strimzi.io/v1 dropped: the 0.51 model still reads them (it serves both
     * versions), so they are refused here by path.
     */
    private static final Map<String, List<String>> DROPPED_IN_STRIMZI_V1 = Map.of(
            "Kafka", List.of("spec.zookeeper", "spec.jmxTrans", "spec.kafka.replicas", "spec.kafka.storage"),
            "KafkaUser", List.of("spec.authorization.acls[].operation"),
            "KafkaTopic", List.of(),
            "KafkaNodePool", List.of());

    private static final Map<String, String> SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "/schemas/cnpg-cluster.json",
            "monitoring.coreos.com/v1/ServiceMonitor", "/schemas/servicemonitor.json");

    private static final JsonSchemaFactory SCHEMA_FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private SchemaValidator() {
    }

    /** Strimzi kinds are written as kafka.strimzi.io/v1, the only version Strimzi 1.x serves (0.49+ serve it too). */
    private static Map.Entry<String, Class<? extends HasMetadata>> strimzi(Class<? extends HasMetadata> type) {
        return Map.entry(HasMetadata.getGroup(type) + "/v1/" + HasMetadata.getKind(type), type);
    }

    private static Map.Entry<String, Class<? extends HasMetadata>> model(Class<? extends HasMetadata> type) {
        return Map.entry(HasMetadata.getApiVersion(type) + "/" + HasMetadata.getKind(type), type);
    }

    /** A short name for messages: {@code Kind/name}. */
    static String describe(JsonNode object) {
        return object.path("kind").asText("?") + "/" + object.path("metadata").path("name").asText("?");
    }

    /** The problems of one rendered object, each naming the object and the path; empty when it is valid. */
    static List<String> validate(ObjectNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = describe(object);
        Class<? extends HasMetadata> type = MODELS.get(key);
        if (type != null) {
            return validateModel(object, type, name);
        }
        String schema = SCHEMAS.get(key);
        if (schema != null) {
            return validateSchema(object, schema, name);
        }
        return List.of(name + ": no schema for apiVersion/kind " + key + " (add a model or a JSON Schema to SchemaValidator)");
    }

    private static List<String> validateModel(ObjectNode object, Class<? extends HasMetadata> type, String name) {
        Object parsed;
        try {
            parsed = MAPPER.treeToValue(object, type);
        } catch (IOException | IllegalArgumentException e) {
            return List.of(name + ": does not match the " + type.getSimpleName() + " schema: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        walk(parsed, "", problems, 0);
        // The same object can be reached through two accessors (e.g. a typed and an untyped one): report it once.
        List<String> all = new ArrayList<>(problems.stream().distinct().map(p -> name + ": unknown field " + p).toList());
        for (String dropped : DROPPED_IN_STRIMZI_V1.getOrDefault(object.path("kind").asText(), List.of())) {
            if (present(object, dropped.split("\\."), 0)) {
                all.add(name + ": field " + dropped + " is not in kafka.strimzi.io/v1");
            }
        }
        return all;
    }

    private static boolean present(JsonNode node, String[] path, int index) {
        if (index == path.length) {
            return true;
        }
        String step = path[index];
        if (step.endsWith("[]")) {
            for (JsonNode item : node.path(step.substring(0, step.length() - 2))) {
                if (present(item, path, index + 1)) {
                    return true;
                }
            }
            return false;
        }
        return node.has(step) && present(node.get(step), path, index + 1);
    }

    /** Every non-empty additionalProperties map below {@code value}, as "path.field". */
    static void walk(Object value, String path, List<String> problems, int depth) {
        if (value == null || depth > 60) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                walk(entry.getValue(), path + "." + entry.getKey(), problems, depth + 1);
            }
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", problems, depth + 1);
            }
            return;
        }
        Class<?> type = value.getClass();
        String pkg = type.getPackageName();
        if (type.isEnum() || !(pkg.startsWith("io.fabric8.kubernetes.api.model") || pkg.startsWith("io.strimzi.api"))) {
            return;
        }
        List<Method> getters = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers()) && !method.isBridge()
                    && !method.getReturnType().isPrimitive() && method.getDeclaringClass() != Object.class
                    && (method.getName().startsWith("get") || method.getName().startsWith("is"))) {
                getters.add(method);
            }
        }
        getters.sort(Comparator.comparing(Method::getName));
        for (Method getter : getters) {
            Object result;
            try {
                result = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue; // a computed accessor that does not apply to this object
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (result instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    for (Object field : unknown.keySet()) {
                        problems.add((path.isEmpty() ? "" : path.substring(1) + ".") + field);
                    }
                }
                continue;
            }
            walk(result, path + "." + property(getter.getName()), problems, depth + 1);
        }
    }

    private static String property(String getter) {
        String bare = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
        return bare.isEmpty() ? bare : Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
    }

    private static List<String> validateSchema(ObjectNode object, String resource, String name) {
        JsonSchema schema;
        try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            schema = SCHEMA_FACTORY.getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(object)) {
            problems.add(name + ": " + message.getMessage());
        }
        problems.sort(null);
        return problems;
    }
}
