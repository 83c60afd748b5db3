package doorstep.localinfra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka broker in a child JVM. The child's classpath comes from the
 * {@code doorstep-kafka-broker} jar, so none of Kafka's server dependencies reach the caller's
 * classpath. The child stops when this process closes its standard input or dies.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "doorstep-kafka-broker.classpath";
    private static final String MAIN_CLASS = "doorstep.kafkabroker.SingleNodeKafkaBroker";
    private static final String READY_LINE = "DOORSTEP-KAFKA-READY ";

    private final Process process;
    private final String bootstrapServers;

    private KafkaBrokerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker and waits until it serves requests.
     *
     * @param dataDir kept between runs if the caller keeps it (topics and offsets survive a restart)
     * @param logFile where the broker's own output goes
     */
    public static KafkaBrokerProcess start(Path dataDir, int brokerPort, int controllerPort, Path logFile, Duration timeout) {
        return start(dataDir, brokerPort, controllerPort, logFile, timeout, null, null);
    }

    /**
     * Starts a broker whose listener requires SASL/SCRAM-SHA-512 as {@code user} (see SingleNodeKafkaBroker): for
     * tests that every Kafka client of a service authenticates from the same {@code kafka.*} settings.
     *
     * @param user null for a plaintext broker
     */
    public static KafkaBrokerProcess start(Path dataDir, int brokerPort, int controllerPort, Path logFile, Duration timeout,
                                           String user, String password) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-Djava.awt.headless=true");
            command.add("-cp");
            command.add(brokerClasspath());
            command.add(MAIN_CLASS);
            command.add(dataDir.toAbsolutePath().toString());
            command.add(String.valueOf(brokerPort));
            command.add(String.valueOf(controllerPort));
            if (user != null) {
                command.add(user);
                command.add(password);
            }
            Process process = new ProcessBuilder(Sessions.detached(command))
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            String bootstrap = awaitReadyLine(process, logFile, timeout);
            return new KafkaBrokerProcess(process, bootstrap);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // end-of-input: the broker shuts down cleanly
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String awaitReadyLine(Process process, Path logFile, Duration timeout) {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(READY_LINE)) {
                        ready.complete(line.substring(READY_LINE.length()).trim());
                    } else {
                        Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    }
                }
            } catch (IOException e) {
                // the broker has gone; the future below reports it
            }
            ready.completeExceptionally(new IllegalStateException("the Kafka broker exited; see " + logFile));
        }, "kafka-broker-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the Kafka broker did not become ready within " + timeout + "; see " + logFile, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Kafka broker", e);
        }
    }

    /** The broker jar (or classes folder) followed by the dependency classpath it recorded at build time. */
    static String brokerClasspath() throws IOException {
        URL resource = KafkaBrokerProcess.class.getClassLoader().getResource(CLASSPATH_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(CLASSPATH_RESOURCE + " is not on the classpath: build doorstep-kafka-broker first");
        }
        String dependencies;
        try (var in = resource.openStream()) {
            dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        return codeLocation(resource) + java.io.File.pathSeparator + dependencies;
    }

    private static String codeLocation(URL resource) {
        try {
            String url = resource.toString();
            if (url.startsWith("jar:")) {
                String jar = url.substring("jar:".length(), url.indexOf("!/"));
                return Paths.get(new URL(jar).toURI()).toString();
            }
            return Paths.get(resource.toURI()).getParent().toString();
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot locate the broker launcher from " + resource, e);
        }
    }
}
