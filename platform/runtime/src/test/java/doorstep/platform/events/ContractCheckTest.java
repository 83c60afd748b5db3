package doorstep.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.domain.Nullable;
import doorstep.platform.domain.Personal;
import doorstep.testing.EventSchemaContract;
import doorstep.testing.EventSchemaContract.Published;
import doorstep.testing.ForeignEventContract;
import doorstep.testing.PublishedEvents;
import doorstep.testing.SchemaCompatibility;
import doorstep.testing.TestEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's contract checks (decision D50) catch what they promise to catch: given a published {@code Opened.v1},
 * each kind of breaking change to its record fails the producer's build and is never written, a compatible one is
 * written, a new version needs its upcaster and keeps the old schema, and a consumer's record that reads a field
 * the schema does not back fails the consumer's build.
 */
class ContractCheckTest {

    enum Kind { IN_UNIT, PUBLIC_AREA }

    enum WiderKind { IN_UNIT, PUBLIC_AREA, ROOF }

    /** The published version. */
    static final class V1 {
        record Opened(String orderId, boolean paid, Kind kind, @Personal String reporterName, List<Item> items, @Nullable String note) {
        }

        record Item(String code, int quantity) {
        }
    }

    static final class Removed {
        record Opened(String orderId, Kind kind, @Personal String reporterName, List<V1.Item> items, @Nullable String note) {
        }
    }

    static final class Renamed {
        record Opened(String orderId, boolean chargeable, Kind kind, @Personal String reporterName, List<V1.Item> items,
                      @Nullable String note) {
        }
    }

    static final class Retyped {
        record Opened(String orderId, String paid, Kind kind, @Personal String reporterName, List<V1.Item> items, @Nullable String note) {
        }
    }

    static final class NowNullable {
        record Opened(String orderId, @Nullable Boolean paid, Kind kind, @Personal String reporterName, List<V1.Item> items,
                      @Nullable String note) {
        }
    }

    static final class NoLongerNullable {
        record Opened(String orderId, boolean paid, Kind kind, @Personal String reporterName, List<V1.Item> items, String note) {
        }
    }

    static final class WiderEnum {
        record Opened(String orderId, boolean paid, WiderKind kind, @Personal String reporterName, List<V1.Item> items,
                      @Nullable String note) {
        }
    }

    static final class Unsealed {
        record Opened(String orderId, boolean paid, Kind kind, String reporterName, List<V1.Item> items, @Nullable String note) {
        }
    }

    static final class ItemChanged {
        record Opened(String orderId, boolean paid, Kind kind, @Personal String reporterName, List<Item> items, @Nullable String note) {
        }

        record Item(String code, long quantity, String unit) {
        }
    }

    static final class RequiredAdded {
        record Opened(String orderId, boolean paid, Kind kind, @Personal String reporterName, List<V1.Item> items, @Nullable String note,
                      Instant dueAt) {
        }
    }

    static final class OptionalAdded {
        record Opened(String orderId, boolean paid, Kind kind, @Personal String reporterName, List<V1.Item> items, @Nullable String note,
                      @Nullable(absentInOlderEvents = true) Instant dueAt) {
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path contract;

    private Path schemaFile(int version) {
        return contract.resolve("META-INF/resources/schemas/test/Opened.v" + version + ".json");
    }

    private void check(Class<?> opened, int version, List<Integer> readable) {
        EventSchemaContract.check(contract, "test", List.of(new Published(opened, version, readable)), true);
    }

    @BeforeEach
    void published() {
        check(V1.Opened.class, 1, List.of(1));
        assertThat(schemaFile(1)).exists();
    }

    @Nested
    class ABreakingChangeFailsTheBuildAndIsNotWritten {

        private void refused(Class<?> changed, String expectedBreak) throws IOException {
            String before = Files.readString(schemaFile(1));
            assertThatThrownBy(() -> check(changed, 1, List.of(1))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("give the event a new version").hasMessageContaining(expectedBreak);
            assertThat(Files.readString(schemaFile(1))).isEqualTo(before);
        }

        @Test
        void aRemovedField() throws IOException {
            refused(Removed.Opened.class, "paid: removed");
        }

        @Test
        void aRenamedField() throws IOException {
            refused(Renamed.Opened.class, "paid: removed");
        }

        @Test
        void aChangedType() throws IOException {
            refused(Retyped.Opened.class, "paid: type changed from [boolean] to [string]");
        }

        @Test
        void aFieldThatMayNowBeNull() throws IOException {
            refused(NowNullable.Opened.class, "paid: type changed from [boolean] to [boolean, null]");
        }

        @Test
        void aFieldThatMayNoLongerBeNull() throws IOException {
            refused(NoLongerNullable.Opened.class, "note: type changed from [null, string] to [string]");
        }

        @Test
        void aValueAddedToAnEnum() throws IOException {
            refused(WiderEnum.Opened.class, "kind: allowed values changed");
        }

        @Test
        void personalDataNoLongerSealed() throws IOException {
            refused(Unsealed.Opened.class, "reporterName: type changed from [sealed personal value] to [string]");
        }

        @Test
        void changesInsideArrayItems() throws IOException {
            refused(ItemChanged.Opened.class, "items[].quantity: format changed from int32 to int64");
            refused(ItemChanged.Opened.class, "items[].unit: added as required");
        }

        @Test
        void aRequiredFieldAdded() throws IOException {
            refused(RequiredAdded.Opened.class, "dueAt: added as required (events already stored do not have it)");
        }
    }

    @Test
    void anOptionalFieldAddedWithinTheVersionIsCompatibleAndWritten() throws IOException {
        check(OptionalAdded.Opened.class, 1, List.of(1));
        assertThat(JSON.readTree(schemaFile(1).toFile()).path("properties").has("dueAt")).isTrue();
    }

    @Test
    void aStaleSchemaFailsWithoutTheWriteFlag() {
        assertThatThrownBy(() -> EventSchemaContract.check(contract, "test",
                List.of(new Published(OptionalAdded.Opened.class, 1, List.of(1))), false))
                .hasMessageContaining("no longer match their records");
    }

    @Test
    void aNewVersionKeepsTheOldSchemaAndNeedsAnUpcaster() throws IOException {
        assertThatThrownBy(() -> check(Renamed.Opened.class, 2, List.of(2)))
                .hasMessageContaining("Opened.v1 has no upcasters to v2");
        check(Renamed.Opened.class, 2, List.of(1, 2)); // the catalogue reads v1 through an upcaster
        assertThat(JSON.readTree(schemaFile(1).toFile()).path("properties").has("paid")).isTrue();
        assertThat(JSON.readTree(schemaFile(2).toFile()).path("properties").has("chargeable")).isTrue();
        JsonNode catalog = JSON.readTree(contract.resolve("META-INF/resources/schemas/test/catalog.json").toFile());
        assertThat(catalog.path("events").findValuesAsText("dataschema"))
                .containsExactly("urn:doorstep:schema:test:Opened:v1", "urn:doorstep:schema:test:Opened:v2");
        assertThat(catalog.path("events").findValues("current")).extracting(JsonNode::asBoolean).containsExactly(false, true);

        Files.delete(schemaFile(1));
        assertThatThrownBy(() -> check(Renamed.Opened.class, 2, List.of(1, 2))).hasMessageContaining("Opened.v1.json is gone");
    }

    @Test
    void aPublishedSchemaDeletedToBeRewrittenFails() throws IOException {
        Files.delete(schemaFile(1));
        assertThatThrownBy(() -> check(Removed.Opened.class, 1, List.of(1)))
                .hasMessageContaining("Opened.v1.json is listed in the published catalog.json but gone");
        assertThat(schemaFile(1)).doesNotExist();
    }

    @Test
    void aCommittedAsyncApiCopyIsCurrentWhateverTheProjectVersionButNotWhenAMessageChanged() {
        String committed = "asyncapi: 3.0.0\ninfo:\n  title: t\n  version: 0.1.0-SNAPSHOT\nchannels:\n  a:\n    address: doorstep.a.events\n";
        assertThat(doorstep.testing.AsyncApiContract.sameDocument(committed, committed.replace("0.1.0-SNAPSHOT", "0.2.0"))).isTrue();
        assertThat(doorstep.testing.AsyncApiContract.sameDocument(committed, committed.replace("doorstep.a.events", "doorstep.b.events")))
                .isFalse();
    }

    @Test
    void aPublishedTypeTheCatalogueDropsFails() {
        assertThatThrownBy(() -> EventSchemaContract.check(contract, "test", List.of(), true))
                .hasMessageContaining("Opened.v1.json is published but no longer in the catalogue");
    }

    @Test
    void compatibilityIgnoresDocumentationButNotStructure() throws IOException {
        JsonNode published = JSON.readTree(schemaFile(1).toFile());
        JsonNode documented = published.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) documented).put("description", "now with words");
        assertThat(SchemaCompatibility.breaks(published, documented)).isEmpty();
        JsonNode narrowed = published.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) narrowed.path("properties")).remove("note");
        assertThat(SchemaCompatibility.breaks(published, narrowed)).containsExactly("note: removed");
    }

    @Nested
    class AConsumersRecord {

        @ForeignEvent(service = "test", type = "Opened")
        record Reads(String orderId, boolean paid, Kind kind, String reporterName, List<V1.Item> items, @Nullable String note) {
        }

        @ForeignEvent(service = "test", type = "Opened")
        record ReadsAFieldNotPublished(String orderId, boolean chargeable) {
        }

        @ForeignEvent(service = "test", type = "Opened")
        record ReadsANullableFieldAsRequired(String note) {
        }

        @ForeignEvent(service = "test", type = "Opened")
        record HasANarrowerEnum(NarrowKind kind) {
        }

        enum NarrowKind { IN_UNIT }

        @ForeignEvent(service = "test", type = "Opened", versions = {1, 2})
        record ReadsAVersionNotPublished(String orderId) {
        }

        private List<String> problems(Class<?> record) {
            return ForeignEventContract.problems(record, path -> {
                Path file = contract.resolve(path);
                try {
                    return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        @Test
        void thatMatchesThePublishedSchemaPasses() {
            assertThat(problems(Reads.class)).isEmpty();
        }

        @Test
        void thatDoesNotReadTheVersionTheProducerWritesNowFails() {
            check(Renamed.Opened.class, 2, List.of(1, 2)); // the producer moved to v2 (with an upcaster from v1)
            assertThat(problems(ReadsAVersionNotPublished.class)).isEmpty();
            assertThat(problems(Reads.class)).containsExactly("test.Opened.v2: the producer writes this version now, which Reads "
                    + "does not read (its versions: [1])");
        }

        @Test
        void thatReadsWhatIsNotPublishedFails() {
            assertThat(problems(ReadsAFieldNotPublished.class)).containsExactly("test.Opened.v1 chargeable: not in the published schema");
            assertThat(problems(ReadsANullableFieldAsRequired.class))
                    .containsExactly("test.Opened.v1 note: may be null in the published schema; mark it @Nullable (and not primitive)");
            assertThat(problems(HasANarrowerEnum.class)).singleElement().asString()
                    .contains("the producer may send values NarrowKind lacks: [\"PUBLIC_AREA\"]");
            assertThat(problems(ReadsAVersionNotPublished.class)).containsExactly(
                    "test.Opened.v2: no published schema (is the producer's contract a dependency?)");
        }
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> structured(EventEnvelope e) {
        var record = new org.apache.kafka.clients.producer.ProducerRecord<>("t", e.subject(), CloudEventsKafka.toStructured(e));
        record.headers().add("content-type", CloudEventsKafka.STRUCTURED.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void aFixtureThatTheProducerCouldNotPublishFailsAndPersonalValuesAreSealed() throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(new java.net.URLClassLoader(new java.net.URL[] {contract.toUri().toURL()}, original));
        try {
            PublishedEvents.Sealer sealer = (key, text) -> JSON.createObjectNode().put("keyId", key).put("encrypted", "c2VhbGVk");
            String fixture = "{\"orderId\":\"o-1\",\"paid\":true,\"kind\":\"IN_UNIT\",\"reporterName\":\"王\","
                    + "\"items\":[{\"code\":\"S-1\",\"quantity\":1}],\"note\":null}";
            JsonNode published = JSON.readTree(PublishedEvents.data("test", "Opened", 1, "o-1", fixture, sealer));
            assertThat(published.path("reporterName").path("keyId").asText()).isEqualTo("o-1");
            assertThat(published.path("orderId").asText()).isEqualTo("o-1");

            assertThatThrownBy(() -> PublishedEvents.data("test", "Opened", 1, "o-1", fixture.replace(",\"note\":null", ""), sealer))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("required property 'note' not found");
            assertThatThrownBy(() -> PublishedEvents.data("test", "Opened", 1, "o-1", fixture.replace("\"paid\":true", "\"paid\":\"yes\""),
                    sealer)).isInstanceOf(AssertionError.class).hasMessageContaining("paid");

            // and what TestEvents.send sends, in either CloudEvents mode, is held to the same schema
            String sealedFixture = fixture.replace("\"王\"", "{\"keyId\":\"o-1\",\"encrypted\":\"c2VhbGVk\"}");
            EventEnvelope good = new EventEnvelope(java.util.UUID.randomUUID(), "test", "Opened", 1, "o-1", 1, 0, Instant.now(), "site-a",
                    java.util.UUID.randomUUID(), null, Actor.service("test"), sealedFixture);
            EventEnvelope bad = new EventEnvelope(good.eventId(), "test", "Opened", 1, "o-1", 1, 0, good.occurredAt(), "site-a",
                    good.correlationId(), null, good.actor(), sealedFixture.replace(",\"note\":null", ""));
            assertThat(TestEvents.asPublished(CloudEventsKafka.toRecord("t", good)).value()).isNotNull();
            assertThatThrownBy(() -> TestEvents.asPublished(CloudEventsKafka.toRecord("t", bad))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("note");
            assertThatThrownBy(() -> TestEvents.asPublished(structured(bad))).isInstanceOf(AssertionError.class).hasMessageContaining("note");
            assertThat(TestEvents.asPublished(structured(good)).value()).isNotNull();
        } finally {
            thread.setContextClassLoader(original);
        }
    }
}
