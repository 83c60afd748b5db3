package doorstep.platform.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.events.EventCatalog;
import doorstep.testing.AsyncApiContract;
import doorstep.testing.AsyncApiRules;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every service serves its AsyncAPI document, without a token, as the generator writes it (the platform's test application). */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class AsyncApiResourceTest {

    @Inject
    EventCatalog catalog;

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    private String generated() {
        return AsyncApiDocument.yaml(AsyncApiDocument.generate(catalog, version,
                AsyncApiDocument.consumedTopics(ConfigProvider.getConfig())));
    }

    @Test
    void theYamlDocumentIsPublicAndIsWhatTheGeneratorWrites() {
        Response response = given().get("/asyncapi.yaml");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/yaml");
        assertThat(response.asString()).isEqualTo(generated());
        JsonNode doc = AsyncApiContract.parse(response.asString());
        assertThat(AsyncApiRules.problems(doc, "platformtest", AsyncApiDocument.readableVersions(catalog))).isEmpty();
        // The test application reads its own topic: a receive operation on its own channel, and a dead-letter topic.
        assertThat(doc.at("/operations/receive-counter-events/channel/$ref").asText()).isEqualTo("#/channels/platformtest-events");
        assertThat(doc.at("/channels/counter-events-dead-letters/address").asText())
                .isEqualTo("doorstep.platformtest.events.platformtest-counter-log.dlq");
    }

    @Test
    void theJsonFormIsTheSameDocument() throws Exception {
        Response response = given().get("/asyncapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(new ObjectMapper().readTree(response.asString())).isEqualTo(AsyncApiContract.parse(generated()));
    }

    @Test
    void itIsNotAnOperationOfTheRestApi() throws Exception {
        JsonNode openApi = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi").asString());

        assertThat(openApi.path("paths").has("/asyncapi.{format}")).isFalse();
        assertThat(openApi.path("paths").toString()).doesNotContain("asyncapi");
    }
}
