package doorstep.platform.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import doorstep.platform.testapp.TestApp;
import doorstep.testing.ScramKafkaTestResource;
import doorstep.testing.ScramKafkaTestResource.ScramBroker;
import doorstep.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Against a broker that requires SASL/SCRAM, given the credentials only as {@code kafka.*} settings: the topic
 * check creates the topics (admin client), the outbox relay publishes (its own producer) and the connector's
 * consumer reads, so one set of properties secures every Kafka client of a service.
 */
@QuarkusTest
@TestProfile(ScramKafkaTest.OnAScramBroker.class)
class ScramKafkaTest {

    /** The test application on a broker of its own that requires SCRAM. */
    public static class OnAScramBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScramKafkaTestResource.class, Map.of("database", "platformscram")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @ScramBroker
    String bootstrapServers;
    @Inject
    TestApp.CounterLog counterLog;

    @Test
    void eventsArePublishedAndConsumedThroughAnAuthenticatedListener() {
        String counter = "c-" + UUID.randomUUID();
        given().header("Authorization", TestTokens.bearer("agent", "agent-1", "*")).contentType("application/json")
                .body(Map.of("siteId", "site-1", "by", 4))
                .post("/api/v1/counters/{id}/increments", counter).then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Object[]> log = QuarkusTransaction.requiringNew().call(counterLog::log);
            assertThat(log).as("the consumer applied the event the relay published").anyMatch(row -> counter.equals(row[1]));
        });
    }

    @Test
    void aClientWithoutTheCredentialsIsRefused() throws Exception {
        try (Admin anonymous = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000))) {
            assertThatThrownBy(() -> anonymous.listTopics().names().get(10, TimeUnit.SECONDS)).isNotNull();
        }
        try (Admin authenticated = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", ScramKafkaTestResource.jaasConfig()))) {
            Set<String> topics = authenticated.listTopics().names().get(20, TimeUnit.SECONDS);
            assertThat(topics).as("the topics the service's admin client created").contains("doorstep.platformtest.events");
        }
    }
}
