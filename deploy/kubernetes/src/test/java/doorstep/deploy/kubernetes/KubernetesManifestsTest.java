package doorstep.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Kustomize directory of deploy/kubernetes renders with {@code kubectl kustomize}, every rendered object is
 * valid against its schema (unknown fields refused), and the usual mistakes are absent; the prod and dev overlays
 * have the sizes the operator's guide promises.
 */
class KubernetesManifestsTest {

    static Stream<String> directories() throws IOException {
        return Kustomize.directories().stream();
    }

    /** The image tag of this build: the project version without -SNAPSHOT (images are doorstep/<service>:0.1.0). */
    static String imageTag() {
        return System.getProperty("doorstep.version", "0.1.0-SNAPSHOT").replace("-SNAPSHOT", "");
    }

    @Test
    void theBaseTheInfrastructureBothOverlaysAndTheDashboardAreKustomizations() throws IOException {
        assertThat(Kustomize.directories()).containsExactlyInAnyOrder("base", "grafana", "infra", "overlays/dev", "overlays/prod");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directories")
    void everyRenderedObjectIsValidAgainstItsSchema(String directory) throws Exception {
        List<ObjectNode> objects = Kustomize.render(directory);
        assertThat(objects).as("objects rendered from " + directory).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : objects) {
            problems.addAll(SchemaValidator.validate(object));
        }
        assertThat(problems).as("schema problems in " + directory).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directories")
    void noneOfTheUsualMistakes(String directory) throws Exception {
        List<ObjectNode> objects = Kustomize.render(directory);
        List<ServiceConfig> services = ServiceConfig.all();
        List<String> problems = new ArrayList<>();
        problems.addAll(ManifestChecks.containers(objects));
        problems.addAll(ManifestChecks.images(objects, null));
        problems.addAll(ManifestChecks.inlineSecrets(objects));
        problems.addAll(ManifestChecks.companions(objects));
        problems.addAll(ManifestChecks.autoscaling(objects, services));
        problems.addAll(ManifestChecks.kafkaAccess(objects, services));
        problems.addAll(ManifestChecks.databases(objects));
        problems.addAll(ManifestChecks.topics(objects, null, null));
        assertThat(problems).as("mistakes in " + directory).isEmpty();
    }

    @Test
    void prodRunsThreeReplicasOfTheReleasedImagesOnAReplicatedKafkaAndDatabases() throws Exception {
        List<ObjectNode> objects = Kustomize.render("overlays/prod");
        assertThat(ManifestChecks.images(objects, imageTag())).isEmpty();
        assertThat(ManifestChecks.topics(objects, 3, 2)).isEmpty();
        assertThat(objects).allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText()).as(SchemaValidator.describe(o)).isEqualTo("doorstep"));
        assertThat(ManifestChecks.ofKind(objects, "Deployment")).hasSize(4)
                .allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(3));
        assertThat(ManifestChecks.ofKind(objects, "HorizontalPodAutoscaler")).hasSize(4)
                .allSatisfy(h -> assertThat(h.path("spec").path("minReplicas").asInt()).isEqualTo(3));
        assertThat(ManifestChecks.ofKind(objects, "Cluster"))
                .extracting(ManifestChecks::name)
                .containsExactlyInAnyOrder("doorstep-intake-db", "doorstep-dispatch-db", "doorstep-billing-db", "doorstep-followup-db");
        assertThat(ManifestChecks.ofKind(objects, "Cluster")).allSatisfy(c -> assertThat(c.path("spec").path("instances").asInt()).isEqualTo(3));

        ObjectNode kafka = single(objects, "Kafka");
        assertThat(ManifestChecks.name(kafka)).isEqualTo("doorstep");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/node-pools").asText()).isEqualTo("enabled");
        assertThat(kafka.path("spec").path("kafka").path("config").path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(kafka.path("spec").path("kafka").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(kafka.path("spec").path("kafka").path("authorization").path("type").asText()).isEqualTo("simple");
        JsonNode listener = kafka.path("spec").path("kafka").path("listeners").get(0);
        assertThat(listener.path("port").asInt()).isEqualTo(9093);
        assertThat(listener.path("tls").asBoolean()).isTrue();
        assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        int brokers = ManifestChecks.ofKind(objects, "KafkaNodePool").stream()
                .filter(p -> p.path("spec").path("roles").toString().contains("broker"))
                .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        assertThat(brokers).isEqualTo(3);

        JsonNode common = single(objects, "ConfigMap", "doorstep-common").path("data");
        assertThat(common.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("doorstep-kafka-bootstrap:9093");
        assertThat(common.path("KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(common.path("KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
        assertThat(common.path("DOORSTEP_TOPICS_CREATE").asText()).isEqualTo("false");
        assertThat(common.path("DOORSTEP_LOG_JSON").asText()).isEqualTo("true");
        assertThat(common.path("QUARKUS_OTEL_TRACES_SAMPLER_ARG").asText()).isEqualTo("1");
        assertThat(common.path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText()).startsWith("http");
    }

    @Test
    void devRunsOneOfEverythingWithTheSameKafkaLogin() throws Exception {
        List<ObjectNode> objects = Kustomize.render("overlays/dev");
        assertThat(objects).allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText()).isEqualTo("doorstep-dev"));
        assertThat(ManifestChecks.ofKind(objects, "HorizontalPodAutoscaler")).isEmpty();
        assertThat(ManifestChecks.ofKind(objects, "Deployment")).hasSize(4)
                .allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1));
        assertThat(ManifestChecks.ofKind(objects, "KafkaNodePool")).singleElement()
                .satisfies(p -> assertThat(p.path("spec").path("replicas").asInt()).isEqualTo(1));
        assertThat(ManifestChecks.topics(objects, 1, 1)).isEmpty();
        assertThat(ManifestChecks.ofKind(objects, "Cluster")).hasSize(4)
                .allSatisfy(c -> assertThat(c.path("spec").path("instances").asInt()).isEqualTo(1));
        JsonNode common = single(objects, "ConfigMap", "doorstep-common").path("data");
        assertThat(common.path("KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(common.path("QUARKUS_OTEL_TRACES_SAMPLER_ARG").asText()).isEqualTo("0");
    }

    @Test
    void theDashboardShowsEveryMetricAndShipsAsAGrafanaConfigMap() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Kustomize.root().resolve("grafana/doorstep.json")));
        assertThat(ManifestChecks.dashboard(dashboard)).isEmpty();
        ObjectNode configMap = single(Kustomize.render("overlays/prod"), "ConfigMap", "doorstep-dashboard");
        assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(new ObjectMapper().readTree(configMap.path("data").path("doorstep.json").asText())).isEqualTo(dashboard);
    }

    static ObjectNode single(List<ObjectNode> objects, String kind) {
        List<ObjectNode> found = ManifestChecks.ofKind(objects, kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    static ObjectNode single(List<ObjectNode> objects, String kind, String name) {
        List<ObjectNode> found = ManifestChecks.ofKind(objects, kind).stream().filter(o -> ManifestChecks.name(o).equals(name)).toList();
        assertThat(found).as(kind + "/" + name).hasSize(1);
        return found.get(0);
    }
}
