package doorstep.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import doorstep.localinfra.KafkaBrokerProcess;
import doorstep.localinfra.LocalTokens;
import doorstep.localinfra.PostgresServer;

/**
 * The whole system on one machine, no Docker: embedded PostgreSQL (data kept in
 * {@code .doorstep/postgres}), a single-node Kafka broker (data in {@code .doorstep/kafka}) and
 * every packaged service as its own JVM. Prints the URLs, shows each event as it reaches Kafka,
 * and stops everything, services first, on Ctrl-C (SIGINT), on SIGTERM, or when the process that
 * started it (Maven) has ended.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * A service JVM on a developer's machine: a heap that starts small and grows only as needed, the
     * serial collector (one core's worth of work per service here), bounded class and code space, and
     * the C library's freed memory given back to the system every 10 s (D59: under load malloc held
     * 8–29 MB a service that it had freed) where the JDK has that option ({@link #trimsNativeHeap}).
     * With {@link #SERVICE_MALLOC_ARENAS}, a service's RSS under load is 250–340 MB, most of it classes
     * and compiled code (docs/benchmark.md). Services run on this process's JDK.
     */
    public static final List<String> SERVICE_JVM_OPTIONS = serviceJvmOptions(Runtime.version());

    /** The service JVM options for a JDK of version {@code jdk} (see {@link #SERVICE_JVM_OPTIONS}). */
    public static List<String> serviceJvmOptions(Runtime.Version jdk) {
        List<String> options = new java.util.ArrayList<>(List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=80m", "-Xss512k"));
        if (trimsNativeHeap(jdk)) {
            options.add("-XX:TrimNativeHeapInterval=10000");
        }
        return List.copyOf(options);
    }

    /**
     * Whether {@code -XX:TrimNativeHeapInterval} is a product option of this JDK (17.0.11 and later 17 updates, 21.0.1
     * and later, 22 on); an older JDK would refuse to start with it (17.0.9–17.0.10 have it only as experimental).
     */
    public static boolean trimsNativeHeap(Runtime.Version jdk) {
        return switch (jdk.feature()) {
            case 17 -> jdk.update() >= 11;
            case 18, 19, 20 -> false;
            case 21 -> jdk.update() >= 1;
            default -> jdk.feature() > 21;
        };
    }

    /**
     * glibc's {@code MALLOC_ARENA_MAX} for a service process (D59): two malloc arenas instead of one per
     * thread up to eight per core, so memory a thread frees is found again by the others rather than held
     * in an arena of its own.
     */
    public static final String SERVICE_MALLOC_ARENAS = "2";

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;

    /** Every service the stack knows, with its default port. A service that is not built is skipped. */
    public static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("intake", 8081);
        SERVICES.put("dispatch", 8082);
        SERVICES.put("billing", 8083);
        SERVICES.put("followup", 8084);
    }

    /**
     * @param root           the repository (services are found at {@code <name>-service/target/quarkus-app})
     * @param home           where data and logs go; kept between runs if the caller keeps it
     * @param ports          a port per service to start
     * @param eventTap       print each event as it reaches Kafka
     * @param tokenKeys      the folder of the token issuer the services trust ({@link LocalTokens}; made on first use)
     * @param serviceEnvironment more environment for every service process (e.g. a rate limit for a benchmark)
     */
    public record Options(Path root, Path home, int postgresPort, int kafkaPort, int kafkaControllerPort,
                          Map<String, Integer> ports, boolean eventTap, Path tokenKeys, Map<String, String> serviceEnvironment) {

        /** With the token issuer in {@code <home>/jwt} and no extra environment. */
        public Options(Path root, Path home, int postgresPort, int kafkaPort, int kafkaControllerPort,
                       Map<String, Integer> ports, boolean eventTap) {
            this(root, home, postgresPort, kafkaPort, kafkaControllerPort, ports, eventTap, home.resolve("jwt"), Map.of());
        }

        /**
         * The developer's stack: data in {@code <root>/.doorstep} and the default ports, unless the
         * environment says otherwise (Maven passes it on): {@code DOORSTEP_LOCAL_HOME},
         * {@code DOORSTEP_LOCAL_POSTGRES_PORT}, {@code DOORSTEP_LOCAL_KAFKA_PORT},
         * {@code DOORSTEP_LOCAL_KAFKA_CONTROLLER_PORT} and {@code DOORSTEP_LOCAL_<SERVICE>_PORT}
         * (e.g. {@code DOORSTEP_LOCAL_INTAKE_PORT=9081}).
         */
        public static Options developer(Path root) {
            Path home = Path.of(System.getenv().getOrDefault("DOORSTEP_LOCAL_HOME", root.resolve(".doorstep").toString()));
            Map<String, Integer> ports = new LinkedHashMap<>();
            SERVICES.forEach((name, port) -> ports.put(name, port(name, port)));
            return new Options(root, home.toAbsolutePath(), port("postgres", POSTGRES_PORT), port("kafka", KAFKA_PORT),
                    port("kafka_controller", KAFKA_CONTROLLER_PORT), ports, true);
        }

        private static int port(String name, int otherwise) {
            String value = System.getenv("DOORSTEP_LOCAL_" + name.toUpperCase(Locale.ROOT) + "_PORT");
            return value == null || value.isBlank() ? otherwise : Integer.parseInt(value.trim());
        }
    }

    private final Options options;
    // Synchronized: a test may start two instances at once, each from its own thread.
    private final Map<String, Integer> ports = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Process> services = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Long> readyMillis = new LinkedHashMap<>();
    private final HttpClient readiness = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** One paging-cursor key for this run, so a cursor is good at every replica of a service. */
    private final String cursorKey = randomKey();
    private PostgresServer postgres;
    private KafkaBrokerProcess kafka;
    /** The local token issuer: its key pair is generated into {@code tokenKeys} on first run and kept. */
    private LocalTokens tokens;
    private EventTap tap;
    private long infraMillis;
    /** Set by {@link #close()}; nothing starts after it. Guarded by {@code this}, as is every start and stop. */
    private boolean closed;

    private LocalStack(Options options) {
        this.options = options;
        this.ports.putAll(options.ports());
    }

    /**
     * Runs the developer's stack until it is stopped. SIGINT and SIGTERM both stop it the JVM's way
     * (its shutdown hook stops every child, then the JVM exits with 130 or 143, which the
     * {@code local} profile's exec execution counts as success); so does the end of the parent
     * process (Maven killed alone), which a signal to Maven's process only would otherwise leave
     * behind as a stack nobody can stop with Ctrl-C. Exits with 1 if the stack does not start.
     *
     * @param args the repository's root (default: the working directory)
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(Options.developer(root));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping Doorstep...");
            stack.close();
            say("Stopped. Data is kept in %s (delete it for a fresh start).", stack.options.home());
            stopped.countDown();
        }, "stop-local-stack"));
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            say("The process that started Doorstep (%d) has ended.", parent.pid());
            System.exit(0);
        }));
        try {
            long t0 = System.nanoTime();
            stack.startAll();
            stack.printSummary(t0);
        } catch (Exception e) {
            if (stack.isClosed()) {
                return; // stopped while starting: the shutdown hook is stopping what had started
            }
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    /** Starts PostgreSQL, Kafka and every built service, and waits until all are ready. */
    public static LocalStack start(Options options) throws Exception {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        Path logs = Files.createDirectories(options.home().resolve("logs"));
        tokens = LocalTokens.in(options.tokenKeys());
        synchronized (this) {
            ensureOpen();
            say("Starting PostgreSQL on 127.0.0.1:%d (data in %s)", options.postgresPort(), options.home().resolve("postgres"));
            postgres = PostgresServer.startEmbedded(options.home().resolve("postgres"), options.postgresPort());
        }
        synchronized (this) {
            ensureOpen();
            say("Starting Kafka on 127.0.0.1:%d (data in %s)", options.kafkaPort(), options.home().resolve("kafka"));
            kafka = KafkaBrokerProcess.start(options.home().resolve("kafka"), options.kafkaPort(), options.kafkaControllerPort(),
                    logs.resolve("kafka.log"), Duration.ofSeconds(90));
        }
        infraMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Map<String, Long> started = new LinkedHashMap<>();
        for (String name : options.ports().keySet()) {
            if (launch(name)) {
                started.put(name, System.nanoTime());
            }
        }
        for (var entry : started.entrySet()) {
            awaitReady(entry.getKey());
            readyMillis.put(entry.getKey(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - entry.getValue()));
        }
        if (options.eventTap()) {
            synchronized (this) {
                ensureOpen();
                tap = EventTap.start(kafka.bootstrapServers(), logs.resolve("events.log"));
            }
        }
    }

    /** A stop that comes while the stack starts (Ctrl-C during start-up) wins: nothing starts after it. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the local stack is stopping");
        }
    }

    /** Whether {@link #close()} has begun. */
    public synchronized boolean isClosed() {
        return closed;
    }

    private boolean launch(String name) throws IOException {
        return launch(name, name);
    }

    /** Starts one process of a service; {@code instance} names it (the service's name, or e.g. {@code dispatch-2}). */
    private synchronized boolean launch(String instance, String name) throws IOException {
        ensureOpen();
        Path jar = options.root().resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            return false;
        }
        String jdbcUrl = postgres.ensureDatabase(name);
        Path log = options.home().resolve("logs").resolve(instance + ".log");
        List<String> command = new java.util.ArrayList<>(List.of(java()));
        command.addAll(SERVICE_JVM_OPTIONS);
        // The build writes an AppCDS archive next to the jar: classes load pre-parsed. The archive names the
        // jar by its relative path, so the service runs in that directory.
        if (Files.exists(jar.resolveSibling("app-cds.jsa"))) {
            command.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        String jfr = System.getenv("DOORSTEP_JFR_DIR"); // profiling: a flight recording per process start, written at exit
        if (jfr != null && !jfr.isBlank()) {
            Files.createDirectories(Path.of(jfr));
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + Path.of(jfr).toAbsolutePath().resolve(instance + "-" + System.currentTimeMillis() + ".jfr"));
        }
        command.addAll(List.of("-jar", jar.getFileName().toString()));
        ProcessBuilder pb = new ProcessBuilder(doorstep.localinfra.Sessions.detached(command))
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(instance)));
        env.put("MALLOC_ARENA_MAX", SERVICE_MALLOC_ARENAS);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("DOORSTEP_PAGING_CURSOR_KEY", cursorKey);
        // Bearer tokens: the services trust the local issuer's key set (LocalTokens), never a default key.
        env.put("DOORSTEP_JWT_JWKS_URL", tokens.keySetUrl());
        env.put("DOORSTEP_JWT_ISSUER", LocalTokens.ISSUER);
        env.put("DOORSTEP_JWT_AUDIENCE", LocalTokens.AUDIENCE);
        // Personal data (D48): intake keeps the data keys; the others ask it with a service token of their own.
        if (!name.equals("intake")) {
            env.put("DOORSTEP_PERSONAL_DATA_CUSTODIAN", url("intake"));
            env.put("DOORSTEP_PERSONAL_DATA_CUSTODIAN_TOKEN",
                    tokens.mint(name + "-service", "doorstep-service", List.of("*"), Duration.ofDays(365)));
        }
        // Text logs, each line with its correlation id, order id and trace id (production logs JSON).
        env.put("DOORSTEP_LOG_JSON", "false");
        env.putAll(options.serviceEnvironment());
        // A development stack: clocks may be moved (PUT /api/v1/admin/clock) to reach deadlines. Never in production.
        env.put("DOORSTEP_CLOCK_CONTROLLABLE", "true");
        say("Starting %s-service on port %d (log in %s)", name, ports.get(instance), log);
        services.put(instance, pb.start());
        return true;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.HexFormat.of().formatHex(key);
    }

    /** The issuer whose tokens the stack's services trust. */
    public LocalTokens tokens() {
        return tokens;
    }

    public String url(String instance) {
        return "http://127.0.0.1:" + ports.get(instance);
    }

    /** Starts another process of a service (a second replica) on {@code port}. @return milliseconds to ready */
    public long startInstance(String instance, String service, int port) throws Exception {
        long t0 = System.nanoTime();
        ports.put(instance, port);
        if (!launch(instance, service)) {
            throw new IllegalStateException(service + "-service is not built");
        }
        awaitReady(instance);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** Stops the broker and starts it again on the same port and data, as after a broker outage. */
    public void restartBroker(Runnable whileDown) {
        kafka.close();
        whileDown.run();
        kafka = KafkaBrokerProcess.start(options.home().resolve("kafka"), options.kafkaPort(), options.kafkaControllerPort(),
                options.home().resolve("logs").resolve("kafka.log"), Duration.ofSeconds(90));
    }

    public long pid(String service) {
        return services.get(service).pid();
    }

    /** Stops a service: gracefully (SIGTERM), or as a crash would ({@code kill -9}). */
    public void stopService(String name, boolean crash) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = services.remove(name);
        }
        if (p == null) {
            return;
        }
        if (crash) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts a (stopped) service again and waits until it is ready. @return milliseconds to ready */
    public long startService(String name) throws Exception {
        long t0 = System.nanoTime();
        if (!launch(name)) {
            throw new IllegalStateException(name + "-service is not built");
        }
        awaitReady(name);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private synchronized void printSummary(long t0) {
        if (closed) {
            return;
        }
        say("");
        say("Doorstep is running (infrastructure %.1f s, everything %.1f s):", infraMillis / 1000.0, (System.nanoTime() - t0) / 1e9);
        for (var e : readyMillis.entrySet()) {
            int port = ports.get(e.getKey());
            System.out.println(String.format("  %-9s http://localhost:%d/api/v1   Swagger UI http://localhost:%d/q/swagger-ui   "
                    + "(ready in %.1f s, %d MB RSS)", e.getKey(), port, port, e.getValue() / 1000.0, rssMb(services.get(e.getKey()).pid())));
        }
        say("  PostgreSQL jdbc:postgresql://127.0.0.1:%d/<service>  user postgres", options.postgresPort());
        say("  Kafka      %s   topics doorstep.<service>.events", kafka.bootstrapServers());
        say("  Tokens     every call needs one; print one for a user, role and sites with");
        say("             ./mvnw -q -Ptoken -pl platform/local-infra -am process-classes -Drole=agent -Duser=agent-1 -Dsites=<site-id>|*");
        say("             (signed by the key in %s, which the services trust)", options.tokenKeys());
        say("Events are shown below as they reach Kafka (also in .doorstep/logs/events.log). Ctrl-C stops everything.");
        say("");
    }

    private void awaitReady(String name) throws Exception {
        Process process;
        synchronized (this) {
            process = services.get(name);
        }
        HttpClient http = readiness;
        URI ready = URI.create(url(name) + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + "-service exited; see its log in " + options.home().resolve("logs"));
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
            process.waitFor(50, TimeUnit.MILLISECONDS); // checks again every 50 ms: the start-up figure is this precise
        }
        throw new IllegalStateException(name + "-service was not ready within 120 s");
    }

    /**
     * Stops services first (their consumers leave their groups), then the broker, then the database.
     * Waits for a component that is being started; nothing starts afterwards.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (tap != null) {
            tap.close();
        }
        for (Process p : services.values()) {
            p.destroy(); // SIGTERM: Quarkus shuts down gracefully
        }
        for (Process p : services.values()) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
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

    static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }
}
