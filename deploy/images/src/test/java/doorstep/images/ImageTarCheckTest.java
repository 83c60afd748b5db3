package doorstep.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image check against tars written here: a right one, and one wrong thing at a time. */
class ImageTarCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REVISION = "05a51c841f95625ad31c284c1dab918de7ffea8b";
    private static final String BASE = "sha256:" + "ab".repeat(32);
    private static final ImageTarCheck.Expected EXPECTED =
            new ImageTarCheck.Expected("0.1.0-SNAPSHOT", "0.1.0", REVISION, BASE);

    @TempDir
    Path dir;

    record FileEntry(String path, int uid, int mode, String content) {
    }

    private final List<FileEntry> appLayer = new ArrayList<>(List.of(
            new FileEntry("deployments/", 0, 0755, null),
            new FileEntry("deployments/quarkus-run.jar", 0, 0644, "jar"),
            new FileEntry("deployments/lib/main/a.jar", 0, 0644, "a")));
    private boolean corruptDiffId;

    private ObjectNode goodConfig() {
        ObjectNode config = JSON.createObjectNode();
        ObjectNode runtime = config.putObject("config");
        runtime.put("User", "185:185");
        runtime.putArray("Entrypoint").add("java").add("-jar").add("/deployments/quarkus-run.jar");
        runtime.put("WorkingDir", "/deployments");
        runtime.putObject("ExposedPorts").putObject("8080/tcp");
        ObjectNode labels = runtime.putObject("Labels");
        labels.put("org.opencontainers.image.title", "intake-service");
        labels.put("org.opencontainers.image.version", "0.1.0-SNAPSHOT");
        labels.put("org.opencontainers.image.revision", REVISION);
        labels.put("org.opencontainers.image.base.name", "doorstep/jre17-base:bookworm");
        labels.put("org.opencontainers.image.base.digest", BASE);
        return config;
    }

    private ImageTarCheck.Report check(Consumer<ObjectNode> change) throws Exception {
        ObjectNode config = goodConfig();
        change.accept(config);
        return ImageTarCheck.check("intake-service", writeImage(config), EXPECTED);
    }

    private Path writeImage(ObjectNode config) throws Exception {
        byte[] layerTar = tar(appLayer);
        String diffId = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layerTar));
        if (corruptDiffId) {
            diffId = "sha256:" + "00".repeat(32);
        }
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(diffId);
        config.putArray("history").addObject().put("comment", "service");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(layerTar);
        }
        ArrayNode manifest = JSON.createArrayNode();
        ObjectNode image = manifest.addObject();
        image.put("Config", "config.json");
        image.putArray("RepoTags").add("doorstep/intake-service:0.1.0");
        image.putArray("Layers").add("layer1.tar.gz");

        Path tar = dir.resolve("image-" + System.nanoTime() + ".tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            put(out, "config.json", JSON.writeValueAsBytes(config));
            put(out, "layer1.tar.gz", gz.toByteArray());
            put(out, "manifest.json", JSON.writeValueAsBytes(manifest));
        }
        return tar;
    }

    private static byte[] tar(List<FileEntry> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (FileEntry file : files) {
                TarArchiveEntry entry = new TarArchiveEntry(file.path());
                entry.setUserId(file.uid());
                entry.setMode((file.content() == null ? TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 : 0100000) | file.mode());
                byte[] content = file.content() == null ? new byte[0] : file.content().getBytes(StandardCharsets.UTF_8);
                entry.setSize(content.length);
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }

    @Test
    void a_right_image_has_no_problem_and_its_layer_is_measured() throws Exception {
        ImageTarCheck.Report report = check(config -> { });

        assertThat(report.problems()).isEmpty();
        assertThat(report.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.comment()).isEqualTo("service");
            assertThat(layer.uncompressedBytes()).isPositive();
        });
    }

    @Test
    void root_or_a_user_name_is_refused() throws Exception {
        assertThat(check(c -> ((ObjectNode) c.get("config")).put("User", "0:0")).problems())
                .singleElement().asString().startsWith("User is '0:0'");
        assertThat(check(c -> ((ObjectNode) c.get("config")).put("User", "doorstep")).problems())
                .singleElement().asString().startsWith("User is 'doorstep'");
        assertThat(check(c -> ((ObjectNode) c.get("config")).remove("User")).problems())
                .singleElement().asString().startsWith("User is ''");
    }

    @Test
    void a_shell_entrypoint_or_a_command_is_refused() throws Exception {
        assertThat(check(c -> ((ObjectNode) c.get("config")).putArray("Entrypoint")
                .add("/bin/sh").add("-c").add("java -jar quarkus-run.jar")).problems())
                .singleElement().asString().startsWith("Entrypoint is [/bin/sh");
        assertThat(check(c -> ((ObjectNode) c.get("config")).putArray("Cmd").add("--debug")).problems())
                .singleElement().asString().startsWith("Cmd is set");
    }

    @Test
    void another_port_or_working_directory_is_refused() throws Exception {
        assertThat(check(c -> ((ObjectNode) c.get("config")).putObject("ExposedPorts").putObject("8081/tcp")).problems())
                .singleElement().asString().startsWith("ExposedPorts are [8081/tcp]");
        assertThat(check(c -> ((ObjectNode) c.get("config")).put("WorkingDir", "/")).problems())
                .singleElement().asString().startsWith("WorkingDir is '/'");
    }

    @Test
    void labels_must_name_the_version_the_revision_and_the_base_digest() throws Exception {
        assertThat(check(c -> labels(c).put("org.opencontainers.image.version", "0.0.9")).problems())
                .singleElement().asString().contains("version is '0.0.9'");
        assertThat(check(c -> labels(c).remove("org.opencontainers.image.revision")).problems())
                .anySatisfy(p -> assertThat(p).contains("revision is missing"));
        assertThat(check(c -> labels(c).put("org.opencontainers.image.base.digest", "sha256:" + "cd".repeat(32))).problems())
                .singleElement().asString().contains("base.digest is 'sha256:cdcd");
        assertThat(check(c -> labels(c).remove("org.opencontainers.image.base.name")).problems())
                .singleElement().asString().contains("base.name is missing");
    }

    @Test
    void an_appcds_archive_or_writable_code_or_a_missing_jar_is_refused() throws Exception {
        appLayer.add(new FileEntry("deployments/app-cds.jsa", 0, 0644, "cds"));
        appLayer.add(new FileEntry("deployments/app/intake.jar", 185, 0644, "jar"));
        appLayer.remove(1);

        assertThat(check(c -> { }).problems()).containsExactlyInAnyOrder(
                "/deployments/quarkus-run.jar is missing",
                "/deployments/app-cds.jsa is an AppCDS archive made by the build machine's JDK",
                "/deployments/app/intake.jar can be changed by the service's user (owner 185, mode 644)");
    }

    @Test
    void a_layer_that_does_not_match_its_diff_id_is_refused() throws Exception {
        corruptDiffId = true;

        assertThat(check(c -> { }).problems()).singleElement().asString().contains("diff id says sha256:0000");
    }

    @Test
    void main_fails_the_build_when_an_image_is_wrong_or_missing() throws Exception {
        ObjectNode config = goodConfig();
        ((ObjectNode) config.get("config")).put("User", "0");
        Path wrong = writeImage(config);

        assertThatThrownBy(() -> ImageTarCheck.main(new String[] {"0.1.0-SNAPSHOT", "0.1.0", REVISION, BASE,
                "intake-service=" + wrong, "dispatch-service=" + dir.resolve("none.tar")}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("intake-service: User is '0'")
                .hasMessageContaining("dispatch-service: no image at");
    }

    private static ObjectNode labels(ObjectNode config) {
        return (ObjectNode) config.get("config").get("Labels");
    }
}
