package doorstep.systemtests;

import static doorstep.systemtests.Doorstep.EVENTUALLY;
import static doorstep.systemtests.Doorstep.dispatch;
import static doorstep.systemtests.SystemStack.url;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import doorstep.testing.Http;
import doorstep.testing.KafkaTopicReader;
import example.integrator.Integrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's example integrator (examples/integrator) over the running system: started before a scripted
 * lifecycle (report → dispatch → visit → complete → accept → review → archive), it prints exactly one line per
 * event the four topics hold for the order, a redelivered record included once, with the order's number on
 * every line from the report on, every event valid against its published schema, and no personal value.
 */
class IntegratorIT {

    @BeforeAll
    static void systemRuns() {
        SystemStack.get();
    }

    @Test
    void theExampleIntegratorPrintsOneLinePerEventOfALifecycle() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread integrator = new Thread(() -> {
            try {
                Integrator.run(SystemStack.get().kafkaBootstrapServers(), "integrator-it-" + UUID.randomUUID(),
                        new PrintStream(printed, true, StandardCharsets.UTF_8), stop::get);
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "example-integrator");
        integrator.start();
        String order;
        String number;
        try {
            Instant t0 = SystemStack.freshDay();
            Doorstep d = new Doorstep();
            Map<String, Object> report = as("agent", "agent-7").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("unitId", d.unit, "reporter", Map.of("name", "王", "phone", "138-1234-5678"), "visitTime", "ASAP",
                            "content", "卫生间下水道堵塞"))
                    .post(url("intake") + "/api/v1/orders").then().statusCode(201).extract().path("$");
            order = (String) report.get("id");
            number = (String) report.get("number");
            await().atMost(EVENTUALLY).until(() -> Http.admin().get(dispatch(order)).statusCode() == 200);
            as("agent", "agent-7").body(Map.of("technicianId", d.technician)).post(dispatch(order) + "/assignment").then().statusCode(200);
            SystemStack.setClocks(t0.plus(Duration.ofMinutes(10)));
            d.tech(order, "arrival", null).statusCode(200);
            d.tech(order, "survey", Map.of("paid", false, "part", "PRIVATE")).statusCode(200);
            d.tech(order, "work-start", null).statusCode(200);
            SystemStack.setClocks(t0.plus(Duration.ofMinutes(30)));
            d.tech(order, "completion", Map.of("result", "已疏通", "technicianSignatureRef", "sig-t-int", "checks", Doorstep.ALL_CHECKS))
                    .statusCode(200);
            d.tech(order, "owner-acceptance", Map.of("signatureRef", "sig-o-int", "rating", 2, "comment", "王先生说还会堵"))
                    .statusCode(200); // a low rating: followup schedules a callback
            as("team-leader", "leader-1").body(Map.of("note", "已核对")).post(dispatch(order) + "/review").then().statusCode(200);
            as("agent", "agent-7").post(dispatch(order) + "/archive").then().statusCode(200);
            await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().queryParam("orderId", order).get(url("followup") + "/api/v1/retention")
                    .then().body("recordKind", hasItem("FREE_DISPATCH_ORDER")));

            // Delivery is at least once: the owner's acceptance reaches the topic a second time, with the same id.
            ConsumerRecord<String, byte[]> acceptance = records(order).stream()
                    .filter(r -> "doorstep.dispatch.OwnerAccepted.v1".equals(header(r, "ce_type"))).findFirst().orElseThrow();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", SystemStack.get().kafkaBootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(acceptance.topic(), null, acceptance.key(), acceptance.value(),
                        acceptance.headers())).get();
            }

            // Every reaction recorded, the redelivery in the topic, no new event for a second, and the integrator caught up.
            AtomicReference<Integer> previous = new AtomicReference<>(-1);
            await().atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> records = records(order);
                int events = distinct(records).size();
                assertThat(records).extracting(r -> header(r, "ce_type")).contains("doorstep.intake.OrderDispatched.v1",
                        "doorstep.billing.NoChargeRecorded.v1", "doorstep.followup.CallbackScheduled.v1", "doorstep.followup.RetentionScheduled.v1");
                assertThat(records).as("the redelivered acceptance").hasSize(events + 1);
                assertThat(previous.getAndSet(events)).as("the order's events a second ago").isEqualTo(events);
                assertThat(linesOf(printed, order, number)).as("the integrator's lines so far").hasSizeGreaterThanOrEqualTo(events);
            });
        } finally {
            stop.set(true);
            integrator.join(10_000);
        }
        assertThat(integrator.isAlive()).as("the integrator stopped when asked").isFalse();
        assertThat(failed.get()).as("the integrator ran without failing").isNull();

        assertThat(number).as("the order's number").matches("PG[0-9]{8}-[0-9]{6,}");

        List<ConsumerRecord<String, byte[]>> events = distinct(records(order));
        List<String> lines = linesOf(printed, order, number);
        assertThat(lines.stream().map(l -> "doorstep." + l.split("\\s+")[2]).sorted().toList())
                .as("one line per event of the order in the four topics: " + String.join("\n", lines))
                .isEqualTo(events.stream().map(r -> header(r, "ce_type")).sorted().toList());
        assertThat(events).extracting(ConsumerRecord::topic).contains(Integrator.TOPICS.toArray(String[]::new));
        int report = lines.indexOf(lines.stream().filter(l -> l.contains("intake.ProblemReported.v1")).findFirst().orElseThrow());
        assertThat(report).as("the report is printed").isNotNegative();
        assertThat(lines.subList(report, lines.size())).as("the order's number from the report on")
                .allMatch(l -> l.split("\\s+")[1].equals(number));
        assertThat(lines).noneMatch(l -> l.contains("INVALID") || l.contains("UNKNOWN") || l.contains("NOT A CLOUDEVENT"))
                .noneMatch(l -> l.contains("王") || l.contains("13812345678") || l.contains("keyId") || l.contains("sig-o-int"))
                .anyMatch(l -> l.contains("dispatch.OwnerAccepted.v1") && l.endsWith("rating 2/5"))
                .anyMatch(l -> l.contains("billing.NoChargeRecorded.v1") && l.endsWith("no charge: FREE_SERVICE"))
                .anyMatch(l -> l.contains("dispatch.TechnicianAssigned.v1") && l.contains("agent-7(agent)"));
    }

    /** The lines whose order column names the order, by id or by number, in the order printed. */
    private static List<String> linesOf(ByteArrayOutputStream printed, String order, String number) {
        List<String> lines = new ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] columns = line.split("\\s+");
            if (columns.length > 2 && (columns[1].equals(order) || columns[1].equals(number))) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Every record of the order in the four topics (the record key is the order id). */
    private static List<ConsumerRecord<String, byte[]>> records(String order) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (String topic : Integrator.TOPICS) {
            KafkaTopicReader.readAll(SystemStack.get().kafkaBootstrapServers(), topic).stream()
                    .filter(r -> order.equals(r.key())).forEach(records::add);
        }
        return records;
    }

    /** One record per event id. */
    private static List<ConsumerRecord<String, byte[]>> distinct(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, ConsumerRecord<String, byte[]>> byId = new java.util.LinkedHashMap<>();
        records.forEach(r -> byId.putIfAbsent(header(r, "ce_id"), r));
        return new ArrayList<>(byId.values());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
