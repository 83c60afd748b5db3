package doorstep.systemtests;

import static doorstep.systemtests.Doorstep.EVENTUALLY;
import static doorstep.systemtests.Doorstep.dispatch;
import static doorstep.systemtests.SystemStack.url;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import doorstep.testing.Http;
import doorstep.testing.KafkaTopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 over the running system: orders with known personal values go through their lifecycles in
 * all four services; two are erased at their owners' request and one when its retention period ends;
 * then no byte of any Kafka topic (dead-letter topics included) and no row of any table of any service
 * holds one of the values, every read model rebuilt from its log equals the live one, and an order that
 * was not erased still shows its personal data.
 */
class PersonalDataIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String ERASED = "已删除";

    /** Every personal value the scenario records, by what it is. */
    final Map<String, String> personal = new LinkedHashMap<>();
    final String run = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);

    @BeforeAll
    static void systemRuns() {
        SystemStack.get();
    }

    private String value(String what, String text) {
        personal.put(what, text);
        return text;
    }

    /** A mobile number nobody else in the system has: 139 and eight random digits. */
    private String phone(String what) {
        return value(what, "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000)));
    }

    private String report(Doorstep d, String unit, String reporterName, String reporterPhone, String content) {
        String order = as("agent", "agent-7").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("unitId", unit, "reporter", Map.of("name", reporterName, "phone", reporterPhone), "visitTime", "ASAP",
                        "content", content))
                .post(url("intake") + "/api/v1/orders").then().statusCode(201).extract().path("id");
        await().atMost(EVENTUALLY).until(() -> Http.admin().get(dispatch(order)).statusCode() == 200);
        as("agent", "agent-7").body(Map.of("technicianId", d.technician)).post(dispatch(order) + "/assignment").then().statusCode(200);
        return order;
    }

    @Test
    void erasedByRequestAndByRetentionNothingReadableRemainsAndTheReadModelsRebuildTheSame() throws Exception {
        Instant t0 = SystemStack.freshDay();
        Doorstep d = new Doorstep();
        String unit = as("admin", "ops-1").body(Map.of("siteId", d.site, "building", "5栋", "unitNumber", "0808",
                        "owner", Map.of("name", value("owner name", "业主" + run), "phones", List.of(phone("owner phone")))))
                .post(url("intake") + "/api/v1/units").then().statusCode(201).extract().path("id");

        // A: a free repair, its owner's acceptance and the callback; erased when its retention period ends.
        String a = report(d, unit, value("A reporter", "报事人甲" + run), phone("A phone"), "厨房水管漏水");
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(10)));
        d.tech(a, "arrival", null).statusCode(200);
        d.tech(a, "survey", Map.of("paid", false, "part", "PRIVATE")).statusCode(200);
        d.tech(a, "work-start", null).statusCode(200);
        d.tech(a, "completion", Map.of("result", "已更换密封圈", "technicianSignatureRef", value("A technician signature", "sig-t-" + run),
                "checks", Doorstep.ALL_CHECKS)).statusCode(200);
        d.tech(a, "owner-acceptance", Map.of("signatureRef", value("A owner signature", "sig-o-" + run), "rating", 2,
                "comment", value("A owner comment", "师傅来晚了" + run))).statusCode(200);
        as("team-leader", "leader-1").body(Map.of("note", "已核对")).post(dispatch(a) + "/review").then().statusCode(200);
        as("agent", "agent-7").post(dispatch(a) + "/archive").then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().queryParam("siteId", d.site).get(url("followup") + "/api/v1/callbacks")
                .then().body("orderId", hasItem(a)));
        as("agent", "agent-7").body(Map.of("reached", false, "comment", value("A callback note", "家人说晚上再打" + run)))
                .post(url("followup") + "/api/v1/callbacks/" + a + "/attempts").then().statusCode(200);
        as("agent", "agent-7").body(Map.of("reached", true, "satisfaction", 2, "comment", value("A callback comment", "不太满意" + run)))
                .post(url("followup") + "/api/v1/callbacks/" + a + "/attempts").then().statusCode(200);

        // B: still open at midnight, so a coordination order (kept for ever): tracked, resolved, archived.
        String b = report(d, unit, value("B reporter", "报事人乙" + run), phone("B phone"), "热水器不出热水");
        Instant midnight = LocalDate.ofInstant(t0, SHANGHAI).plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        SystemStack.setClocks(midnight);
        String c = url("followup") + "/api/v1/coordination-orders/" + b;
        await().atMost(EVENTUALLY).until(() -> Http.admin().get(c).statusCode() == 200);
        as("technician", d.technician).body(Map.of("trackedAt", midnight.toString(), "place", "5栋0808",
                        "contactPerson", value("B contact person", "联系人" + run), "contactMethod", phone("B contact phone"),
                        "content", "主板损坏,已联系厂家", "opinions", value("B owner opinions", "业主同意等待" + run), "plan", "到货后更换"))
                .post(c + "/entries").then().statusCode(200);
        as("technician", d.technician).body(Map.of("result", "已更换主板", "customerSignatureRef", value("B customer signature", "sig-c-" + run),
                "trackerSignatureRef", value("B tracker signature", "sig-k-" + run))).post(c + "/resolution").then().statusCode(200);
        as("team-leader", "leader-1").post(c + "/archive").then().statusCode(200);

        // C: paid work: the owner signs the quote and pays.
        Instant day2 = midnight.plus(Duration.ofHours(10));
        SystemStack.setClocks(day2);
        int version = as("admin", "admin-1").body(Map.of("effectiveFrom", day2.toString(), "items", List.of(
                        Map.of("code", "S-LOCK", "name", "更换门锁", "category", "SERVICE", "unit", "PER_JOB", "priceFen", 8000))))
                .post(url("billing") + "/api/v1/fee-schedules").then().statusCode(201).extract().path("version");
        as("admin", "admin-1").post(url("billing") + "/api/v1/fee-schedules/" + version + "/activation").then().statusCode(200);
        String cOrder = report(d, unit, value("C reporter", "报事人丙" + run), phone("C phone"), "门锁坏了");
        d.tech(cOrder, "arrival", null).statusCode(200);
        d.tech(cOrder, "survey", Map.of("paid", true, "part", "PRIVATE")).statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("billing") + "/api/v1/bills/" + cOrder).then()
                .statusCode(200).body("assignedTechnicianId", equalTo(d.technician)));
        String quote = as("technician", d.technician).body(Map.of("plannedServices", List.of("S-LOCK")))
                .post(url("billing") + "/api/v1/bills/" + cOrder + "/quotes").then().statusCode(201).extract().path("quoteId");
        as("technician", d.technician).body(Map.of("signatureRef", value("C quote signature", "sig-q-" + run)))
                .post(url("billing") + "/api/v1/bills/" + cOrder + "/quotes/" + quote + "/acceptance").then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(dispatch(cOrder)).then().body("dispatch.quoteAccepted", equalTo(true)));
        d.tech(cOrder, "work-start", null).statusCode(200);
        SystemStack.setClocks(day2.plus(Duration.ofMinutes(30)));
        d.tech(cOrder, "completion", Map.of("result", "已更换门锁", "serviceItems", List.of(Map.of("code", "S-LOCK",
                        "performedAt", day2.plus(Duration.ofMinutes(20)).toString())), "checks", Doorstep.ALL_CHECKS,
                "technicianSignatureRef", value("C technician signature", "sig-tc-" + run))).statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("billing") + "/api/v1/bills/" + cOrder).then()
                .body("chargeTotalFen", equalTo(8000)));
        as("technician", d.technician).body(Map.of("method", "WECHAT_PAY", "amountFen", 8000, "payer", value("C payer", "付款人" + run)))
                .post(url("billing") + "/api/v1/bills/" + cOrder + "/payments").then().statusCode(200).body("balanceFen", equalTo(0));
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("intake") + "/api/v1/orders/" + cOrder).then()
                .body("reporter.name", equalTo(personal.get("C reporter"))));

        // A copy of A's acceptance that no consumer can read (a CloudEvents version it does not know) lands in a
        // dead-letter topic: the copy holds A's personal data as the log does, sealed.
        ConsumerRecord<String, byte[]> acceptance = KafkaTopicReader.readAll(SystemStack.get().kafkaBootstrapServers(),
                "doorstep.dispatch.events").stream().filter(r -> a.equals(r.key()) && "doorstep.dispatch.OwnerAccepted.v1".equals(
                        header(r, "ce_type"))).findFirst().orElseThrow();
        String poisonId = UUID.randomUUID().toString();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.<String, Object>of(
                "bootstrap.servers", SystemStack.get().kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var copy = new org.apache.kafka.clients.producer.ProducerRecord<>("doorstep.dispatch.events", a, acceptance.value());
            acceptance.headers().forEach(h -> copy.headers().add(h));
            copy.headers().remove("ce_specversion").add("ce_specversion", "0.3".getBytes(StandardCharsets.UTF_8));
            copy.headers().remove("ce_id").add("ce_id", poisonId.getBytes(StandardCharsets.UTF_8));
            producer.send(copy).get();
        }
        await().atMost(EVENTUALLY).until(() -> topics().stream().filter(t -> t.endsWith(".dlq")).anyMatch(t -> KafkaTopicReader
                .readAll(SystemStack.get().kafkaBootstrapServers(), t).stream()
                .anyMatch(r -> poisonId.equals(header(r, "ce_id")))));

        // The owners of B and C ask to be forgotten, each by the phone they reported with.
        for (String[] request : List.of(new String[] {personal.get("B phone"), b}, new String[] {personal.get("C phone"), cOrder})) {
            as("admin", "dpo-1").body(Map.of("phone", request[0], "reason", "本人申请删除"))
                    .post(url("intake") + "/api/v1/personal-data/erasures").then().statusCode(200)
                    .body("erased.orderId", equalTo(List.of(request[1]))).body("erased[0].erasedNow", equalTo(true));
        }
        // A's retention ends a year after its archiving (无偿服务派工单保存时间1年).
        String retainUntil = Http.admin().queryParam("orderId", a).get(url("followup") + "/api/v1/retention").then().statusCode(200)
                .body("recordKind", hasItem("FREE_DISPATCH_ORDER")).extract().path("[0].retainUntil");
        SystemStack.setClocks(Instant.parse(retainUntil).plus(Duration.ofHours(1)));

        // Within seconds every service shows the marker for all three.
        for (String order : List.of(a, b, cOrder)) {
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                Http.admin().get(url("intake") + "/api/v1/orders/" + order).then().statusCode(200)
                        .body("personalDataErased", equalTo(true)).body("reporter.name", equalTo(ERASED));
                Http.admin().get(dispatch(order)).then().statusCode(200).body("dispatch.personalDataErased", equalTo(true));
                Http.admin().get(url("billing") + "/api/v1/bills/" + order).then().statusCode(200).body("personalDataErased", equalTo(true));
            });
        }
        Http.admin().get(url("intake") + "/api/v1/orders/" + a).then().body("legalOwner.name", equalTo(ERASED));
        Http.admin().get(c).then().statusCode(200).body("personalDataErased", equalTo(true));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(Http.admin().queryParam("siteId", d.site).queryParam("status", "COMPLETED")
                .get(url("followup") + "/api/v1/callbacks").then().statusCode(200)
                .extract().<List<Boolean>>path("findAll { it.orderId == '" + a + "' }.personalDataErased")).containsExactly(true));

        // An order reported after all this, at another unit (the erased owner's unit would copy them from the
        // registry into the new order, rightly), keeps its personal data.
        String kept = report(d, d.unit, "报事人丁" + run, "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000)), "窗户关不上");
        Http.admin().get(url("intake") + "/api/v1/orders/" + kept).then().body("reporter.name", equalTo("报事人丁" + run))
                .body("personalDataErased", equalTo(false));
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(dispatch(kept)).then()
                .body("dispatch.reporterName", equalTo("报事人丁" + run)));

        // Nothing readable remains: every table of every service (the unit registry's owner excepted: master
        // data the company keeps while the person owns the unit) and every record of every topic.
        Map<String, Map<String, List<String>>> before = SystemStack.quietTables();
        List<String> found = new ArrayList<>();
        for (var service : before.entrySet()) {
            for (var table : service.getValue().entrySet()) {
                if (service.getKey().equals("intake") && table.getKey().equals("unit")) {
                    continue;
                }
                for (String row : table.getValue()) {
                    personal.forEach((what, text) -> {
                        if (row.contains(text)) {
                            found.add(what + " in " + service.getKey() + "." + table.getKey());
                        }
                    });
                }
            }
        }
        int records = 0;
        for (String topic : topics()) {
            for (ConsumerRecord<String, byte[]> r : KafkaTopicReader.readAll(SystemStack.get().kafkaBootstrapServers(), topic)) {
                records++;
                StringBuilder bytes = new StringBuilder(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
                for (Header h : r.headers()) {
                    bytes.append('\n').append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                }
                personal.forEach((what, text) -> {
                    if (bytes.indexOf(text) >= 0) {
                        found.add(what + " in topic " + topic + " offset " + r.offset());
                    }
                });
            }
        }
        assertThat(records).as("records scanned").isGreaterThan(50);
        assertThat(found).as("personal values still readable").isEmpty();
        assertThat(before.get("intake").get("unit")).as("the registry still knows the unit's owner").anyMatch(row -> row.contains("业主" + run));

        // Every read model rebuilt from its log, markers included, equals the live one.
        for (String service : SystemStack.SERVICES) {
            List<String> projections = SystemStack.rebuildEveryReadModel(service);
            Map<String, List<String>> after = SystemStack.tables(service);
            for (var table : before.get(service).entrySet()) {
                assertThat(after.get(table.getKey())).as(service + " table " + table.getKey() + " after rebuilding " + projections)
                        .containsExactlyElementsOf(table.getValue());
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> topics() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SystemStack.get().kafkaBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith("doorstep.")).sorted().toList();
            assertThat(topics).as("event topics").contains("doorstep.intake.events", "doorstep.dispatch.events",
                    "doorstep.billing.events", "doorstep.followup.events");
            return topics;
        }
    }
}
