package doorstep.systemtests;

import static doorstep.systemtests.Doorstep.EVENTUALLY;
import static doorstep.systemtests.Doorstep.count;
import static doorstep.systemtests.Doorstep.dispatch;
import static doorstep.systemtests.Doorstep.timeline;
import static doorstep.testing.Http.as;
import static doorstep.systemtests.SystemStack.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import doorstep.testing.Http;
import doorstep.local.LocalStack;
import doorstep.testing.KafkaTopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults, each judged by: no acknowledged command lost, no event applied twice, read models
 * converging; and after all of them, every read model rebuilt from scratch equals the live one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    static LocalStack stack;
    static final List<String> sites = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void systemRuns() {
        stack = SystemStack.get();
    }

    /** Reports orders one after another; returns those the service acknowledged (201). */
    private static List<String> reportMany(Doorstep d, int n) {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = report(d, UUID.randomUUID().toString(), "负载 " + i);
            if (id != null) {
                acknowledged.add(id);
            }
        }
        return acknowledged;
    }

    /** One report with an Idempotency-Key, as a desk application sends it. @return the order id, or null if not acknowledged */
    private static String report(Doorstep d, String key, String content) {
        try {
            var r = as("agent", "agent-7").header("Idempotency-Key", key)
                    .body(Map.of("unitId", d.unit, "reporter", Map.of("name", "王", "phone", "13812345678"), "visitTime", "ASAP",
                            "content", content)).post(url("intake") + "/api/v1/orders");
            return r.statusCode() == 201 ? r.path("id") : null;
        } catch (Exception e) { // RestAssured also throws checked I/O exceptions: the service is down
            return null;
        }
    }

    private static void awaitOpenedOnce(List<String> orders) {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (String o : orders) {
                assertThat(Http.admin().get(dispatch(o)).statusCode()).as(o).isEqualTo(200);
            }
        });
        for (String o : orders) {
            assertThat(count(timeline("dispatch", "/api/v1/dispatches/" + o + "/timeline"), "DispatchOpened")).as(o).isEqualTo(1);
        }
    }

    @Test
    @Order(1)
    void servicesKilledUnderLoadLoseNoAcknowledgedCommandAndApplyNothingTwice() throws Exception {
        SystemStack.freshDay();
        Doorstep d = new Doorstep();
        sites.add(d.site);
        ExecutorService load = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.CountDownLatch firstAcks = new java.util.concurrent.CountDownLatch(5);
            Future<List<String>> reports = load.submit(() -> {
                List<String> acked = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String id = report(d, UUID.randomUUID().toString(), "负载 " + i);
                    if (id != null) {
                        acked.add(id);
                        firstAcks.countDown();
                    }
                }
                return acked;
            });
            assertThat(firstAcks.await(60, TimeUnit.SECONDS)).isTrue();
            stack.stopService("dispatch", true);   // kill -9 while intake publishes
            long dispatchReady = stack.startService("dispatch");
            List<String> first = reports.get(120, TimeUnit.SECONDS);

            // kill -9 of the service taking the commands: the desk retries what was not acknowledged, with the same key
            Map<String, String> attempts = Collections.synchronizedMap(new java.util.LinkedHashMap<>());
            java.util.concurrent.CountDownLatch acks = new java.util.concurrent.CountDownLatch(10);
            Future<?> more = load.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    String key = UUID.randomUUID().toString();
                    String id = report(d, key, "重试 " + i);
                    attempts.put(key, id);
                    if (id != null) {
                        acks.countDown();
                    }
                }
            });
            assertThat(acks.await(60, TimeUnit.SECONDS)).isTrue();
            stack.stopService("intake", true);
            long intakeReady = stack.startService("intake");
            more.get(120, TimeUnit.SECONDS);
            long unacknowledged = attempts.values().stream().filter(java.util.Objects::isNull).count();
            for (var attempt : attempts.entrySet()) {
                if (attempt.getValue() == null) {
                    attempt.setValue(report(d, attempt.getKey(), "重试"));
                }
            }
            assertThat(attempts.values()).doesNotContainNull().doesNotHaveDuplicates();
            List<String> second = new ArrayList<>(attempts.values());

            List<String> acknowledged = new ArrayList<>(first);
            acknowledged.addAll(second);
            // exactly one order per acknowledged report and per key: nothing lost, nothing created twice
            List<String> listed = Http.admin().queryParam("siteId", d.site).queryParam("limit", 100).get(url("intake") + "/api/v1/orders")
                    .then().statusCode(200).extract().path("items.id");
            assertThat(listed).containsExactlyInAnyOrderElementsOf(acknowledged);
            System.out.printf("kill -9 of intake: %d reports were not acknowledged and retried with their key%n", unacknowledged);
            for (String o : acknowledged) {
                Http.admin().get(url("intake") + "/api/v1/orders/" + o).then().statusCode(200);
            }
            awaitOpenedOnce(acknowledged);
            System.out.printf("kill -9: %d acknowledged orders all opened once; dispatch back in %d ms, intake in %d ms%n",
                    acknowledged.size(), dispatchReady, intakeReady);
        } finally {
            load.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void aBrokerOutageUnderLoadLosesNothing() {
        SystemStack.freshDay();
        Doorstep d = new Doorstep();
        sites.add(d.site);
        List<String> duringOutage = new ArrayList<>();
        stack.restartBroker(() -> duringOutage.addAll(reportMany(d, 10))); // intake keeps accepting: the events wait in its store
        assertThat(duringOutage).hasSize(10);
        duringOutage.addAll(reportMany(d, 5));
        awaitOpenedOnce(duringOutage);
    }

    @Test
    @Order(3)
    void aRelayKilledBetweenSendAndMarkRepublishesAndConsumersApplyEachEventOnce() throws Exception {
        SystemStack.freshDay();
        Doorstep d = new Doorstep();
        sites.add(d.site);
        List<String> orders = new ArrayList<>();
        long sentBeforeKill;
        try (java.sql.Connection holder = SystemStack.database("intake"); java.sql.Connection observer = SystemStack.database("intake")) {
            holder.setAutoCommit(false); // observer stays in autocommit: server activity is read fresh by each statement
            stack.restartBroker(() -> {
                orders.addAll(reportMany(d, 12)); // stored, not yet published: the broker is down
                try (var st = holder.createStatement()) {
                    // Hold the rows: the relay can read and send them, but its "mark published" waits.
                    st.executeQuery("select global_position from event_store where published_at is null for update").close();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(orders).hasSize(12);
            // The relay has sent (the broker acknowledged) and now waits to mark: exactly between send and mark.
            await().atMost(EVENTUALLY).until(() -> relayMarkIsWaiting(observer) && problemsReportedOnKafka(orders) > 0);
            sentBeforeKill = problemsReportedOnKafka(orders);
            stack.stopService("intake", true); // kill -9 between send and mark
            try (var st = observer.createStatement()) {
                // A dead client's waiting statement would still run once the lock is free; drop it, as the server's own check would.
                st.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity "
                        + "where datname = 'intake' and query like 'update event_store set published_at%'").close();
            }
            holder.rollback();
        }
        stack.startService("intake");
        // The new relay sends every unmarked event, the ones sent before the kill again; dispatch applies each once.
        long republished = sentBeforeKill;
        await().atMost(EVENTUALLY).until(() -> problemsReportedOnKafka(orders) >= orders.size() + republished);
        awaitOpenedOnce(orders);
        System.out.printf("relay killed between send and mark: %d event(s) sent but not marked were sent again, applied once%n", republished);
    }

    private static boolean relayMarkIsWaiting(java.sql.Connection c) throws java.sql.SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("select count(*) from pg_stat_activity where datname = 'intake' "
                + "and wait_event_type = 'Lock' and query like 'update event_store set published_at%'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** How many ProblemReported records for these orders are on intake's topic (a republished event counts twice). */
    private static long problemsReportedOnKafka(List<String> orders) {
        return KafkaTopicReader.readAll(stack.kafkaBootstrapServers(), "doorstep.intake.events").stream()
                .filter(r -> orders.contains(r.key()))
                .filter(r -> r.headers().lastHeader("ce_type") != null
                        && new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8).startsWith("doorstep.intake.ProblemReported."))
                .count();
    }

    @Test
    @Order(4)
    void aPoisonMessageOnEachTopicIsDeadLetteredAndConsumptionGoesOn() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        Map<String, List<String>> deadLetterTopics = Map.of(
                "doorstep.intake.events", List.of("doorstep.intake.events.dispatch-service.dlq"),
                "doorstep.dispatch.events", List.of("doorstep.dispatch.events.intake-service.dlq",
                        "doorstep.dispatch.events.billing-service.dlq", "doorstep.dispatch.events.followup-service.dlq"),
                "doorstep.billing.events", List.of("doorstep.billing.events.dispatch-service.dlq"),
                "doorstep.followup.events", List.of("doorstep.followup.events.intake-service.dlq"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : deadLetterTopics.keySet()) {
                producer.send(new ProducerRecord<>(topic, poisonKey, "这不是一个事件".getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        SystemStack.freshDay();
        Doorstep d = new Doorstep();
        sites.add(d.site);
        String order = d.reportAndAssign("毒消息之后");   // intake → dispatch → intake still flow
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("intake") + "/api/v1/orders/" + order).then()
                .body("status", equalTo("DISPATCHED")));
        for (var dlqs : deadLetterTopics.values()) {
            for (String dlq : dlqs) {
                await().atMost(EVENTUALLY).until(() -> KafkaTopicReader.readAll(stack.kafkaBootstrapServers(), dlq).stream()
                        .anyMatch(r -> poisonKey.equals(r.key())));
            }
        }
    }

    @Test
    @Order(5)
    void twoInstancesOfDispatchShareTheWorkAndFireEachDeadlineOnce() throws Exception {
        Instant t0 = SystemStack.freshDay();
        Doorstep d = new Doorstep();
        sites.add(d.site);
        int port = SystemStack.freePort();
        ExecutorService load = Executors.newSingleThreadExecutor();
        List<String> orders;
        try {
            Future<List<String>> reports = load.submit(() -> reportMany(d, 20));
            stack.startInstance("dispatch-2", "dispatch", port); // a consumer rebalance in the middle of the stream
            orders = reports.get(120, TimeUnit.SECONDS);
        } finally {
            load.shutdownNow();
        }
        awaitOpenedOnce(orders);
        SystemStack.setClocks(t0, "dispatch-2");
        for (int i = 0; i < orders.size(); i++) { // assignments through either instance
            String base = i % 2 == 0 ? url("dispatch") : stack.url("dispatch-2");
            as("agent", "agent-7").body(Map.of("technicianId", d.technician)).post(base + "/api/v1/dispatches/" + orders.get(i) + "/assignment")
                    .then().statusCode(200);
        }
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(16)), "dispatch-2"); // both schedulers see every deadline due
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (String o : orders) {
                assertThat(count(timeline("dispatch", "/api/v1/dispatches/" + o + "/timeline"), "ArrivalOverdue")).as(o).isEqualTo(1);
            }
        });
        stack.stopService("dispatch-2", false);
    }

    /**
     * A rolling restart: dispatch is stopped while intake takes reports, two dispatch instances start on the backlog,
     * and one of them gets SIGTERM 2 s after it is ready. Shutting down must neither dead-letter nor lose nor repeat
     * anything: the stopping instance finishes or leaves uncommitted what it holds, and the survivor takes the rest.
     */
    @Test
    @Order(6)
    void aReplicaStoppedMidBacklogDeadLettersNothingAndTheSurvivorOpensEveryOrderOnce() throws Exception {
        SystemStack.freshDay();
        Doorstep d = new Doorstep();
        sites.add(d.site);
        List<String> deadLetterTopics = List.of("doorstep.intake.events.dispatch-service.dlq", "doorstep.billing.events.dispatch-service.dlq");
        Map<String, Integer> deadLetteredBefore = new java.util.HashMap<>();
        deadLetterTopics.forEach(t -> deadLetteredBefore.put(t, KafkaTopicReader.readAll(stack.kafkaBootstrapServers(), t).size()));

        stack.stopService("dispatch", false);
        List<String> orders = reportInParallel(d, BACKLOG, 4);
        assertThat(orders).hasSize(BACKLOG);
        await().atMost(EVENTUALLY).until(() -> problemsReportedOnKafka(orders) >= BACKLOG); // the backlog waits on Kafka

        ExecutorService starter = Executors.newSingleThreadExecutor();
        ScheduledExecutorService liveness = Executors.newSingleThreadScheduledExecutor();
        List<String> livenessFailures = Collections.synchronizedList(new ArrayList<>());
        long exitMillis;
        int openedAtSigterm;
        try {
            Future<Long> second = starter.submit(() -> stack.startInstance("dispatch-2", "dispatch", SystemStack.freePort()));
            stack.startService("dispatch");
            liveness.scheduleAtFixedRate(() -> livenessFailures.addAll(live(url("dispatch"))), 0, 100, TimeUnit.MILLISECONDS);
            second.get(120, TimeUnit.SECONDS);
            // SIGTERM 2 s after it is ready, once both instances share intake's partitions
            await().pollDelay(Duration.ofSeconds(2)).atMost(EVENTUALLY).until(() -> intakeConsumersOfDispatch() == 2);
            openedAtSigterm = openedCount(orders).size();
            assertThat(openedAtSigterm).as("orders opened when SIGTERM is sent: the backlog must not be done yet").isLessThan(BACKLOG);
            long sigterm = System.nanoTime();
            stack.stopService("dispatch-2", false);
            exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);

            // every record of the backlog committed by the group: applied, or dead-lettered
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> intakeLagOfDispatch() == 0);
        } finally {
            liveness.shutdownNow();
            starter.shutdownNow();
        }
        Map<String, Integer> deadLettered = new java.util.TreeMap<>();
        deadLetterTopics.forEach(t -> deadLettered.put(t, KafkaTopicReader.readAll(stack.kafkaBootstrapServers(), t).size() - deadLetteredBefore.get(t)));
        System.out.printf("SIGTERM mid-backlog (%d of %d orders opened): dispatch-2 exited after %d ms; dead-lettered meanwhile: %s; "
                + "survivor's liveness failures: %d%n", openedAtSigterm, BACKLOG, exitMillis, deadLettered, livenessFailures.size());
        assertThat(deadLettered).as("records dead-lettered by dispatch during the restart").allSatisfy((t, n) -> assertThat(n).as(t).isZero());
        assertThat(openedCount(orders)).as("DispatchOpened per order").hasSize(BACKLOG).allSatisfy((o, n) -> assertThat(n).as(o).isEqualTo(1));
        assertThat(livenessFailures).as("the survivor's /q/health/live").isEmpty();
        assertThat(exitMillis).as("time from SIGTERM to exit").isLessThan(30_000);
    }

    /** Orders reported for the rolling-restart test: enough for a backlog that outlasts the stopped instance's first seconds. */
    static final int BACKLOG = 1000;

    /** Reports {@code n} orders from {@code threads} desks at once; every one must be acknowledged. */
    private static List<String> reportInParallel(Doorstep d, int n, int threads) throws Exception {
        ExecutorService desks = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> reports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String content = "积压 " + i;
                reports.add(desks.submit(() -> report(d, UUID.randomUUID().toString(), content)));
            }
            List<String> orders = new ArrayList<>();
            for (Future<String> r : reports) {
                String id = r.get(120, TimeUnit.SECONDS);
                if (id != null) {
                    orders.add(id);
                }
            }
            return orders;
        } finally {
            desks.shutdownNow();
        }
    }

    /** One liveness probe, as Kubernetes sends it. @return what went wrong, or nothing */
    private static List<String> live(String base) {
        try {
            int status = io.restassured.RestAssured.given().get(base + "/q/health/live").statusCode();
            return status == 200 ? List.of() : List.of(Instant.now() + " " + status);
        } catch (Exception e) { // RestAssured also throws checked I/O exceptions
            return List.of(Instant.now() + " " + e);
        }
    }

    /** How many DispatchOpened events dispatch stored per order, for the orders it opened. */
    private static Map<String, Integer> openedCount(List<String> orders) throws java.sql.SQLException {
        Map<String, Integer> opened = new java.util.HashMap<>();
        try (java.sql.Connection c = SystemStack.database("dispatch"); var ps = c.prepareStatement(
                "select stream_id, count(*) from event_store where event_type = 'DispatchOpened' and stream_id = any(?) group by stream_id")) {
            ps.setArray(1, c.createArrayOf("varchar", orders.toArray()));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    opened.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return opened;
    }

    /** How many members of dispatch's consumer group on intake's topic hold partitions. */
    private static long intakeConsumersOfDispatch() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            return admin.describeConsumerGroups(List.of("dispatch-service.intake-events")).all().get(10, TimeUnit.SECONDS)
                    .get("dispatch-service.intake-events").members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        }
    }

    /** Records of intake's topic that dispatch's consumer group has not committed yet. */
    private static long intakeLagOfDispatch() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("dispatch-service.intake-events")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(List.of("doorstep.intake.events")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("doorstep.intake.events").partitions().stream()
                    .map(p -> new TopicPartition("doorstep.intake.events", p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    @Test
    @Order(7)
    void concurrentCommandsOnOneOrderApplyOnceAndTheRestAreRefusedCleanly() throws Exception {
        SystemStack.freshDay();
        Doorstep d = new Doorstep();
        sites.add(d.site);
        String order = d.reportAndAssign("同时到达");
        d.tech(order, "acceptance", null).statusCode(200);
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return as("technician", d.technician).post(dispatch(order) + "/arrival").statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> a : answers) {
                statuses.add(a.get(60, TimeUnit.SECONDS));
            }
            // One arrival wins; every other racer gets 409 (a version conflict or "already arrived"), never a 5xx.
            assertThat(statuses).filteredOn(c -> c == 200).hasSize(1);
            assertThat(statuses).filteredOn(c -> c != 200).allMatch(c -> c == 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(timeline("dispatch", "/api/v1/dispatches/" + order + "/timeline"), "VisitStarted")).isEqualTo(1);
        Http.admin().get(dispatch(order)).then().statusCode(200).body("dispatch.status", equalTo("ON_SITE")).body("visits", hasSize(1));
        // The next command still works on the one version everyone agrees on.
        d.tech(order, "survey", Map.of("paid", false, "part", "PRIVATE")).statusCode(200);
    }

    @Test
    @Order(8)
    void afterAllOfItEveryReadModelRebuiltFromScratchEqualsTheLiveOne() throws Exception {
        // Deadlines of every outcome before the rebuild: fired (arrival overdue), exempted (conversion),
        // closed by an arrival, and pending (the same-day review and archive of a completed order).
        Instant t0 = SystemStack.freshDay();
        Doorstep d = new Doorstep();
        sites.add(d.site);
        String exempted = d.reportAndAssign("门铃不响");
        as("team-leader", "leader-1").body(Map.of("reason", "业主出国,回国后再约")).post(dispatch(exempted) + "/conversion-exemption")
                .then().statusCode(200);
        String fired = d.reportAndAssign("灯不亮");
        String completed = d.reportAndAssign("插座没电");
        d.tech(completed, "arrival", null).statusCode(200);
        d.tech(completed, "survey", Map.of("paid", false, "part", "PRIVATE")).statusCode(200);
        d.tech(completed, "work-start", null).statusCode(200);
        d.tech(completed, "completion", Map.of("result", "已更换插座", "technicianSignatureRef", "sig", "checks", Doorstep.ALL_CHECKS))
                .statusCode(200);
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(20)));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(timeline("dispatch", "/api/v1/dispatches/" + fired + "/timeline"),
                "ArrivalOverdue") == 1);

        // Every column of every table of every service, before and after rebuilding all its read models.
        Map<String, Map<String, List<String>>> tablesBefore = SystemStack.quietTables();
        assertThat(tablesBefore.get("dispatch").get("scheduled_deadline")).as("pending deadlines of the scripted orders")
                .anyMatch(row -> row.contains(completed) && row.contains("REVIEW"))
                .noneMatch(row -> row.contains(fired) && row.contains("ARRIVAL"))
                .noneMatch(row -> row.contains(exempted) && row.contains("CONVERSION"));

        Map<String, List<String>> views = Map.of(
                "intake", sites.stream().map(s -> "/api/v1/orders?limit=100&siteId=" + s).toList(),
                "dispatch", sites.stream().map(s -> "/api/v1/dispatches?limit=100&siteId=" + s).toList(),
                "followup", sites.stream().map(s -> "/api/v1/coordination-orders?siteId=" + s).toList(),
                "billing", List.of("/api/v1/fee-schedules"));
        for (var service : views.entrySet()) {
            String base = url(service.getKey());
            List<String> before = service.getValue().stream().map(p -> Http.admin().get(base + p).then().statusCode(200).extract().asString()).toList();
            List<String> projections = SystemStack.rebuildEveryReadModel(service.getKey());
            List<String> after = service.getValue().stream().map(p -> Http.admin().get(base + p).then().statusCode(200).extract().asString()).toList();
            assertThat(after).as(service.getKey() + " " + projections).isEqualTo(before);
            Map<String, List<String>> tablesAfter = SystemStack.tables(service.getKey());
            for (var table : tablesBefore.get(service.getKey()).entrySet()) {
                assertThat(tablesAfter.get(table.getKey())).as(service.getKey() + " table " + table.getKey() + " after rebuilding " + projections)
                        .containsExactlyElementsOf(table.getValue());
            }
        }
    }
}
