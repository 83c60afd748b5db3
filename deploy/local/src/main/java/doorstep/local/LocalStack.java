package doorstep.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import doorstep.localinfra.KafkaBrokerProcess;
import doorstep.localinfra.PostgresServer;

/**
 * The whole system on one machine, no Docker: embedded PostgreSQL (data kept in
 * {@code .doorstep/postgres}), a single-node Kafka broker (data in {@code .doorstep/kafka}) and
 * every packaged service as its own JVM. Prints the URLs, shows each event as it reaches Kafka,
 * and stops everything on Ctrl-C.
 */
public final class LocalStack {

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;

    /** Every service the stack knows, with its port. A service that is not built yet is skipped. */
    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("intake", 8081);
        SERVICES.put("dispatch", 8082);
        SERVICES.put("billing", 8083);
        SERVICES.put("followup", 8084);
    }

    private final Path root;
    private final Path home;
    private final List<Process> services = new ArrayList<>();
    private PostgresServer postgres;
    private KafkaBrokerProcess kafka;
    private EventTap tap;

    LocalStack(Path root) {
        this.root = root;
        this.home = root.resolve(".doorstep");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(root);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "stop-local-stack"));
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    void start() throws Exception {
        long t0 = System.nanoTime();
        Path logs = Files.createDirectories(home.resolve("logs"));

        say("Starting PostgreSQL on 127.0.0.1:%d (data in %s)", POSTGRES_PORT, root.relativize(home.resolve("postgres")));
        postgres = PostgresServer.startEmbedded(home.resolve("postgres"), POSTGRES_PORT);
        say("Starting Kafka on 127.0.0.1:%d (data in %s)", KAFKA_PORT, root.relativize(home.resolve("kafka")));
        kafka = KafkaBrokerProcess.start(home.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT,
                logs.resolve("kafka.log"), Duration.ofSeconds(90));
        long infraReady = System.nanoTime();

        Map<String, Long> started = new LinkedHashMap<>();
        for (var service : SERVICES.entrySet()) {
            Path jar = root.resolve(service.getKey() + "-service/target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                continue;
            }
            String jdbcUrl = postgres.ensureDatabase(service.getKey());
            ProcessBuilder pb = new ProcessBuilder(doorstep.localinfra.Sessions.detached(
                    List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service.getKey() + ".log").toFile()));
            Map<String, String> env = pb.environment();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(service.getValue()));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
            env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            // A development stack: clocks may be moved (PUT /api/v1/admin/clock) to reach deadlines. Never in production.
            env.put("DOORSTEP_CLOCK_CONTROLLABLE", "true");
            say("Starting %s-service on port %d (log in .doorstep/logs/%s.log)", service.getKey(), service.getValue(), service.getKey());
            services.add(pb.start());
            started.put(service.getKey(), System.nanoTime());
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (var entry : started.entrySet()) {
            String name = entry.getKey();
            int port = SERVICES.get(name);
            Process process = services.get(i++);
            awaitReady(http, name, port, process);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - entry.getValue());
            lines.add(String.format("  %-9s http://localhost:%d/api/v1   Swagger UI http://localhost:%d/q/swagger-ui   "
                    + "(ready in %.1f s, %d MB RSS)", name, port, port, ms / 1000.0, rssMb(process.pid())));
        }

        tap = EventTap.start(kafka.bootstrapServers(), logs.resolve("events.log"));
        say("");
        say("Doorstep is running (infrastructure %.1f s, everything %.1f s):",
                (infraReady - t0) / 1e9, (System.nanoTime() - t0) / 1e9);
        lines.forEach(System.out::println);
        say("  PostgreSQL jdbc:postgresql://127.0.0.1:%d/<service>  user postgres", POSTGRES_PORT);
        say("  Kafka      %s   topics doorstep.<service>.events", kafka.bootstrapServers());
        say("Events are shown below as they reach Kafka (also in .doorstep/logs/events.log). Ctrl-C stops everything.");
        say("");
    }

    private void awaitReady(HttpClient http, String name, int port, Process process) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + "-service exited; see .doorstep/logs/" + name + ".log");
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // checks the condition again every 200 ms
        }
        throw new IllegalStateException(name + "-service was not ready within 120 s; see .doorstep/logs/" + name + ".log");
    }

    void stop() {
        say("Stopping Doorstep...");
        if (tap != null) {
            tap.close();
        }
        for (Process p : services) {
            p.destroy(); // SIGTERM: Quarkus shuts down gracefully
        }
        for (Process p : services) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        say("Stopped. Data is kept in .doorstep/ (delete it for a fresh start).");
    }

    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }
}
