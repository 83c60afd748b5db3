package doorstep.deploy.kubernetes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The usual mistakes a schema does not catch, each a method that returns what it found wrong (empty when all is
 * well), naming the object and the field. Objects are rendered manifests as JSON trees.
 */
final class ManifestChecks {

    /** Env names that look like a secret: their value must come from a Secret, never inline. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|TOKEN|SECRET|JAAS|KEY).*");
    /** Dead-letter topics keep 90 days (D48). */
    static final String DEAD_LETTER_RETENTION_MS = "7776000000";

    private ManifestChecks() {
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static String describe(JsonNode object) {
        return SchemaValidator.describe(object);
    }

    private static Iterable<JsonNode> containers(JsonNode deployment) {
        List<JsonNode> all = new ArrayList<>();
        deployment.path("spec").path("template").path("spec").path("initContainers").forEach(all::add);
        deployment.path("spec").path("template").path("spec").path("containers").forEach(all::add);
        return all;
    }

    /** Probes (startup, readiness, liveness), cpu and memory requests, a memory limit, non-root, read-only root, preStop. */
    static List<String> containers(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            if (pod.path("terminationGracePeriodSeconds").asInt(30) < 60) {
                problems.add(describe(deployment) + ": terminationGracePeriodSeconds below 60 (preStop 5 s + requests 15 s + consumers 10 s + relay and Kafka clients closing)");
            }
            for (JsonNode container : pod.path("containers")) {
                String where = describe(deployment) + " container " + container.path("name").asText();
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    if (!container.hasNonNull(probe)) {
                        problems.add(where + ": no " + probe);
                    }
                }
                JsonNode resources = container.path("resources");
                for (String request : List.of("cpu", "memory")) {
                    if (!resources.path("requests").hasNonNull(request)) {
                        problems.add(where + ": no resources.requests." + request);
                    }
                }
                if (!resources.path("limits").hasNonNull("memory")) {
                    problems.add(where + ": no resources.limits.memory");
                }
                JsonNode security = container.path("securityContext");
                if (!security.path("runAsNonRoot").asBoolean(pod.path("securityContext").path("runAsNonRoot").asBoolean(false))) {
                    problems.add(where + ": not runAsNonRoot");
                }
                if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(where + ": root filesystem not read-only (securityContext.readOnlyRootFilesystem)");
                }
                JsonNode preStop = container.path("lifecycle").path("preStop");
                if (!preStop.has("sleep")) {
                    problems.add(where + ": no lifecycle.preStop.sleep (endpoints must go before SIGTERM)");
                }
            }
        }
        return problems;
    }

    /** No {@code latest}, no untagged image; with {@code expectedTag}, every image is {@code doorstep/<container>:<tag>}. */
    static List<String> images(List<ObjectNode> objects, String expectedTag) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String image = container.path("image").asText();
                String where = describe(deployment) + " container " + container.path("name").asText();
                String lastPart = image.substring(image.lastIndexOf('/') + 1);
                if (image.contains("@sha256:")) {
                    continue;
                }
                if (!lastPart.contains(":")) {
                    problems.add(where + ": image " + image + " has no tag");
                } else if (lastPart.endsWith(":latest")) {
                    problems.add(where + ": image " + image + " uses latest");
                }
                if (expectedTag != null) {
                    String expected = "doorstep/" + container.path("name").asText() + ":" + expectedTag;
                    if (!image.equals(expected)) {
                        problems.add(where + ": image " + image + ", expected " + expected);
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Topic settings: never compacted ({@code cleanup.policy: delete}), event topics kept forever
     * ({@code retention.ms: -1}), dead-letter topics 90 days; with {@code replicas} given, that many replicas and
     * {@code min.insync.replicas} as given.
     */
    static List<String> topics(List<ObjectNode> objects, Integer replicas, Integer minInsync) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode topic : ofKind(objects, "KafkaTopic")) {
            String topicName = topicName(topic);
            JsonNode config = topic.path("spec").path("config");
            String where = describe(topic);
            if (!"delete".equals(config.path("cleanup.policy").asText())) {
                problems.add(where + ": cleanup.policy must be delete (an event log is never compacted), is "
                        + config.path("cleanup.policy").asText("unset"));
            }
            String retention = config.path("retention.ms").asText("unset");
            String expectedRetention = topicName.endsWith(".dlq") ? DEAD_LETTER_RETENTION_MS : "-1";
            if (!expectedRetention.equals(retention)) {
                problems.add(where + ": retention.ms must be " + expectedRetention + ", is " + retention);
            }
            if (replicas != null && topic.path("spec").path("replicas").asInt(-1) != replicas) {
                problems.add(where + ": replicas must be " + replicas + ", is " + topic.path("spec").path("replicas").asText("unset"));
            }
            if (minInsync != null && !String.valueOf(minInsync).equals(config.path("min.insync.replicas").asText())) {
                problems.add(where + ": min.insync.replicas must be " + minInsync + ", is "
                        + config.path("min.insync.replicas").asText("unset"));
            }
        }
        return problems;
    }

    static String topicName(JsonNode topic) {
        String explicit = topic.path("spec").path("topicName").asText("");
        return explicit.isEmpty() ? name(topic) : explicit;
    }

    /** No Secret objects, no secret-looking env var or ConfigMap key with a literal value. */
    static List<String> inlineSecrets(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode secret : ofKind(objects, "Secret")) {
            problems.add(describe(secret) + ": a Secret in the manifests (create it in the cluster, README.md)");
        }
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            for (JsonNode container : containers(deployment)) {
                for (JsonNode env : container.path("env")) {
                    String name = env.path("name").asText();
                    if (SECRET_NAME.matcher(name).matches() && env.has("value")) {
                        problems.add(describe(deployment) + " container " + container.path("name").asText()
                                + ": env " + name + " has an inline value (use valueFrom.secretKeyRef)");
                    }
                }
            }
        }
        for (ObjectNode configMap : ofKind(objects, "ConfigMap")) {
            for (Iterator<String> keys = configMap.path("data").fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (SECRET_NAME.matcher(key).matches()) {
                    problems.add(describe(configMap) + ": key " + key + " looks like a secret (put it in a Secret)");
                }
            }
        }
        return problems;
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.path("matchLabels");
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            Set<String> values = new TreeSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return matchLabels.size() + selector.path("matchExpressions").size() > 0;
    }

    /**
     * Every Deployment has a PodDisruptionBudget, a NetworkPolicy isolating it both ways, its own ServiceAccount
     * (token not mounted) and a ServiceMonitor scraping /q/metrics through a Service that selects its pods.
     */
    static List<String> companions(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            String where = describe(deployment);
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            if (ofKind(objects, "PodDisruptionBudget").stream().noneMatch(p -> selects(p.path("spec").path("selector"), podLabels))) {
                problems.add(where + ": no PodDisruptionBudget selects its pods");
            }
            boolean isolated = ofKind(objects, "NetworkPolicy").stream()
                    .filter(p -> selects(p.path("spec").path("podSelector"), podLabels))
                    .anyMatch(p -> p.path("spec").path("policyTypes").toString().contains("\"Ingress\"")
                            && p.path("spec").path("policyTypes").toString().contains("\"Egress\""));
            if (!isolated) {
                problems.add(where + ": no NetworkPolicy with policyTypes Ingress and Egress selects its pods");
            }
            String account = deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText("");
            Optional<ObjectNode> serviceAccount = ofKind(objects, "ServiceAccount").stream().filter(a -> name(a).equals(account)).findFirst();
            if (account.isEmpty() || serviceAccount.isEmpty()) {
                problems.add(where + ": no ServiceAccount of its own (serviceAccountName " + (account.isEmpty() ? "unset" : account + " not found") + ")");
            } else if (serviceAccount.get().path("automountServiceAccountToken").asBoolean(true)) {
                problems.add(where + ": its ServiceAccount " + account + " mounts a token (automountServiceAccountToken must be false)");
            }
            List<ObjectNode> services = ofKind(objects, "Service").stream()
                    .filter(s -> selects(wrap(s.path("spec").path("selector")), podLabels))
                    .toList();
            boolean monitored = ofKind(objects, "ServiceMonitor").stream().anyMatch(m -> services.stream()
                    .anyMatch(s -> selects(m.path("spec").path("selector"), s.path("metadata").path("labels")))
                    && m.path("spec").path("endpoints").toString().contains("/q/metrics"));
            if (!monitored) {
                problems.add(where + ": no ServiceMonitor scrapes /q/metrics from a Service of its pods");
            }
        }
        return problems;
    }

    private static JsonNode wrap(JsonNode matchLabels) {
        ObjectNode selector = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        selector.set("matchLabels", matchLabels);
        return selector;
    }

    /**
     * HorizontalPodAutoscalers never go beyond the partitions of the topics their service consumes:
     * {@code DOORSTEP_TOPICS_PARTITIONS} of doorstep-common and, where rendered, each consumed KafkaTopic's partitions.
     */
    static List<String> autoscaling(List<ObjectNode> objects, List<ServiceConfig> services) {
        List<String> problems = new ArrayList<>();
        Integer configured = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).equals("doorstep-common"))
                .map(c -> c.path("data").path("DOORSTEP_TOPICS_PARTITIONS").asText(null))
                .filter(v -> v != null).map(Integer::valueOf).findFirst().orElse(null);
        for (ObjectNode hpa : ofKind(objects, "HorizontalPodAutoscaler")) {
            int max = hpa.path("spec").path("maxReplicas").asInt();
            String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            if (configured == null) {
                problems.add(describe(hpa) + ": DOORSTEP_TOPICS_PARTITIONS is not set in doorstep-common, so maxReplicas is unbounded");
            } else if (max > configured) {
                problems.add(describe(hpa) + ": maxReplicas " + max + " exceeds DOORSTEP_TOPICS_PARTITIONS " + configured);
            }
            services.stream().filter(s -> s.application().equals(target)).findFirst().ifPresent(service -> {
                for (ObjectNode topic : ofKind(objects, "KafkaTopic")) {
                    int partitions = topic.path("spec").path("partitions").asInt(Integer.MAX_VALUE);
                    if (service.consumed().contains(topicName(topic)) && max > partitions) {
                        problems.add(describe(hpa) + ": maxReplicas " + max + " exceeds the " + partitions
                                + " partitions of " + topicName(topic) + ", which it consumes");
                    }
                }
            });
        }
        return problems;
    }

    /**
     * Kafka access matches the services' properties: every topic a service writes, reads or dead-letters to is a
     * KafkaTopic; every topic in an ACL is a KafkaTopic; each service has a KafkaUser of its application name with
     * Write on its topic and its dead-letter topics, Read on what it consumes, Read on its consumer groups and
     * IdempotentWrite on the cluster; its Deployment logs in with that user's secret.
     */
    static List<String> kafkaAccess(List<ObjectNode> objects, List<ServiceConfig> services) {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> users = ofKind(objects, "KafkaUser");
        Set<String> topics = new TreeSet<>();
        ofKind(objects, "KafkaTopic").forEach(t -> topics.add(topicName(t)));
        if (users.isEmpty() && topics.isEmpty()) {
            return problems; // nothing of Kafka rendered here (base)
        }
        for (ObjectNode user : users) {
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                if ("topic".equals(resource.path("type").asText()) && !topics.contains(resource.path("name").asText())) {
                    problems.add(describe(user) + ": ACL on topic " + resource.path("name").asText() + ", which is not a KafkaTopic");
                }
            }
        }
        for (ServiceConfig service : services) {
            Set<String> needed = new TreeSet<>(service.consumed());
            needed.addAll(service.deadLetters());
            needed.add(service.ownTopic());
            for (String topic : needed) {
                if (!topics.contains(topic)) {
                    problems.add(service.application() + " uses topic " + topic + ", which is not a KafkaTopic");
                }
            }
            Optional<ObjectNode> user = users.stream().filter(u -> name(u).equals(service.application())).findFirst();
            if (user.isEmpty()) {
                problems.add(service.application() + ": no KafkaUser " + service.application());
                continue;
            }
            require(problems, user.get(), "topic", service.ownTopic(), "Write");
            for (String topic : service.consumed()) {
                require(problems, user.get(), "topic", topic, "Read");
            }
            for (String topic : service.deadLetters()) {
                require(problems, user.get(), "topic", topic, "Write");
            }
            for (String group : service.groups()) {
                require(problems, user.get(), "group", group, "Read");
            }
            require(problems, user.get(), "cluster", null, "IdempotentWrite");
            ofKind(objects, "Deployment").stream().filter(d -> name(d).equals(service.application())).forEach(d -> {
                boolean logsIn = false;
                for (JsonNode container : containers(d)) {
                    for (JsonNode env : container.path("env")) {
                        JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                        if (env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG") && ref.path("name").asText().equals(service.application())
                                && ref.path("key").asText().equals("sasl.jaas.config")) {
                            logsIn = true;
                        }
                    }
                }
                if (!logsIn) {
                    problems.add(describe(d) + ": KAFKA_SASL_JAAS_CONFIG does not come from the KafkaUser secret "
                            + service.application() + " (key sasl.jaas.config)");
                }
            });
        }
        return problems;
    }

    private static void require(List<String> problems, ObjectNode user, String type, String resourceName, String operation) {
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            boolean sameResource = type.equals(resource.path("type").asText())
                    && (resourceName == null || (resourceName.equals(resource.path("name").asText())
                    && "literal".equals(resource.path("patternType").asText("literal"))));
            if (sameResource && acl.path("operations").toString().contains("\"" + operation + "\"")
                    && !"deny".equals(acl.path("type").asText("allow"))) {
                return;
            }
        }
        problems.add(describe(user) + ": no ACL allowing " + operation + " on " + type + (resourceName == null ? "" : " " + resourceName));
    }

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([a-z0-9-]+)-rw:5432/([a-z0-9_]+)(\\?.*)?");

    /**
     * Each Deployment reaches a CloudNativePG Cluster that is rendered beside it: the JDBC URL names the Cluster's
     * read-write Service and its bootstrap database, user and password come from that Cluster's {@code -app} secret
     * and the CA it trusts from its {@code -ca} secret. Only where Clusters are rendered (not in base).
     */
    static List<String> databases(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> clusters = ofKind(objects, "Cluster");
        if (clusters.isEmpty()) {
            return problems;
        }
        for (ObjectNode deployment : ofKind(objects, "Deployment")) {
            String where = describe(deployment);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
            String url = null;
            Set<String> secrets = new TreeSet<>();
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (name.equals("QUARKUS_DATASOURCE_JDBC_URL")) {
                    url = env.path("value").asText(null);
                } else if (name.startsWith("QUARKUS_DATASOURCE_")) {
                    secrets.add(env.path("valueFrom").path("secretKeyRef").path("name").asText("none"));
                }
            }
            Matcher matcher = url == null ? null : JDBC_URL.matcher(url);
            if (matcher == null || !matcher.matches()) {
                problems.add(where + ": QUARKUS_DATASOURCE_JDBC_URL " + url + " does not name a CloudNativePG read-write Service");
                continue;
            }
            String cluster = matcher.group(1);
            Optional<ObjectNode> found = clusters.stream().filter(c -> name(c).equals(cluster)).findFirst();
            if (found.isEmpty()) {
                problems.add(where + ": its database " + cluster + " is not a rendered Cluster");
                continue;
            }
            String database = found.get().path("spec").path("bootstrap").path("initdb").path("database").asText();
            if (!database.equals(matcher.group(2))) {
                problems.add(where + ": connects to database " + matcher.group(2) + " but " + cluster + " creates " + database);
            }
            if (!secrets.equals(Set.of(cluster + "-app"))) {
                problems.add(where + ": database user and password from " + secrets + ", expected the secret " + cluster + "-app");
            }
            boolean trustsCa = false;
            for (JsonNode volume : deployment.path("spec").path("template").path("spec").path("volumes")) {
                trustsCa |= (cluster + "-ca").equals(volume.path("secret").path("secretName").asText());
            }
            if (url.contains("sslrootcert") && !trustsCa) {
                problems.add(where + ": verifies the database against a CA but mounts no secret " + cluster + "-ca");
            }
        }
        return problems;
    }

    /** The metrics the services export (issue 13), each of which the dashboard must show. */
    static final List<String> DASHBOARD_METRICS = List.of(
            "doorstep_commands_seconds_count", "doorstep_commands_seconds_bucket", "doorstep_outbox_backlog_events",
            "doorstep_outbox_oldest_age_seconds", "doorstep_relay_published_events_total", "doorstep_relay_failures_total",
            "doorstep_relay_active", "doorstep_consumer_records_total", "doorstep_consumer_lag_records",
            "doorstep_dead_letters_total", "doorstep_deadlines_pending", "doorstep_deadlines_overdue",
            "doorstep_deadlines_fired_total", "doorstep_deadline_lateness_seconds_bucket",
            "doorstep_projection_rebuild_progress_ratio", "doorstep_projection_rebuild_events_total",
            "http_server_requests_seconds_count", "http_server_requests_seconds_bucket", "jvm_memory_used_bytes", "process_cpu_usage");

    private static final Pattern RANGE = Pattern.compile("\\[([^\\]]+)\\]");

    /**
     * The Grafana dashboard: every metric above in a panel's query, every histogram bucket read through
     * histogram_quantile, every rate over 5m, every panel with a description (what normal looks like).
     */
    static List<String> dashboard(JsonNode dashboard) {
        List<String> problems = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            String title = panel.path("title").asText();
            if (panel.path("description").asText("").isBlank()) {
                problems.add("panel \"" + title + "\": no description (what normal looks like, what to do)");
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                expressions.add(expr);
                if (expr.contains("_bucket") && !expr.contains("histogram_quantile(")) {
                    problems.add("panel \"" + title + "\": reads a histogram's buckets without histogram_quantile: " + expr);
                }
                Matcher ranges = RANGE.matcher(expr);
                while (ranges.find()) {
                    if (!ranges.group(1).equals("5m")) {
                        problems.add("panel \"" + title + "\": range [" + ranges.group(1) + "], expected [5m]: " + expr);
                    }
                }
                if ((expr.contains("_total") || expr.contains("_count")) && !expr.contains("rate(")) {
                    problems.add("panel \"" + title + "\": a counter without rate(): " + expr);
                }
            }
        }
        for (String metric : DASHBOARD_METRICS) {
            if (expressions.stream().noneMatch(e -> Pattern.compile("\\b" + metric + "\\b").matcher(e).find())) {
                problems.add("no panel shows " + metric);
            }
        }
        return problems;
    }
}
