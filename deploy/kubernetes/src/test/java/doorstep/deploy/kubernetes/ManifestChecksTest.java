package doorstep.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check fails on a deliberately broken manifest and names the problem: the rendered prod overlay, with one
 * thing broken per test.
 */
class ManifestChecksTest {

    private static List<ObjectNode> prod;
    private static List<ServiceConfig> services;

    @BeforeAll
    static void render() throws Exception {
        prod = Kustomize.render("overlays/prod");
        services = ServiceConfig.all();
    }

    private static List<ObjectNode> copy() {
        return new ArrayList<>(prod.stream().map(ObjectNode::deepCopy).toList());
    }

    private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return ManifestChecks.ofKind(objects, kind).stream().filter(o -> ManifestChecks.name(o).equals(name)).findFirst().orElseThrow();
    }

    private static ObjectNode container(List<ObjectNode> objects, String deployment) {
        return (ObjectNode) find(objects, "Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static void remove(List<ObjectNode> objects, String kind, String name) {
        assertThat(objects.removeIf(o -> o.path("kind").asText().equals(kind) && ManifestChecks.name(o).equals(name))).isTrue();
    }

    private static List<String> schemaProblems(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(SchemaValidator.validate(o)));
        return problems;
    }

    @Test
    void theRenderedProdOverlayPassesEveryCheckBeforeItIsBroken() {
        List<String> problems = new ArrayList<>(schemaProblems(prod));
        problems.addAll(ManifestChecks.containers(prod));
        problems.addAll(ManifestChecks.images(prod, KubernetesManifestsTest.imageTag()));
        problems.addAll(ManifestChecks.topics(prod, 3, 2));
        problems.addAll(ManifestChecks.inlineSecrets(prod));
        problems.addAll(ManifestChecks.companions(prod));
        problems.addAll(ManifestChecks.autoscaling(prod, services));
        problems.addAll(ManifestChecks.kafkaAccess(prod, services));
        problems.addAll(ManifestChecks.databases(prod));
        assertThat(problems).isEmpty();
    }

    // --- schemas ---

    @Test
    void anUnknownFieldInAContainerIsNamedWithItsPath() {
        List<ObjectNode> objects = copy();
        container(objects, "dispatch-service").put("imagePullPolicyy", "Always");
        assertThat(schemaProblems(objects)).containsExactly(
                "Deployment/dispatch-service: unknown field spec.template.spec.containers[0].imagePullPolicyy");
    }

    @Test
    void aFieldOfTheWrongTypeIsRefused() {
        List<ObjectNode> objects = copy();
        ((ObjectNode) find(objects, "Deployment", "billing-service").path("spec")).put("replicas", "three");
        assertThat(schemaProblems(objects)).singleElement().asString()
                .startsWith("Deployment/billing-service: does not match the Deployment schema");
    }

    @Test
    void anUnknownFieldInAStrimziListenerAndAFieldDroppedInStrimziV1AreRefused() {
        List<ObjectNode> objects = copy();
        ObjectNode kafka = ManifestChecks.ofKind(objects, "Kafka").get(0);
        ((ObjectNode) kafka.path("spec").path("kafka").path("listeners").get(0)).put("authenticaton", "scram");
        ((ObjectNode) kafka.path("spec").path("kafka")).put("replicas", 3);
        assertThat(schemaProblems(objects)).containsExactlyInAnyOrder(
                "Kafka/doorstep: unknown field spec.kafka.listeners[0].authenticaton",
                "Kafka/doorstep: field spec.kafka.replicas is not in kafka.strimzi.io/v1");
    }

    @Test
    void anUnknownFieldInAKafkaUserAclIsRefused() {
        List<ObjectNode> objects = copy();
        ObjectNode acl = (ObjectNode) find(objects, "KafkaUser", "intake-service").path("spec").path("authorization").path("acls").get(0);
        acl.put("operationz", "Write");
        assertThat(schemaProblems(objects)).containsExactly(
                "KafkaUser/intake-service: unknown field spec.authorization.acls[0].operationz");
    }

    @Test
    void anOldStrimziApiVersionHasNoSchema() {
        List<ObjectNode> objects = copy();
        find(objects, "KafkaTopic", "doorstep.intake.events").put("apiVersion", "kafka.strimzi.io/v1beta2");
        assertThat(schemaProblems(objects)).singleElement().asString()
                .contains("KafkaTopic/doorstep.intake.events: no schema for apiVersion/kind kafka.strimzi.io/v1beta2/KafkaTopic");
    }

    @Test
    void aCloudNativePgClusterWithAnUnknownFieldOrAMissingStorageIsRefused() {
        List<ObjectNode> objects = copy();
        ObjectNode spec = (ObjectNode) find(objects, "Cluster", "doorstep-billing-db").path("spec");
        spec.put("instancez", 3);
        spec.remove("storage");
        List<String> problems = schemaProblems(objects);
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Cluster/doorstep-billing-db: ").contains("instancez"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("Cluster/doorstep-billing-db: ").contains("storage"));
    }

    @Test
    void aServiceMonitorWithABadIntervalIsRefused() {
        List<ObjectNode> objects = copy();
        ObjectNode endpoint = (ObjectNode) find(objects, "ServiceMonitor", "followup-service").path("spec").path("endpoints").get(0);
        endpoint.put("interval", "30 seconds");
        assertThat(schemaProblems(objects)).singleElement().asString()
                .startsWith("ServiceMonitor/followup-service: ").contains("interval");
    }

    @Test
    void anUnknownKindIsRefused() {
        List<ObjectNode> objects = copy();
        ObjectNode ingress = objects.get(0).objectNode();
        ingress.put("apiVersion", "networking.k8s.io/v1").put("kind", "Ingress").putObject("metadata").put("name", "desk");
        objects.add(ingress);
        assertThat(schemaProblems(objects)).containsExactly(
                "Ingress/desk: no schema for apiVersion/kind networking.k8s.io/v1/Ingress (add a model or a JSON Schema to SchemaValidator)");
    }

    // --- containers ---

    @Test
    void aMissingProbeRequestLimitOrPreStopIsNamed() {
        List<ObjectNode> objects = copy();
        ObjectNode container = container(objects, "intake-service");
        container.remove("readinessProbe");
        ((ObjectNode) container.path("resources").path("requests")).remove("cpu");
        ((ObjectNode) container.path("resources").path("limits")).remove("memory");
        container.remove("lifecycle");
        ((ObjectNode) container.path("securityContext")).put("readOnlyRootFilesystem", false);
        assertThat(ManifestChecks.containers(objects)).containsExactlyInAnyOrder(
                "Deployment/intake-service container intake-service: no readinessProbe",
                "Deployment/intake-service container intake-service: no resources.requests.cpu",
                "Deployment/intake-service container intake-service: no resources.limits.memory",
                "Deployment/intake-service container intake-service: no lifecycle.preStop.sleep (endpoints must go before SIGTERM)",
                "Deployment/intake-service container intake-service: root filesystem not read-only (securityContext.readOnlyRootFilesystem)");
    }

    @Test
    void aShortGracePeriodIsNamed() {
        List<ObjectNode> objects = copy();
        ((ObjectNode) find(objects, "Deployment", "billing-service").path("spec").path("template").path("spec"))
                .put("terminationGracePeriodSeconds", 30);
        assertThat(ManifestChecks.containers(objects)).containsExactly(
                "Deployment/billing-service: terminationGracePeriodSeconds below 60 (preStop 5 s + requests 15 s + consumers 10 s + relay and Kafka clients closing)");
    }

    // --- images ---

    @Test
    void latestUntaggedAndWrongVersionImagesAreNamed() {
        List<ObjectNode> objects = copy();
        container(objects, "intake-service").put("image", "doorstep/intake-service:latest");
        container(objects, "dispatch-service").put("image", "doorstep/dispatch-service");
        container(objects, "billing-service").put("image", "doorstep/billing-service:0.0.9");
        String tag = KubernetesManifestsTest.imageTag();
        assertThat(ManifestChecks.images(objects, tag)).containsExactlyInAnyOrder(
                "Deployment/intake-service container intake-service: image doorstep/intake-service:latest uses latest",
                "Deployment/intake-service container intake-service: image doorstep/intake-service:latest, expected doorstep/intake-service:" + tag,
                "Deployment/dispatch-service container dispatch-service: image doorstep/dispatch-service has no tag",
                "Deployment/dispatch-service container dispatch-service: image doorstep/dispatch-service, expected doorstep/dispatch-service:" + tag,
                "Deployment/billing-service container billing-service: image doorstep/billing-service:0.0.9, expected doorstep/billing-service:" + tag);
    }

    // --- topics ---

    @Test
    void aCompactedTopicFiniteRetentionAndTooFewReplicasAreNamed() {
        List<ObjectNode> objects = copy();
        ObjectNode events = find(objects, "KafkaTopic", "doorstep.billing.events");
        ((ObjectNode) events.path("spec").path("config")).put("cleanup.policy", "compact").put("retention.ms", "604800000");
        ObjectNode deadLetters = find(objects, "KafkaTopic", "doorstep.intake.events.billing-service.dlq");
        ((ObjectNode) deadLetters.path("spec")).put("replicas", 1);
        ((ObjectNode) deadLetters.path("spec").path("config")).put("min.insync.replicas", "1").put("retention.ms", "-1");
        assertThat(ManifestChecks.topics(objects, 3, 2)).containsExactlyInAnyOrder(
                "KafkaTopic/doorstep.billing.events: cleanup.policy must be delete (an event log is never compacted), is compact",
                "KafkaTopic/doorstep.billing.events: retention.ms must be -1, is 604800000",
                "KafkaTopic/doorstep.intake.events.billing-service.dlq: retention.ms must be 7776000000, is -1",
                "KafkaTopic/doorstep.intake.events.billing-service.dlq: replicas must be 3, is 1",
                "KafkaTopic/doorstep.intake.events.billing-service.dlq: min.insync.replicas must be 2, is 1");
    }

    // --- secrets ---

    @Test
    void anInlinePasswordASecretObjectAndASecretLookingConfigKeyAreNamed() {
        List<ObjectNode> objects = copy();
        ArrayNode env = (ArrayNode) container(objects, "followup-service").path("env");
        for (JsonNode variable : env) {
            if (variable.path("name").asText().equals("QUARKUS_DATASOURCE_PASSWORD")) {
                ((ObjectNode) variable).remove("valueFrom");
                ((ObjectNode) variable).put("value", "hunter2");
            }
        }
        ObjectNode secret = objects.get(0).objectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret").putObject("metadata").put("name", "doorstep-paging");
        objects.add(secret);
        ((ObjectNode) find(objects, "ConfigMap", "doorstep-common").path("data")).put("DOORSTEP_ADMIN_TOKEN", "abc");
        assertThat(ManifestChecks.inlineSecrets(objects)).containsExactlyInAnyOrder(
                "Secret/doorstep-paging: a Secret in the manifests (create it in the cluster, README.md)",
                "Deployment/followup-service container followup-service: env QUARKUS_DATASOURCE_PASSWORD has an inline value (use valueFrom.secretKeyRef)",
                "ConfigMap/doorstep-common: key DOORSTEP_ADMIN_TOKEN looks like a secret (put it in a Secret)");
    }

    // --- companions ---

    @Test
    void aDeploymentWithoutItsBudgetPolicyAccountOrMonitorIsNamed() {
        List<ObjectNode> objects = copy();
        remove(objects, "PodDisruptionBudget", "intake-service");
        remove(objects, "NetworkPolicy", "dispatch-service");
        find(objects, "ServiceAccount", "billing-service").put("automountServiceAccountToken", true);
        remove(objects, "ServiceMonitor", "followup-service");
        assertThat(ManifestChecks.companions(objects)).containsExactlyInAnyOrder(
                "Deployment/intake-service: no PodDisruptionBudget selects its pods",
                "Deployment/dispatch-service: no NetworkPolicy with policyTypes Ingress and Egress selects its pods",
                "Deployment/billing-service: its ServiceAccount billing-service mounts a token (automountServiceAccountToken must be false)",
                "Deployment/followup-service: no ServiceMonitor scrapes /q/metrics from a Service of its pods");
    }

    @Test
    void aDeploymentWithoutAServiceAccountOrWithAnIngressOnlyPolicyIsNamed() {
        List<ObjectNode> objects = copy();
        remove(objects, "ServiceAccount", "intake-service");
        ArrayNode types = (ArrayNode) find(objects, "NetworkPolicy", "billing-service").path("spec").path("policyTypes");
        types.removeAll();
        types.add("Ingress");
        assertThat(ManifestChecks.companions(objects)).containsExactlyInAnyOrder(
                "Deployment/intake-service: no ServiceAccount of its own (serviceAccountName intake-service not found)",
                "Deployment/billing-service: no NetworkPolicy with policyTypes Ingress and Egress selects its pods");
    }

    // --- autoscaling ---

    @Test
    void anAutoscalerBeyondThePartitionsIsNamed() {
        List<ObjectNode> objects = copy();
        ((ObjectNode) find(objects, "HorizontalPodAutoscaler", "intake-service").path("spec")).put("maxReplicas", 12);
        ((ObjectNode) find(objects, "KafkaTopic", "doorstep.billing.events").path("spec")).put("partitions", 4);
        assertThat(ManifestChecks.autoscaling(objects, services)).containsExactlyInAnyOrder(
                "HorizontalPodAutoscaler/intake-service: maxReplicas 12 exceeds DOORSTEP_TOPICS_PARTITIONS 6",
                "HorizontalPodAutoscaler/intake-service: maxReplicas 12 exceeds the 6 partitions of doorstep.dispatch.events, which it consumes",
                "HorizontalPodAutoscaler/intake-service: maxReplicas 12 exceeds the 6 partitions of doorstep.followup.events, which it consumes",
                "HorizontalPodAutoscaler/intake-service: maxReplicas 12 exceeds the 6 partitions of doorstep.intake.events, which it consumes",
                "HorizontalPodAutoscaler/intake-service: maxReplicas 12 exceeds the 4 partitions of doorstep.billing.events, which it consumes",
                "HorizontalPodAutoscaler/dispatch-service: maxReplicas 6 exceeds the 4 partitions of doorstep.billing.events, which it consumes");
    }

    // --- Kafka access ---

    @Test
    void anAclOnAMissingTopicAMissingTopicAndAMissingGrantAreNamed() {
        List<ObjectNode> objects = copy();
        remove(objects, "KafkaTopic", "doorstep.intake.events.followup-service.dlq");
        ArrayNode acls = (ArrayNode) find(objects, "KafkaUser", "dispatch-service").path("spec").path("authorization").path("acls");
        acls.removeIf(acl -> acl.path("resource").path("name").asText().equals("dispatch-service.billing-events"));
        ((ObjectNode) acls.get(0).path("resource")).put("name", "doorstep.dispatch.evnets");
        assertThat(ManifestChecks.kafkaAccess(objects, services)).containsExactlyInAnyOrder(
                "KafkaUser/followup-service: ACL on topic doorstep.intake.events.followup-service.dlq, which is not a KafkaTopic",
                "followup-service uses topic doorstep.intake.events.followup-service.dlq, which is not a KafkaTopic",
                "KafkaUser/dispatch-service: ACL on topic doorstep.dispatch.evnets, which is not a KafkaTopic",
                "KafkaUser/dispatch-service: no ACL allowing Write on topic doorstep.dispatch.events",
                "KafkaUser/dispatch-service: no ACL allowing Read on group dispatch-service.billing-events");
    }

    @Test
    void aServiceWithoutItsKafkaUserOrLoggingInAsAnotherIsNamed() {
        List<ObjectNode> objects = copy();
        remove(objects, "KafkaUser", "billing-service");
        for (JsonNode variable : container(objects, "intake-service").path("env")) {
            if (variable.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                ((ObjectNode) variable.path("valueFrom").path("secretKeyRef")).put("name", "dispatch-service");
            }
        }
        assertThat(ManifestChecks.kafkaAccess(objects, services)).containsExactlyInAnyOrder(
                "billing-service: no KafkaUser billing-service",
                "Deployment/intake-service: KAFKA_SASL_JAAS_CONFIG does not come from the KafkaUser secret intake-service (key sasl.jaas.config)");
    }

    @Test
    void theServicesPropertiesAreReadForTopicsDeadLettersAndGroups() {
        ServiceConfig dispatch = services.stream().filter(s -> s.application().equals("dispatch-service")).findFirst().orElseThrow();
        assertThat(dispatch.ownTopic()).isEqualTo("doorstep.dispatch.events");
        assertThat(dispatch.consumed()).containsExactlyInAnyOrder("doorstep.intake.events", "doorstep.billing.events");
        assertThat(dispatch.deadLetters()).containsExactlyInAnyOrder(
                "doorstep.intake.events.dispatch-service.dlq", "doorstep.billing.events.dispatch-service.dlq");
        assertThat(dispatch.groups()).containsExactlyInAnyOrder("dispatch-service.intake-events", "dispatch-service.billing-events");
    }

    @Test
    void aChannelWithoutGroupIdUsesTheApplicationName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, """
                doorstep.service.name=sample
                quarkus.application.name=sample-service
                mp.messaging.incoming.in.topic=doorstep.other.events
                mp.messaging.incoming.in.dead-letter-queue.topic=doorstep.other.events.sample-service.dlq
                """);
        ServiceConfig config = ServiceConfig.read(file);
        assertThat(config.groups()).containsExactly("sample-service");
        assertThat(config.ownTopic()).isEqualTo("doorstep.sample.events");
    }

    // --- databases ---

    @Test
    void aDeploymentPointedAtAMissingClusterAnotherDatabaseOrAnotherSecretIsNamed() {
        List<ObjectNode> objects = copy();
        for (JsonNode variable : container(objects, "intake-service").path("env")) {
            if (variable.path("name").asText().equals("QUARKUS_DATASOURCE_JDBC_URL")) {
                ((ObjectNode) variable).put("value", "jdbc:postgresql://doorstep-intake-database-rw:5432/intake");
            }
        }
        for (JsonNode variable : container(objects, "billing-service").path("env")) {
            if (variable.path("name").asText().equals("QUARKUS_DATASOURCE_JDBC_URL")) {
                ((ObjectNode) variable).put("value", "jdbc:postgresql://doorstep-billing-db-rw:5432/bills?sslmode=require");
            }
            if (variable.path("name").asText().equals("QUARKUS_DATASOURCE_PASSWORD")) {
                ((ObjectNode) variable.path("valueFrom").path("secretKeyRef")).put("name", "doorstep-billing-db-superuser");
            }
        }
        ArrayNode volumes = (ArrayNode) find(objects, "Deployment", "followup-service").path("spec").path("template").path("spec").path("volumes");
        volumes.removeIf(v -> v.path("name").asText().equals("db-ca"));
        assertThat(ManifestChecks.databases(objects)).containsExactlyInAnyOrder(
                "Deployment/intake-service: its database doorstep-intake-database is not a rendered Cluster",
                "Deployment/billing-service: connects to database bills but doorstep-billing-db creates billing",
                "Deployment/billing-service: database user and password from [doorstep-billing-db-app, doorstep-billing-db-superuser], expected the secret doorstep-billing-db-app",
                "Deployment/followup-service: verifies the database against a CA but mounts no secret doorstep-followup-db-ca");
    }

    // --- dashboard ---

    @Test
    void aDashboardMissingAMetricReadingBucketsRawOrUsingAnotherWindowIsNamed() throws IOException {
        ObjectNode dashboard = (ObjectNode) new ObjectMapper().readTree(Files.readString(Kustomize.root().resolve("grafana/doorstep.json")));
        ArrayNode panels = (ArrayNode) dashboard.path("panels");
        Predicate<JsonNode> showsActiveRelays = p -> p.path("targets").toString().contains("doorstep_relay_active");
        panels.removeIf(showsActiveRelays);
        ObjectNode latency = (ObjectNode) panels.get(2).path("targets").get(0);
        assertThat(latency.path("expr").asText()).contains("histogram_quantile");
        latency.put("expr", "sum(rate(doorstep_commands_seconds_bucket[1m]))");
        assertThat(ManifestChecks.dashboard(dashboard)).containsExactlyInAnyOrder(
                "no panel shows doorstep_relay_active",
                "panel \"Command latency p95 and p99\": reads a histogram's buckets without histogram_quantile: sum(rate(doorstep_commands_seconds_bucket[1m]))",
                "panel \"Command latency p95 and p99\": range [1m], expected [5m]: sum(rate(doorstep_commands_seconds_bucket[1m]))");
    }

    // --- rendering ---

    @Test
    void aKustomizationThatDoesNotRenderFailsNamingKubectlsError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        assertThatThrownBy(() -> Kustomize.render(Kustomize.root().relativize(dir).toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kubectl kustomize")
                .hasMessageContaining("missing.yaml");
    }
}
