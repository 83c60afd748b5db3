package doorstep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.asyncapi.v3._0_0.model.AsyncAPI;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;

/**
 * Keeps a service's AsyncAPI document (D51) valid and its committed copy current, without Kafka or a database: the
 * build writes it to {@code target/asyncapi.yaml}, checks it ({@link AsyncApiRules}, and reads it back with the
 * AsyncAPI 3 Java model of {@code com.asyncapi:asyncapi-core}, which is lenient: it proves the shape, not the fields), and
 * compares it with
 * {@code contracts/<service>-events/src/main/resources/META-INF/resources/asyncapi/<service>.yaml}. A stale copy fails
 * the build: run it with {@code -Ddoorstep.schemas.write=true} once and review the diff like any contract change.
 */
public final class AsyncApiContract {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private AsyncApiContract() {
    }

    /** The project's version, which the document carries as {@code info.version} (set by the build: {@code doorstep.version}). */
    public static String projectVersion() {
        String version = System.getProperty("doorstep.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("system property doorstep.version not set (the root pom's surefire configuration sets it)");
        }
        return version;
    }

    /** The service's own configuration ({@code src/main/resources/application.properties}), without starting it. */
    public static Config serviceConfig() {
        Path file = Path.of("src", "main", "resources", "application.properties");
        try {
            return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(file.toUri().toURL())).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a service's document is committed: its contract module, served from the jar at {@code /asyncapi/<service>.yaml}. */
    public static Path committedCopy(String service) {
        return EventSchemaContract.contractResources(service).resolve(Path.of("META-INF", "resources", "asyncapi", service + ".yaml"));
    }

    /**
     * Checks the generated document, writes it to {@code target/asyncapi.yaml}, and compares it with (or, with
     * {@code -Ddoorstep.schemas.write=true}, writes) the committed copy.
     *
     * @param catalogue per event type of the service, the versions it reads ({@code AsyncApiDocument.readableVersions})
     * @param yaml      the document as the service generates it
     */
    public static void check(String service, Map<String, List<Integer>> catalogue, String yaml) {
        JsonNode document = parse(yaml);
        assertThat(AsyncApiRules.problems(document, service, catalogue)).as("broken rules of the AsyncAPI document").isEmpty();
        AsyncAPI model;
        try {
            model = YAML.readValue(yaml, AsyncAPI.class);
        } catch (IOException e) {
            throw new AssertionError("the AsyncAPI model cannot read the document: " + e.getMessage(), e);
        }
        assertThat(model.getAsyncapi()).isEqualTo("3.0.0");
        assertThat(model.getChannels()).hasSameSizeAs(document.path("channels").properties());
        assertThat(model.getOperations()).hasSameSizeAs(document.path("operations").properties());
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "asyncapi.yaml"), yaml);
            Path committed = committedCopy(service);
            if (Boolean.getBoolean("doorstep.schemas.write")) {
                Files.createDirectories(committed.getParent());
                Files.writeString(committed, yaml);
            } else if (!Files.exists(committed) || !sameDocument(Files.readString(committed), yaml)) {
                throw new AssertionError(committed + " is stale" + (Files.exists(committed) ? " (" + firstDifference(
                        Files.readString(committed), yaml) + ")" : "") + "; rebuild with -Ddoorstep.schemas.write=true and review the diff");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the committed copy is the generated document, whatever project version each was generated at: a
     * release changes {@code info.version} only, and the served document always carries the running version.
     */
    public static boolean sameDocument(String committed, String generated) {
        JsonNode old = parse(committed);
        JsonNode now = parse(generated);
        if (old.path("info") instanceof com.fasterxml.jackson.databind.node.ObjectNode info) {
            info.set("version", now.path("info").path("version"));
        }
        return old.equals(now);
    }

    /** Where two texts first differ, by line: {@code line N: committed "…", generated "…"}. */
    static String firstDifference(String committed, String generated) {
        List<String> a = committed.lines().toList();
        List<String> b = generated.lines().toList();
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return "line " + (i + 1) + ": committed \"" + (i < a.size() ? a.get(i) : "<end>") + "\", generated \""
                + (i < b.size() ? b.get(i) : "<end>") + "\"";
    }

    /** A YAML document's tree. */
    public static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
