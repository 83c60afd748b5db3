package doorstep.deploy.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a Kustomize directory with {@code kubectl kustomize} (the machine's kubectl: {@code /usr/bin/kubectl},
 * else the one on the PATH, else {@code $KUBECTL}) and parses the objects it prints.
 */
final class Kustomize {

    private static final YAMLMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    /** The directory holding base/, infra/, overlays/ and grafana/ (the Maven module's directory). */
    static Path root() {
        return Path.of(System.getProperty("doorstep.kubernetes.dir", ".")).toAbsolutePath().normalize();
    }

    /** Every directory below {@link #root()} with a kustomization.yaml, relative to the root, sorted. */
    static List<String> directories() throws IOException {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(p -> root.relativize(p.getParent()).toString().replace('\\', '/'))
                    .filter(d -> !d.startsWith("target") && !d.startsWith("src"))
                    .sorted()
                    .toList();
        }
    }

    /** The objects {@code kubectl kustomize <root>/<directory>} prints, in order. */
    static List<ObjectNode> render(String directory) throws IOException, InterruptedException {
        return parse(run(root().resolve(directory)));
    }

    /** The YAML documents of a multi-document stream, empty documents left out. */
    static List<ObjectNode> parse(String yaml) throws IOException {
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new IllegalArgumentException("a rendered document is not an object: " + doc);
                }
                objects.add((ObjectNode) doc);
            }
        }
        return objects;
    }

    private static String run(Path directory) throws IOException, InterruptedException {
        String kubectl = kubectl();
        Process process = new ProcessBuilder(kubectl, "kustomize", directory.toString())
                .redirectErrorStream(false)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + directory + " failed (exit " + process.exitValue() + "): "
                    + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            return "/usr/bin/kubectl";
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("kubectl is not installed: the Kubernetes manifests are rendered with "
                + "`kubectl kustomize` (install kubectl 1.27+ at /usr/bin/kubectl or on the PATH, or set KUBECTL)");
    }
}
