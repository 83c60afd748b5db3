package doorstep.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks a service image as Jib writes it with {@code buildTar} (the docker-archive format that
 * {@code docker load}, {@code podman load} and {@code skopeo} read: {@code manifest.json}, the image
 * configuration and gzipped layers), without a container runtime. See {@link #problems} for what is
 * checked.
 */
public final class ImageTarCheck {

    /** The entrypoint every service image has: the Quarkus fast-jar, no shell. */
    public static final List<String> ENTRYPOINT = List.of("java", "-jar", "/deployments/quarkus-run.jar");
    /** The working directory of the services, where the fast-jar is. */
    public static final String WORKING_DIR = "/deployments";
    /** The one port a service listens on. */
    public static final String PORT = "8080/tcp";

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern GIT_COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageTarCheck() {
    }

    /**
     * What the images of one build must say about themselves.
     *
     * @param version    the project version (label {@code org.opencontainers.image.version})
     * @param tag        the image tag ({@code doorstep/<service>:<tag>})
     * @param revision   the git commit built (label {@code org.opencontainers.image.revision}, 40 hex)
     * @param baseDigest the base image's digest, {@code sha256:<64 hex>} (label
     *                   {@code org.opencontainers.image.base.digest})
     */
    public record Expected(String version, String tag, String revision, String baseDigest) {
    }

    /** One layer of an image: its diff id and its compressed and uncompressed sizes in bytes. */
    public record Layer(String diffId, long compressedBytes, long uncompressedBytes, String comment) {
    }

    /**
     * The result of reading one image tar.
     *
     * @param problems what is wrong, one sentence each; empty when the image is right
     * @param layers   the layers, base first
     */
    public record Report(List<String> problems, List<Layer> layers) {
    }

    /**
     * Reads the image tar of a service and lists what is wrong with it: the tag is not
     * {@code doorstep/<service>:<tag>}; the user is not a numeric non-root uid; the entrypoint is not
     * {@link #ENTRYPOINT} or a command is set; the working directory is not {@link #WORKING_DIR}; the
     * exposed ports are not exactly {@link #PORT}; an {@code org.opencontainers.image.*} label (title,
     * version, revision, base.name, base.digest) is missing or differs from {@code expected}; a layer's
     * content does not match its diff id; {@code quarkus-run.jar} is missing; an AppCDS archive
     * ({@code *.jsa}) under /deployments (made by another JDK); a file under /deployments is not owned by
     * root or is writable by others than its owner (the service must not be able to change its code).
     *
     * @throws IOException when the tar cannot be read at all
     */
    public static Report check(String service, Path tar, Expected expected) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode manifest = null;
        Map<String, byte[]> jsonFiles = new HashMap<>();
        Map<String, LayerContent> layerContents = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName();
                if (name.endsWith(".json")) {
                    jsonFiles.put(name, in.readAllBytes());
                } else {
                    layerContents.put(name, readLayer(in, entry.getSize()));
                }
            }
        }
        byte[] manifestBytes = jsonFiles.get("manifest.json");
        if (manifestBytes == null) {
            return new Report(List.of("no manifest.json: not a docker-archive image tar"), List.of());
        }
        manifest = JSON.readTree(manifestBytes);
        if (!manifest.isArray() || manifest.size() != 1) {
            return new Report(List.of("manifest.json must describe exactly one image"), List.of());
        }
        JsonNode image = manifest.get(0);
        String expectedTag = "doorstep/" + service + ":" + expected.tag();
        List<String> tags = texts(image.path("RepoTags"));
        if (!tags.equals(List.of(expectedTag))) {
            problems.add("tagged " + tags + ", expected [" + expectedTag + "]");
        }
        byte[] configBytes = jsonFiles.get(image.path("Config").asText());
        if (configBytes == null) {
            return new Report(List.of("the configuration " + image.path("Config") + " is missing"), List.of());
        }
        JsonNode config = JSON.readTree(configBytes);
        JsonNode runtime = config.path("config");

        String user = runtime.path("User").asText("");
        String uid = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (!uid.matches("[0-9]+") || Long.parseLong(uid) == 0) {
            problems.add("User is '" + user + "': must be a numeric non-root uid (Kubernetes runAsNonRoot checks it)");
        }
        List<String> entrypoint = texts(runtime.path("Entrypoint"));
        if (!entrypoint.equals(ENTRYPOINT)) {
            problems.add("Entrypoint is " + entrypoint + ", expected " + ENTRYPOINT);
        }
        if (!texts(runtime.path("Cmd")).isEmpty()) {
            problems.add("Cmd is set (" + texts(runtime.path("Cmd")) + "): arguments would be added to the entrypoint");
        }
        if (!WORKING_DIR.equals(runtime.path("WorkingDir").asText())) {
            problems.add("WorkingDir is '" + runtime.path("WorkingDir").asText() + "', expected " + WORKING_DIR);
        }
        Set<String> ports = new TreeSet<>();
        runtime.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        if (!ports.equals(Set.of(PORT))) {
            problems.add("ExposedPorts are " + ports + ", expected [" + PORT + "]");
        }

        JsonNode labels = runtime.path("Labels");
        expectLabel(problems, labels, "title", service);
        expectLabel(problems, labels, "version", expected.version());
        expectLabel(problems, labels, "revision", expected.revision());
        expectLabel(problems, labels, "base.digest", expected.baseDigest());
        if (!GIT_COMMIT.matcher(labels.path("org.opencontainers.image.revision").asText()).matches()) {
            problems.add("label org.opencontainers.image.revision is not a git commit id");
        }
        if (!SHA256.matcher(labels.path("org.opencontainers.image.base.digest").asText()).matches()) {
            problems.add("label org.opencontainers.image.base.digest is not a sha256 digest");
        }
        if (labels.path("org.opencontainers.image.base.name").asText("").isBlank()) {
            problems.add("label org.opencontainers.image.base.name is missing");
        }

        List<String> layerFiles = texts(image.path("Layers"));
        List<String> diffIds = texts(config.path("rootfs").path("diff_ids"));
        List<JsonNode> history = new ArrayList<>();
        config.path("history").forEach(h -> {
            if (!h.path("empty_layer").asBoolean(false)) {
                history.add(h);
            }
        });
        if (layerFiles.size() != diffIds.size()) {
            problems.add(layerFiles.size() + " layers but " + diffIds.size() + " diff ids");
        }
        List<Layer> layers = new ArrayList<>();
        Map<String, FileInfo> files = new LinkedHashMap<>();
        for (int i = 0; i < layerFiles.size(); i++) {
            LayerContent content = layerContents.get(layerFiles.get(i));
            if (content == null) {
                problems.add("layer " + layerFiles.get(i) + " is missing from the tar");
                continue;
            }
            String diffId = i < diffIds.size() ? diffIds.get(i) : "?";
            if (!diffId.equals(content.diffId())) {
                problems.add("layer " + layerFiles.get(i) + " has content " + content.diffId() + ", diff id says " + diffId);
            }
            String comment = i < history.size() ? history.get(i).path("comment").asText("") : "";
            layers.add(new Layer(diffId, content.compressedBytes(), content.uncompressedBytes(), comment));
            files.putAll(content.files());
        }
        if (!files.containsKey("deployments/quarkus-run.jar")) {
            problems.add("/deployments/quarkus-run.jar is missing");
        }
        files.forEach((path, info) -> {
            if (!path.startsWith("deployments/")) {
                return;
            }
            if (path.endsWith(".jsa")) {
                problems.add("/" + path + " is an AppCDS archive made by the build machine's JDK");
            }
            if (info.uid() != 0 || (info.mode() & 0022) != 0) {
                problems.add("/" + path + " can be changed by the service's user (owner " + info.uid()
                        + ", mode " + Integer.toOctalString(info.mode()) + ")");
            }
        });
        return new Report(problems, layers);
    }

    private static void expectLabel(List<String> problems, JsonNode labels, String key, String expected) {
        String actual = labels.path("org.opencontainers.image." + key).asText(null);
        if (!expected.equals(actual)) {
            problems.add("label org.opencontainers.image." + key + " is " + (actual == null ? "missing" : "'" + actual + "'")
                    + ", expected '" + expected + "'");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private record FileInfo(long uid, int mode) {
    }

    private record LayerContent(String diffId, long compressedBytes, long uncompressedBytes, Map<String, FileInfo> files) {
    }

    /** Reads one gzipped layer: the sha256 of its uncompressed tar (its diff id) and its files. */
    private static LayerContent readLayer(InputStream in, long compressedBytes) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, FileInfo> files = new LinkedHashMap<>();
        CountingInputStream counted;
        InputStream layer = new NonClosing(in);
        try (DigestInputStream digested = new DigestInputStream(
                counted = new CountingInputStream(new GZIPInputStream(layer, 65536)), sha256);
             TarArchiveInputStream inner = new TarArchiveInputStream(digested)) {
            TarArchiveEntry entry;
            while ((entry = inner.getNextEntry()) != null) {
                String name = entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                files.put(name, new FileInfo(entry.getLongUserId(), entry.getMode() & 07777));
            }
            // The rest of the tar (end-of-archive blocks and padding) counts for the diff id too.
            digested.transferTo(OutputStream.nullOutputStream());
        }
        return new LayerContent("sha256:" + HexFormat.of().formatHex(sha256.digest()), compressedBytes,
                counted.count, files);
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the outer tar goes on
        }
    }

    /**
     * Checks the images of a build and prints their layers; fails (an exception, so that Maven's
     * exec:java fails the build) when any image is wrong.
     *
     * @param args {@code <version> <tag> <revision> <base digest> <service>=<tar>...}
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            throw new IllegalArgumentException(
                    "usage: ImageTarCheck <version> <tag> <revision> <base digest> <service>=<image tar>...");
        }
        Expected expected = new Expected(args[0], args[1], args[2], args[3]);
        List<String> failures = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String service = args[i].substring(0, args[i].indexOf('='));
            Path tar = Path.of(args[i].substring(args[i].indexOf('=') + 1));
            if (!Files.isRegularFile(tar)) {
                failures.add(service + ": no image at " + tar + " (build it with -Pimages)");
                continue;
            }
            Report report;
            try {
                report = check(service, tar, expected);
            } catch (IOException | UncheckedIOException e) {
                failures.add(service + ": " + tar + " cannot be read: " + e.getMessage());
                continue;
            }
            System.out.printf("doorstep/%s:%s  %s  %.1f MB%n", service, expected.tag(), tar, Files.size(tar) / 1e6);
            for (Layer layer : report.layers()) {
                System.out.printf("  %-20s %10.3f MB compressed %10.3f MB  %s%n", layer.comment().isEmpty() ? "(base)" : layer.comment(),
                        layer.compressedBytes() / 1e6, layer.uncompressedBytes() / 1e6, layer.diffId());
            }
            report.problems().forEach(problem -> failures.add(service + ": " + problem));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the images are not right:\n  " + String.join("\n  ", failures));
        }
        System.out.println("images checked: user, entrypoint, working directory, port, labels, layers");
    }
}
