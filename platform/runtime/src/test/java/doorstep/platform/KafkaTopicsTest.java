package doorstep.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class KafkaTopicsTest {

    @Test
    void theServiceCreatesItsTopicsWithExplicitSettings() throws Exception {
        List<String> topics = List.of("doorstep.platformtest.events", IdempotentConsumerTest.DLQ);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(described.get("doorstep.platformtest.events").partitions()).hasSize(3);
            for (String topic : topics) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
                // The log is kept for ever; a dead-letter topic 90 days (D48: it may hold what a poison record carried).
                assertThat(config.get("retention.ms").value()).as(topic)
                        .isEqualTo(topic.endsWith(".dlq") ? String.valueOf(java.time.Duration.ofDays(90).toMillis()) : "-1");
                assertThat(config.get("retention.bytes").value()).as(topic).isEqualTo("-1");
                assertThat(config.get("cleanup.policy").value()).as(topic).isEqualTo("delete");
            }
        }
    }
}
