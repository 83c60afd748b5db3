package doorstep.platform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.asyncapi.v3._0_0.model.AsyncAPI;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import doorstep.platform.contract.AsyncApiDocument.ConsumedTopic;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.testapp.CounterIncremented;
import doorstep.testing.AsyncApiContract;
import doorstep.testing.AsyncApiRules;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document of a fixture service (test resources {@code schemas/fixture/}: {@code CounterIncremented} at
 * version 2 with an upcaster from version 1) that reads the topic of a fixture producer {@code other} (its
 * {@code catalog.json}), and the rules that catch a broken document.
 */
class AsyncApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ConsumedTopic> CONSUMED = List.of(
            new ConsumedTopic("other-events", "doorstep.other.events", "doorstep.other.events.fixture-service.dlq"));

    private static EventCatalog catalog() {
        return EventCatalog.forService("fixture").register(CounterIncremented.class, 2)
                .upcast(CounterIncremented.class, 1, data -> {
                    data.set("by", data.remove("step"));
                    return data;
                });
    }

    private static ObjectNode document() {
        return AsyncApiDocument.generate(catalog(), "9.9.9", CONSUMED);
    }

    private static List<String> problems(JsonNode document) {
        return AsyncApiRules.problems(document, "fixture", AsyncApiDocument.readableVersions(catalog()));
    }

    @Test
    void everyTypeAtEveryReadableVersionIsAMessageOfTheServicesTopicWithItsSchemaAsPayload() throws IOException {
        ObjectNode doc = document();

        assertThat(problems(doc)).isEmpty();
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("info").path("version").asText()).isEqualTo("9.9.9");
        JsonNode own = doc.path("channels").path("fixture-events");
        assertThat(own.path("address").asText()).isEqualTo("doorstep.fixture.events");
        assertThat(own.path("messages").properties()).extracting(Map.Entry::getKey).containsExactly(
                "fixture.CounterIncremented.v1", "fixture.CounterIncremented.v2", "fixture.PersonalDataErased.v1");
        JsonNode v1 = doc.path("components").path("messages").path("fixture.CounterIncremented.v1");
        assertThat(v1.path("payload").path("schemaFormat").asText()).isEqualTo("application/schema+json;version=2020-12");
        assertThat(v1.path("payload").path("schema")).isEqualTo(classpath("META-INF/resources/schemas/fixture/CounterIncremented.v1.json"));
        assertThat(v1.path("description").asText()).contains("older version");
        assertThat(v1.at("/headers/allOf/1/properties/ce_type/const").asText()).isEqualTo("doorstep.fixture.CounterIncremented.v1");
        assertThat(v1.at("/headers/allOf/1/properties/ce_dataschema/const").asText())
                .isEqualTo("urn:doorstep:schema:fixture:CounterIncremented:v1");
        assertThat(v1.at("/correlationId/$ref").asText()).isEqualTo("#/components/correlationIds/correlationId");
        assertThat(doc.at("/components/correlationIds/correlationId/location").asText()).isEqualTo("$message.header#/ce_correlationid");
        assertThat(v1.at("/bindings/kafka/key/type").asText()).isEqualTo("string");
        assertThat(doc.path("components").path("messages").path("fixture.CounterIncremented.v2").path("description").asText())
                .contains("current version");
        assertThat(doc.at("/operations/publish/action").asText()).isEqualTo("send");
        assertThat(doc.at("/operations/publish/messages")).hasSize(3);
    }

    @Test
    void aConsumedTopicIsReceivedWithItsProducersMessagesAndItsDeadLetterTopicIsSent() {
        ObjectNode doc = document();

        JsonNode consumed = doc.path("channels").path("other-events");
        assertThat(consumed.path("address").asText()).isEqualTo("doorstep.other.events");
        assertThat(consumed.path("messages").has("other.Pinged.v1")).isTrue();
        JsonNode pinged = doc.at("/components/messages/other.Pinged.v1");
        assertThat(pinged.at("/headers/allOf/1/properties/ce_source/const").asText()).isEqualTo("/doorstep/other");
        assertThat(pinged.at("/payload/schema/$defs/sealed")).isNotEmpty(); // a schema's own $ref stays inside it
        assertThat(doc.at("/operations/receive-other-events/action").asText()).isEqualTo("receive");
        assertThat(doc.at("/operations/receive-other-events/channel/$ref").asText()).isEqualTo("#/channels/other-events");
        JsonNode dlq = doc.path("channels").path("other-events-dead-letters");
        assertThat(dlq.path("address").asText()).isEqualTo("doorstep.other.events.fixture-service.dlq");
        assertThat(doc.at("/operations/dead-letter-other-events/action").asText()).isEqualTo("send");
        assertThat(doc.at("/components/schemas/DeadLetterHeaders/properties").has("dead-letter-reason")).isTrue();
        assertThat(doc.at("/servers/local/host").asText()).isEqualTo("localhost:19092");
        assertThat(doc.at("/servers/production/security/0/$ref").asText()).isEqualTo("#/components/securitySchemes/scram");
        assertThat(doc.at("/components/securitySchemes/scram/type").asText()).isEqualTo("scramSha512");
    }

    @Test
    void theYamlReadsBackAsTheSameDocumentAndAsAnAsyncApi3Model() throws IOException {
        ObjectNode doc = document();
        String yaml = AsyncApiDocument.yaml(doc);

        assertThat(AsyncApiContract.parse(yaml)).isEqualTo(doc);
        assertThat(JSON.readTree(AsyncApiDocument.json(doc))).isEqualTo(doc);
        AsyncAPI model = new ObjectMapper(new YAMLFactory()).readValue(yaml, AsyncAPI.class);
        assertThat(model.getChannels()).containsOnlyKeys("fixture-events", "other-events", "other-events-dead-letters");
        assertThat(model.getOperations()).containsOnlyKeys("publish", "receive-other-events", "dead-letter-other-events");
        assertThat(model.getInfo().getVersion()).isEqualTo("9.9.9");
    }

    @Test
    void theRulesFindEachBreakage() {
        assertThat(broken(d -> ((ObjectNode) d.at("/channels/fixture-events/messages")).remove("fixture.CounterIncremented.v1")))
                .anyMatch(p -> p.contains("no message for [doorstep.fixture.CounterIncremented.v1]"));
        assertThat(broken(d -> ((ObjectNode) d.at("/operations/publish/channel")).put("$ref", "#/channels/nowhere")))
                .anyMatch(p -> p.contains("$ref #/channels/nowhere does not resolve"));
        assertThat(broken(d -> ((ArrayNode) d.at("/operations/receive-other-events/messages")).addObject()
                .put("$ref", "#/channels/fixture-events/messages/fixture.PersonalDataErased.v1")))
                .anyMatch(p -> p.contains("is not a message of its channel #/channels/other-events"));
        assertThat(broken(d -> ((ObjectNode) d.at("/components/messages/fixture.CounterIncremented.v2/payload/schema"))
                .put("additionalProperties", true)))
                .anyMatch(p -> p.contains("payload.schema: not the content of META-INF/resources/schemas/fixture/CounterIncremented.v2.json"));
        assertThat(broken(d -> ((ObjectNode) d.at("/components/messages/other.Pinged.v1/headers/allOf/1/properties/ce_dataschema"))
                .put("const", "urn:doorstep:schema:other:Pinged:v2")))
                .anyMatch(p -> p.contains("ce_dataschema const is not urn:doorstep:schema:other:Pinged:v1"));
        assertThat(broken(d -> ((ObjectNode) d.at("/components/correlationIds/correlationId")).put("location", "$message.payload#/id")))
                .anyMatch(p -> p.contains("correlationId: not $message.header#/ce_correlationid"));
        assertThat(broken(d -> ((ObjectNode) d.at("/operations/publish")).put("action", "publish")))
                .anyMatch(p -> p.contains("operations.publish.action: neither send nor receive"));
        assertThat(broken(d -> ((ObjectNode) d.at("/components/messages/fixture.PersonalDataErased.v1")).remove("summary")))
                .anyMatch(p -> p.contains("fixture.PersonalDataErased.v1.summary: missing"));
        assertThat(broken(d -> d.put("asyncapi", "2.6.0"))).contains("asyncapi: not 3.0.0");
        assertThat(broken(d -> ((ObjectNode) d.at("/components/messages/other.Pinged.v1")).set("contentTyp", d.at("/defaultContentType"))))
                .contains("components.messages.other.Pinged.v1.contentTyp: not a field of an AsyncAPI 3.0.0 message object");
        assertThat(broken(d -> ((ObjectNode) d.at("/operations/publish")).put("operationId", "publish")))
                .contains("operations.publish.operationId: not a field of an AsyncAPI 3.0.0 operation object");
    }

    @Test
    void consumedChannelsComeFromTheKafkaConnectorsIncomingChannels() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "mp.messaging.incoming.b-events.connector", "smallrye-kafka",
                "mp.messaging.incoming.b-events.topic", "doorstep.b.events",
                "mp.messaging.incoming.b-events.failure-strategy", "doorstep-dead-letter",
                "mp.messaging.incoming.b-events.dead-letter-queue.topic", "doorstep.b.events.a-service.dlq",
                "mp.messaging.incoming.a-events.connector", "smallrye-kafka",
                "mp.messaging.incoming.a-events.failure-strategy", "dead-letter-queue",
                "mp.messaging.incoming.plain.connector", "smallrye-kafka",
                "mp.messaging.incoming.plain.topic", "doorstep.c.events",
                "mp.messaging.incoming.memory.connector", "smallrye-in-memory"), "test", 100)).build();

        assertThat(AsyncApiDocument.consumedTopics(config)).containsExactly(
                new ConsumedTopic("a-events", "a-events", "dead-letter-topic-a-events"),
                new ConsumedTopic("b-events", "doorstep.b.events", "doorstep.b.events.a-service.dlq"),
                new ConsumedTopic("plain", "doorstep.c.events", null));
    }

    @Test
    void aTopicWithoutItsProducersCatalogueOnTheClasspathIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> AsyncApiDocument.generate(catalog(), "1", List.of(new ConsumedTopic("x", "doorstep.nobody.events", null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("META-INF/resources/schemas/nobody/catalog.json");
    }

    private static List<String> broken(Consumer<ObjectNode> breakage) {
        ObjectNode doc = document();
        assertThat(problems(doc)).isEmpty();
        breakage.accept(doc);
        return problems(doc);
    }

    private static JsonNode classpath(String path) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            return JSON.readTree(in);
        }
    }
}
