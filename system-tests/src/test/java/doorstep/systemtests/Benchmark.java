package doorstep.systemtests;

import static doorstep.testing.Http.as;
import static doorstep.systemtests.SystemStack.url;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
import java.util.function.IntFunction;
import java.util.concurrent.locks.LockSupport;

import doorstep.testing.Http;
import doorstep.local.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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

    /** Intake's commit of a report → dispatch's commit of the order it opened, in milliseconds. */
    record Latency(long p50, long p95, long p99, long samples) {
    }

    /** One closed-loop run: commands per second and CPU milliseconds per command by process. */
    record Repeat(double commandsPerSecond, Map<String, Double> cpuMillisPerCommand) {

        /** The four services' CPU per command together (ms). */
        double servicesCpu() {
            return SystemStack.SERVICES.stream().mapToDouble(s -> cpuMillisPerCommand.getOrDefault(s, 0.0)).sum();
        }
    }

    /** The second dispatch replica's instance name. */
    static final String SECOND_DISPATCH = "dispatch-2";

    /**
     * The closed loop again with two dispatch replicas.
     *
     * @param ratio commands/s with two replicas over commands/s with one in the last closed loop of the same run
     */
    record ScaleOut(long secondReplicaReadyMillis, long commands, long failures, double commandsPerSecond, double ratio,
                    Latency latency, Map<String, Double> cpuMillisPerCommand) {
    }

    record Result(int lifecycles, int users, double seconds, long commands, long failures, double commandsPerSecond,
                  Latency atFullLoad, double halfLoadCommandsPerSecond, Latency atHalfLoad,
                  Map<String, Long> readyMillis, Map<String, Long> rssMb, Map<String, Double> cpuMillisPerCommand,
                  double kafkaRecordsPerSecond, double postgresInsertsPerSecond,
                  BenchmarkHistory.Rebuilds history, BenchmarkHistory.BigStore bigStore, ScaleOut scaleOut,
                  LongStreamProbe.Result longStream, List<Repeat> repeats) {
    }

    /** Events each service's store is grown to before the rebuilds are measured (D57). */
    static final long SEED_EVENTS = Long.getLong("doorstep.benchmark.seedEvents", 3_000);
    /** Events dispatch's store is grown to before the load is run again (D57). */
    static final long BIG_STORE_EVENTS = Long.getLong("doorstep.benchmark.bigStoreEvents", 6_000);

    private final LocalStack stack;
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final LoadClient load = new LoadClient();

    private final int longStreamEntries;
    private final int closedLoopRuns;

    /**
     * @param longStreamEntries tracking entries given to the long coordination order before its commands are timed
     * @param closedLoopRuns    how many times the closed loop runs back to back (the first is the one reported in full)
     */
    Benchmark(LocalStack stack, int longStreamEntries, int closedLoopRuns) {
        this.stack = stack;
        this.longStreamEntries = longStreamEntries;
        this.closedLoopRuns = Math.max(1, closedLoopRuns);
    }

    Result run(int lifecycles, int users) throws Exception {
        for (String s : SystemStack.SERVICES) { // real time for a benchmark
            Http.admin().delete(url(s) + "/api/v1/admin/clock").then().statusCode(200);
        }
        Doorstep d = new Doorstep();
        for (int i = 0; i < Math.max(users, lifecycles / 10); i++) { // warm-up, not measured
            lifecycle(d, url("dispatch"));
        }
        commands.set(0);
        failures.set(0);
        Instant from = Instant.now();
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, Long> cpuBefore = cpuTicks(SystemStack.SERVICES);
        double seconds = closedLoop(d, lifecycles, users, u -> url("dispatch"), rss);
        long measured = commands.get();
        Map<String, Double> cpu = cpuMillisPerCommand(cpuBefore, cpuTicks(SystemStack.SERVICES), measured);
        long failed = failures.get();
        Latency atFullLoad = crossServiceLatency(from);
        awaitQuiet();
        List<Repeat> repeats = new ArrayList<>();
        repeats.add(new Repeat(measured / seconds, cpu));
        for (int i = 1; i < closedLoopRuns; i++) { // the same closed loop again: the run-to-run spread of this machine
            commands.set(0);
            failures.set(0);
            Map<String, Long> before = cpuTicks(SystemStack.SERVICES);
            double s = closedLoop(d, lifecycles, users, u -> url("dispatch"), rss);
            repeats.add(new Repeat(commands.get() / s, cpuMillisPerCommand(before, cpuTicks(SystemStack.SERVICES), commands.get())));
            failed += failures.get();
            awaitQuiet();
        }

        // Latency at half the measured throughput: lifecycles started on a fixed schedule (open loop).
        double halfRate = measured / seconds / 2;
        commands.set(0);
        failures.set(0);
        Instant halfFrom = Instant.now();
        double halfSeconds = paced(d, Math.max(1, lifecycles / 2), halfRate / COMMANDS_PER_LIFECYCLE);
        double halfLoad = commands.get() / halfSeconds;
        failed += failures.get();
        Latency atHalfLoad = crossServiceLatency(halfFrom);

        awaitQuiet();
        // Later phases are compared with the last closed loop of the same load: the JVMs are warmest then, as later.
        double reference = repeats.get(repeats.size() - 1).commandsPerSecond();
        ScaleOut scaleOut = scaleOut(d, lifecycles, users, reference);
        failed += scaleOut.failures();

        awaitQuiet(); // rebuilds are measured alone, not against the consumers' backlog
        BenchmarkHistory history = new BenchmarkHistory();
        BenchmarkHistory.Rebuilds rebuilds = history.rebuilds(SEED_EVENTS);
        BenchmarkHistory.BigStore big = history.bigStore(List.of("dispatch"), BIG_STORE_EVENTS, () -> {
            commands.set(0);
            failures.set(0);
            double s = closedLoop(d, lifecycles, users, u -> url("dispatch"), new LinkedHashMap<>());
            return new double[] {commands.get() / s, failures.get()};
        }, reference);
        awaitQuiet();
        LongStreamProbe.Result longStream = new LongStreamProbe(load).measure(longStreamEntries, Math.max(20, Math.min(200, longStreamEntries / 10)));
        awaitQuiet();
        double kafkaBaseline = kafkaBaseline(); // the baselines before the restarts: not against JVMs warming up
        double postgresBaseline = postgresBaseline();
        Map<String, Long> ready = readyMillis(); // last: the restarts leave cold JVMs, and every loop above compares warm ones
        return new Result(lifecycles, users, seconds, measured, failed, measured / seconds, atFullLoad, halfLoad, atHalfLoad,
                ready, rss, cpu, kafkaBaseline, postgresBaseline, rebuilds, big, scaleOut, longStream, repeats);
    }

    /**
     * Runs {@code lifecycles} complete lifecycles, {@code users} at a time, each user's back to back,
     * sampling every process's RSS into {@code rss}; returns the seconds taken.
     *
     * @param dispatchRoot the dispatch instance a user sends its dispatch commands to, by user number
     */
    private double closedLoop(Doorstep d, int lifecycles, int users, IntFunction<String> dispatchRoot, Map<String, Long> rss)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            int each = Math.max(1, lifecycles / users);
            for (int u = 0; u < users; u++) {
                String root = dispatchRoot.apply(u);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        lifecycle(d, root);
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
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The same closed loop with a second dispatch-service replica on the same machine, half of the
     * users sending their dispatch commands to each; intake's events are shared between the two by
     * the consumer group. The second replica is stopped afterwards.
     */
    private ScaleOut scaleOut(Doorstep d, int lifecycles, int users, double oneReplicaRate) throws Exception {
        long ready = stack.startInstance(SECOND_DISPATCH, "dispatch", SystemStack.freePort());
        try {
            awaitBothDispatchReplicasConsume();
            commands.set(0);
            failures.set(0);
            List<String> instances = new ArrayList<>(SystemStack.SERVICES);
            instances.add(SECOND_DISPATCH);
            Instant from = Instant.now();
            Map<String, Long> cpuBefore = cpuTicks(instances);
            double seconds = closedLoop(d, lifecycles, users, u -> u % 2 == 0 ? url("dispatch") : stack.url(SECOND_DISPATCH),
                    new LinkedHashMap<>());
            long measured = commands.get();
            Map<String, Double> cpu = cpuMillisPerCommand(cpuBefore, cpuTicks(instances), measured);
            Latency latency = crossServiceLatency(from);
            double rate = measured / seconds;
            return new ScaleOut(ready, measured, failures.get(), rate, rate / oneReplicaRate, latency, cpu);
        } finally {
            stack.stopService(SECOND_DISPATCH, false);
            awaitQuiet();
        }
    }

    private void awaitBothDispatchReplicasConsume() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            while (admin.describeConsumerGroups(List.of("dispatch-service.intake-events")).all().get(30, TimeUnit.SECONDS)
                    .get("dispatch-service.intake-events").members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).count() < 2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the second dispatch replica took no partition of intake's events within 120 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // waits for the group to rebalance
            }
        }
    }

    /** Starts {@code n} lifecycles at {@code perSecond}, each on its own thread from a pool; returns the seconds taken. */
    private double paced(Doorstep d, int n, double perSecond) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        long interval = (long) (1e9 / perSecond);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long due = t0 + i * interval;
                for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                    LockSupport.parkNanos(due - now); // the load's own schedule
                }
                work.add(pool.submit(() -> {
                    lifecycle(d, url("dispatch"));
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** @param dispatchRoot the dispatch instance's base URL, e.g. {@code http://127.0.0.1:8081} */
    private void lifecycle(Doorstep d, String dispatchRoot) {
        String order = command(load.post(url("intake") + "/api/v1/orders", "agent", "agent-7", Map.of("unitId", d.unit, "reporter",
                Map.of("name", "王", "phone", "13812345678"), "visitTime", "ASAP", "content", "基准测试")))
                .body().path("id").asText();
        String base = dispatchRoot + "/api/v1/dispatches/" + order;
        awaitOpened(base);
        command(load.post(base + "/assignment", "agent", "agent-7", Map.of("technicianId", d.technician)));
        String tech = d.technician;
        command(load.post(base + "/acceptance", "technician", tech, null));
        command(load.post(base + "/arrival", "technician", tech, null));
        command(load.post(base + "/survey", "technician", tech, Map.of("paid", false, "part", "PRIVATE")));
        command(load.post(base + "/work-start", "technician", tech, null));
        command(load.post(base + "/completion", "technician", tech, Map.of("result", "完成", "technicianSignatureRef", "sig", "checks", Doorstep.ALL_CHECKS)));
        command(load.post(base + "/owner-acceptance", "technician", tech, Map.of("signatureRef", "sig-owner", "rating", 5)));
        command(load.post(base + "/review", "team-leader", "leader-1", Map.of()));
        command(load.post(base + "/archive", "agent", "agent-7", null));
    }

    /**
     * Dispatch opens the order when intake's event reaches it: what a front end does, poll with a
     * growing interval (the latency figure comes from the stores, not from this loop).
     */
    private void awaitOpened(String dispatchUrl) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long pause = 5;
        while (load.status(dispatchUrl) != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(dispatchUrl + " did not open within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause)); // waits for another process, not for time
            pause = Math.min(pause * 2, 40);
        }
    }

    private LoadClient.Reply command(LoadClient.Reply r) {
        commands.incrementAndGet();
        if (r.status() >= 300) {
            failures.incrementAndGet();
        }
        return r;
    }

    /** Milliseconds from intake's commit to dispatch's commit of the reaction, from the stores' own (same-server) clock. */
    private Latency crossServiceLatency(Instant from) throws SQLException {
        Map<String, Instant> reported = new LinkedHashMap<>();
        try (Connection c = SystemStack.database("intake"); PreparedStatement ps = c.prepareStatement(
                "select event_id, recorded_at from event_store where event_type = 'ProblemReported' and occurred_at >= ?")) {
            ps.setObject(1, java.sql.Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reported.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        List<Long> latencies = new ArrayList<>();
        try (Connection c = SystemStack.database("dispatch"); Statement st = c.createStatement();
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
            return new Latency(-1, -1, -1, 0);
        }
        return new Latency(percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies.size());
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Waits until every event is published and every consumer group has read to the end of its topics. */
    private void awaitQuiet() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            while (unpublished() + lag(admin) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the system did not catch up within 5 minutes");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private long unpublished() throws SQLException {
        long n = 0;
        for (String s : SystemStack.SERVICES) {
            try (Connection c = SystemStack.database(s); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from event_store where published_at is null")) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    private static long lag(Admin admin) throws Exception {
        long lag = 0;
        for (var group : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (var e : committed.entrySet()) {
                long at = e.getValue() == null ? 0 : e.getValue().offset();
                lag += Math.max(0, ends.get(e.getKey()).offset() - at);
            }
        }
        return lag;
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

    /** CPU time used so far (Linux clock ticks, 1/100 s) by each service instance, by this load generator, and by the whole machine. */
    private Map<String, Long> cpuTicks(List<String> instances) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String s : instances) {
            ticks.put(s, processTicks(Path.of("/proc/" + stack.pid(s) + "/stat")));
        }
        ticks.put("load generator", processTicks(Path.of("/proc/self/stat")));
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) { // user, nice, system, irq, softirq (not idle, iowait, steal, guest)
                busy += Long.parseLong(cpu[i]);
            }
            ticks.put("machine", busy);
        } catch (IOException | RuntimeException e) {
            ticks.put("machine", -1L); // not Linux
        }
        return ticks;
    }

    private static long processTicks(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" "); // after the command name
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Milliseconds of CPU per command, per process; "broker, PostgreSQL, rest" is the machine's remainder. */
    private static Map<String, Double> cpuMillisPerCommand(Map<String, Long> before, Map<String, Long> after, long commands) {
        Map<String, Double> perCommand = new LinkedHashMap<>();
        long accounted = 0;
        for (String key : before.keySet()) {
            long used = after.get(key) - before.get(key);
            if (!key.equals("machine")) {
                accounted += used;
                perCommand.put(key, used * 10.0 / commands);
            }
        }
        long machine = after.get("machine") - before.get("machine");
        perCommand.put("broker, PostgreSQL, rest", (machine - accounted) * 10.0 / commands);
        perCommand.put("whole machine", machine * 10.0 / commands);
        return perCommand;
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
        try (Connection c = SystemStack.database("intake"); Statement st = c.createStatement()) {
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


    static String report(Result r, String title) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(", Java ")
                .append(System.getProperty("java.version")).append(". Everything on one machine: four service JVMs (")
                .append(String.join(" ", LocalStack.SERVICE_JVM_OPTIONS)).append(", MALLOC_ARENA_MAX=")
                .append(LocalStack.SERVICE_MALLOC_ARENAS).append(", AppCDS), ")
                .append("one Kafka broker JVM, PostgreSQL 17, and this load generator.\n\n");
        md.append("| measure | value |\n|---|---|\n");
        md.append(String.format("| complete lifecycles (10 commands each), concurrent users | %d, %d |%n", r.lifecycles(), r.users()));
        md.append(String.format("| commands, failed | %d, %d |%n", r.commands(), r.failures()));
        md.append(String.format("| commands per second (over %.1f s) | %.0f |%n", r.seconds(), r.commandsPerSecond()));
        md.append(String.format("| intake commit → dispatch's reaction committed at full load, p50 / p95 / p99 (ms, %d orders) | %d / %d / %d |%n",
                r.atFullLoad().samples(), r.atFullLoad().p50(), r.atFullLoad().p95(), r.atFullLoad().p99()));
        md.append(String.format("| the same at half load (%.0f commands/s, paced), p50 / p95 / p99 (ms, %d orders) | %d / %d / %d |%n",
                r.halfLoadCommandsPerSecond(), r.atHalfLoad().samples(), r.atHalfLoad().p50(), r.atHalfLoad().p95(), r.atHalfLoad().p99()));
        md.append(String.format("| closed loop run %d times back to back: commands per second | %s |%n", r.repeats().size(),
                String.join(" / ", r.repeats().stream().map(x -> String.format("%.0f", x.commandsPerSecond())).toList())));
        md.append(String.format("| the same runs: the four services' CPU per command (ms) | %s |%n",
                String.join(" / ", r.repeats().stream().map(x -> String.format("%.1f", x.servicesCpu())).toList())));
        md.append(String.format("| the same runs: whole machine's CPU per command (ms) | %s |%n",
                String.join(" / ", r.repeats().stream().map(x -> String.format("%.1f", x.cpuMillisPerCommand().get("whole machine"))).toList())));
        r.readyMillis().forEach((k, v) -> md.append(String.format("| %s start-up to ready (ms) | %d |%n", k, v)));
        r.rssMb().forEach((k, v) -> md.append(String.format("| %s RSS under load (MB) | %d |%n", k, v)));
        r.cpuMillisPerCommand().forEach((k, v) -> md.append(String.format("| CPU per command at full load: %s (ms) | %.1f |%n", k, v)));
        ScaleOut so = r.scaleOut();
        md.append(String.format("| two dispatch replicas: commands per second, ÷ one replica (last closed loop) | %.0f, %.2f |%n",
                so.commandsPerSecond(), so.ratio()));
        md.append(String.format("| two dispatch replicas: intake commit → dispatch's reaction, p50 / p95 / p99 (ms, %d orders) | %d / %d / %d |%n",
                so.latency().samples(), so.latency().p50(), so.latency().p95(), so.latency().p99()));
        md.append(String.format("| two dispatch replicas: second replica start-up to ready (ms) | %d |%n", so.secondReplicaReadyMillis()));
        so.cpuMillisPerCommand().forEach((k, v) -> md.append(String.format("| CPU per command with two dispatch replicas: %s (ms) | %.1f |%n", k, v)));
        LongStreamProbe.Result ls = r.longStream();
        md.append(String.format("| tracking entry on a coordination order of %d events vs a new one, p50 / p95 (ms, %d each) | %.1f / %.1f vs %.1f / %.1f |%n",
                ls.longStreamEvents(), ls.samples(), ls.longP50() / 1000.0, ls.longP95() / 1000.0, ls.newP50() / 1000.0, ls.newP95() / 1000.0));
        md.append(String.format("| ratio: long stream ÷ new stream, median command latency | %.2f |%n", ls.ratio()));
        md.append(String.format("| baseline: raw Kafka producer, 1 KiB records, acks=all (records/s) | %.0f |%n", r.kafkaRecordsPerSecond()));
        md.append(String.format("| baseline: raw PostgreSQL single-row insert transactions, one connection (rows/s) | %.0f |%n", r.postgresInsertsPerSecond()));
        md.append(String.format("| ratio: raw PostgreSQL inserts/s ÷ Doorstep commands/s | %.0f |%n", r.postgresInsertsPerSecond() / r.commandsPerSecond()));
        md.append(BenchmarkHistory.report(r.history(), r.bigStore()));
        return md.toString();
    }
}
