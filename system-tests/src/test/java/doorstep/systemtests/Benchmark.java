package doorstep.systemtests;

import static doorstep.testing.Http.as;
import static doorstep.systemtests.SystemStack.url;
import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import doorstep.local.LocalStack;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load over the running system and the measurements the benchmark report gives, with the raw
 * Kafka and PostgreSQL rates of the same machine in the same run as baselines (compare ratios:
 * the machine is noisy).
 */
final class Benchmark {

    /** A lifecycle: report, assign, accept, arrive, survey, start, complete, owner's acceptance, review, archive. */
    static final int COMMANDS_PER_LIFECYCLE = 10;

    record Result(int lifecycles, int users, double seconds, long commands, long failures, double commandsPerSecond,
                  long p50, long p95, long p99, long samples, Map<String, Double> replayEventsPerSecond,
                  Map<String, Long> readyMillis, Map<String, Long> rssMb, double kafkaRecordsPerSecond, double postgresInsertsPerSecond) {
    }

    private final LocalStack stack;
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    Benchmark(LocalStack stack) {
        this.stack = stack;
    }

    Result run(int lifecycles, int users) throws Exception {
        for (String s : SystemStack.SERVICES) { // real time for a benchmark
            given().delete(url(s) + "/api/v1/admin/clock").then().statusCode(200);
        }
        Doorstep d = new Doorstep();
        for (int i = 0; i < Math.max(users, lifecycles / 10); i++) { // warm-up, not measured
            lifecycle(d);
        }
        commands.set(0);
        failures.set(0);
        Instant from = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(users);
        Map<String, Long> rss = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            int each = Math.max(1, lifecycles / users);
            for (int u = 0; u < users; u++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        lifecycle(d);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.MINUTES);
                sampleRss(rss);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] latency = crossServiceLatency(from);
        Map<String, Double> replay = replaySpeeds();
        return new Result(lifecycles, users, seconds, commands.get(), failures.get(), commands.get() / seconds,
                latency[0], latency[1], latency[2], latency[3], replay, readyMillis(), rss, kafkaBaseline(), postgresBaseline());
    }

    private void lifecycle(Doorstep d) {
        String order = command(as("agent", "agent-7").body(Map.of("unitId", d.unit, "reporter",
                Map.of("name", "王", "phone", "13812345678"), "visitTime", "ASAP", "content", "基准测试")).post(url("intake") + "/api/v1/orders"))
                .path("id");
        String base = Doorstep.dispatch(order);
        // the reaction is asynchronous: wait for it without spinning a core
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> given().get(base).statusCode() == 200);
        command(as("agent", "agent-7").body(Map.of("technicianId", d.technician)).post(base + "/assignment"));
        command(d.tech(order, "acceptance", null).extract().response());
        command(d.tech(order, "arrival", null).extract().response());
        command(d.tech(order, "survey", Map.of("paid", false, "part", "PRIVATE")).extract().response());
        command(d.tech(order, "work-start", null).extract().response());
        command(d.tech(order, "completion", Map.of("result", "完成", "technicianSignatureRef", "sig")).extract().response());
        command(d.tech(order, "owner-acceptance", Map.of("signatureRef", "sig-owner", "rating", 5)).extract().response());
        command(as("team-leader", "leader-1").body(Map.of()).post(base + "/review"));
        command(as("agent", "agent-7").post(base + "/archive"));
    }

    private Response command(Response r) {
        commands.incrementAndGet();
        if (r.statusCode() >= 300) {
            failures.incrementAndGet();
        }
        return r;
    }

    /** Milliseconds from intake's commit to dispatch's commit of the reaction, from the stores' own (same-server) clock. */
    private long[] crossServiceLatency(Instant from) throws SQLException {
        Map<String, Instant> reported = new LinkedHashMap<>();
        try (Connection c = connect("intake"); PreparedStatement ps = c.prepareStatement(
                "select event_id, recorded_at from event_store where event_type = 'ProblemReported' and occurred_at >= ?")) {
            ps.setObject(1, java.sql.Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reported.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        List<Long> latencies = new ArrayList<>();
        try (Connection c = connect("dispatch"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select cast(causation_id as varchar), recorded_at from event_store where event_type = 'DispatchOpened'")) {
            while (rs.next()) {
                Instant committed = reported.get(rs.getString(1));
                if (committed != null) {
                    latencies.add(Duration.between(committed, rs.getTimestamp(2).toInstant()).toMillis());
                }
            }
        }
        Collections.sort(latencies);
        if (latencies.isEmpty()) {
            return new long[] {-1, -1, -1, 0};
        }
        return new long[] {percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies.size()};
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Rebuilds every read model of every service and reports events replayed per second. */
    private Map<String, Double> replaySpeeds() {
        Map<String, Double> speeds = new LinkedHashMap<>();
        for (String s : SystemStack.SERVICES) {
            List<String> projections = given().get(url(s) + "/api/v1/admin/projections").then().extract().path("projection");
            for (String p : projections) {
                as("admin", "ops-1").post(url(s) + "/api/v1/admin/projections/" + p + "/rebuild").then().statusCode(202);
                Map<String, Object> status;
                do {
                    status = given().get(url(s) + "/api/v1/admin/projections/" + p).then().extract().path("$");
                } while (!"SUCCEEDED".equals(status.get("state")) && !"FAILED".equals(status.get("state")));
                double ms = Duration.between(Instant.parse((String) status.get("startedAt")), Instant.parse((String) status.get("finishedAt"))).toMillis();
                speeds.put(s + "/" + p, ((Number) status.get("processed")).longValue() / Math.max(ms, 1) * 1000);
            }
        }
        return speeds;
    }

    private Map<String, Long> readyMillis() throws Exception {
        Map<String, Long> ready = new LinkedHashMap<>();
        for (String s : SystemStack.SERVICES) { // a restart of each, one at a time, under no load
            stack.stopService(s, false);
            ready.put(s, stack.startService(s));
        }
        return ready;
    }

    private void sampleRss(Map<String, Long> rss) {
        for (String s : SystemStack.SERVICES) {
            long mb = rssMb(stack.pid(s));
            rss.merge(s, mb, Math::max);
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

    /** Raw producer throughput to a fresh topic with the relay's settings (idempotent, acks=all), 1 KiB records. */
    private double kafkaBaseline() throws Exception {
        String topic = "bench-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        byte[] value = new byte[1024];
        int n = 50_000;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 2),
                new StringSerializer(), new ByteArraySerializer())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + (i % 1000), value));
            }
            producer.flush();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Raw single-row insert transactions into a JSONB table (what an append is at its core), one connection. */
    private double postgresBaseline() throws SQLException {
        try (Connection c = connect("intake"); Statement st = c.createStatement()) {
            st.execute("create temporary table bench (id bigserial primary key, payload jsonb not null)");
            int n = 5_000;
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("insert into bench (payload) values (cast(? as jsonb))")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, "{\"content\":\"基准测试\",\"n\":" + i + "}");
                    ps.executeUpdate();
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private Connection connect(String database) throws SQLException {
        var pg = stack.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }

    static String report(Result r, String title) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(", Java ")
                .append(System.getProperty("java.version")).append(". Everything on one machine: four service JVMs (-Xmx256m, SerialGC), ")
                .append("one Kafka broker JVM, PostgreSQL 17, and this load generator.\n\n");
        md.append("| measure | value |\n|---|---|\n");
        md.append(String.format("| complete lifecycles (10 commands each), concurrent users | %d, %d |%n", r.lifecycles(), r.users()));
        md.append(String.format("| commands, failed | %d, %d |%n", r.commands(), r.failures()));
        md.append(String.format("| commands per second (over %.1f s) | %.0f |%n", r.seconds(), r.commandsPerSecond()));
        md.append(String.format("| intake commit → dispatch's reaction committed, p50 / p95 / p99 (ms, %d orders) | %d / %d / %d |%n",
                r.samples(), r.p50(), r.p95(), r.p99()));
        r.replayEventsPerSecond().forEach((k, v) -> md.append(String.format("| rebuild %s (events/s) | %.0f |%n", k, v)));
        r.readyMillis().forEach((k, v) -> md.append(String.format("| %s start-up to ready (ms) | %d |%n", k, v)));
        r.rssMb().forEach((k, v) -> md.append(String.format("| %s RSS under load (MB) | %d |%n", k, v)));
        md.append(String.format("| baseline: raw Kafka producer, 1 KiB records, acks=all (records/s) | %.0f |%n", r.kafkaRecordsPerSecond()));
        md.append(String.format("| baseline: raw PostgreSQL single-row insert transactions, one connection (rows/s) | %.0f |%n", r.postgresInsertsPerSecond()));
        md.append(String.format("| ratio: Doorstep commands/s ÷ raw PostgreSQL inserts/s | %.2f |%n", r.commandsPerSecond() / r.postgresInsertsPerSecond()));
        return md.toString();
    }
}
