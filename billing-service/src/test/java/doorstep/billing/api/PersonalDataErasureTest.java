package doorstep.billing.api;

import static doorstep.billing.api.BillingTestSupport.assign;
import static doorstep.billing.api.BillingTestSupport.dispatchEvent;
import static doorstep.billing.api.BillingTestSupport.freshDay;
import static doorstep.billing.api.BillingTestSupport.publishSchedule;
import static doorstep.billing.api.BillingTestSupport.workCompleted;
import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.billing.domain.BillingEvent;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.projection.ProjectionRebuilder;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Erasing an order's personal data in billing (D48), over the running service with its real broker and
 * database: intake's {@code PersonalDataErased} arrives on {@code doorstep.intake.events}; billing erases
 * the order too, its bill says so, no known personal value is left anywhere in billing's database,
 * every read model rebuilt after the erasure equals the live one, and another order is untouched.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class PersonalDataErasureTest {

    @Inject
    Clock clock;
    @Inject
    EventStore store;
    @Inject
    EntityManager em;
    @Inject
    PersonalDataCipher cipher;
    @Inject
    ProjectionRebuilder rebuilder;
    @Inject
    ObjectMapper json;

    /** The personal values one order's lifecycle records, each unique to this run. */
    record Known(String reporterName, String reporterPhone, String technicianSignature, String declineReason, String ownerSignature,
                 String payer) {

        static Known fresh(String who) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            return new Known(who + "王小明-" + tag, "139" + String.format("%08d", Math.floorMod(tag.hashCode(), 100_000_000)),
                    "tech-sig-" + tag, "太贵了,再考虑-" + tag, "owner-sig-" + tag, who + "钱多多-" + tag);
        }

        List<String> values() {
            return List.of(reporterName, reporterPhone, technicianSignature, declineReason, ownerSignature, payer);
        }
    }

    @Test
    void anErasedOrderKeepsNoPersonalValueInBillingsDatabaseRebuildsTheSameAndLeavesOtherOrdersAlone() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String site = TestEvents.id("site");
        Known a = Known.fresh("甲");
        Known b = Known.fresh("乙");
        String erasedOrder = billedAndPaid(site, a, now);
        String keptOrder = billedAndPaid(site, b, now);
        String unitLabelOfA = unitLabel(erasedOrder);

        // Before: the erased order's values are readable (its timeline) and its stored answers name it.
        assertThat(timeline(erasedOrder).toString()).contains(a.declineReason(), a.ownerSignature(), a.payer());
        assertThat(answersNaming(erasedOrder)).isPositive();

        // When: intake erased the order (an admin's request), and the record is delivered twice.
        EventEnvelope erasure = erasure(erasedOrder, site);
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.intake.events", erasure));
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.intake.events", erasure));

        // Then: the bill says so within seconds; its timeline shows the marker, and where the erasure happened.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/bills/" + erasedOrder).then().statusCode(200)
                .body("personalDataErased", equalTo(true)));
        JsonNode erasedTimeline = timeline(erasedOrder);
        assertThat(dataOf(erasedTimeline, "QuoteDeclined").path("reason").asText()).isEqualTo(Personal.ERASED);
        assertThat(dataOf(erasedTimeline, "QuoteAccepted").path("signatureRef").asText()).isEqualTo(Personal.ERASED);
        assertThat(dataOf(erasedTimeline, "PaymentRecorded").path("payer").asText()).isEqualTo(Personal.ERASED);
        assertThat(dataOf(erasedTimeline, "PersonalDataErased").path("reason").asText()).isEqualTo("SUBJECT_REQUEST");
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.load(PersonalDataErased.streamOf(erasedOrder))))
                .as("recorded once, though delivered twice").hasSize(1);
        // Read a page of one event at a time (D56), the bill's and the erasure's streams come merged in store order, each once.
        List<String> whole = new ArrayList<>();
        erasedTimeline.forEach(e -> whole.add(e.path("streamId").asText() + "@" + e.path("version").asLong()));
        assertThat(whole).contains(PersonalDataErased.streamOf(erasedOrder) + "@1");
        assertThat(onePerPage(erasedOrder)).isEqualTo(whole);
        assertThat(answersNaming(erasedOrder)).isZero();

        // The bill still works: a later payment is taken, its payer never readable.
        String latePayer = "后付款人-" + UUID.randomUUID().toString().substring(0, 8);
        as("technician", "tech-1").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("method", "CASH", "amountFen", 500, "payer", latePayer))
                .post("/api/v1/bills/" + erasedOrder + "/payments").then().statusCode(200)
                .body("balanceFen", equalTo(1500)).body("personalDataErased", equalTo(true));
        assertThat(dataOf(timeline(erasedOrder), "PaymentRecorded", 2).path("payer").asText()).isEqualTo(Personal.ERASED);

        // No known value of the erased order anywhere in billing's database (checked to find what is there).
        Map<String, List<String>> tables = everyTable();
        assertThat(occurrences(tables, unitLabelOfA)).as("the scan finds what is stored in clear").isNotEmpty();
        List<String> erasedValues = new ArrayList<>(a.values());
        erasedValues.add(latePayer);
        for (String value : erasedValues) {
            assertThat(occurrences(tables, value)).as(value).isEmpty();
        }

        // Every read model rebuilt after the erasure equals the live one, markers included.
        Map<String, List<String>> live = readModels();
        assertThat(rebuilder.rebuildNow("bills")).isPositive();
        assertThat(rebuilder.rebuildNow("fee-schedules")).isPositive();
        assertThat(readModels()).isEqualTo(live);
        assertThat(live.get("erased_order").toString()).contains(erasedOrder).doesNotContain(keptOrder);

        // The other order is untouched: not erased, its values readable.
        admin().get("/api/v1/bills/" + keptOrder).then().statusCode(200).body("personalDataErased", equalTo(false));
        JsonNode kept = timeline(keptOrder);
        assertThat(dataOf(kept, "QuoteDeclined").path("reason").asText()).isEqualTo(b.declineReason());
        assertThat(dataOf(kept, "QuoteAccepted").path("signatureRef").asText()).isEqualTo(b.ownerSignature());
        assertThat(dataOf(kept, "PaymentRecorded").path("payer").asText()).isEqualTo(b.payer());
    }

    @Test
    void givenAnOrderErasedBeforeBillingHeardOfItWhenDispatchsSealedEventsArriveThenTheyApplyWithTheMarker() {
        Instant now = freshDay(clock);
        String site = TestEvents.id("site");
        String order = UUID.randomUUID().toString();
        Known c = Known.fresh("丙");
        // given: dispatch's events, their personal fields sealed under the order's key as dispatch writes them
        String opened = "{\"orderId\":\"" + order + "\",\"orderNumber\":\"PG3\",\"siteId\":\"" + site + "\","
                + "\"siteTimeZone\":\"Asia/Shanghai\",\"locationKind\":\"IN_UNIT\",\"unitId\":\"u-3\",\"unitLabel\":\"5栋-303\","
                + "\"warranty\":false,\"agreedVisitAt\":null,\"content\":\"灯不亮\",\"reporterName\":" + sealed(order, c.reporterName())
                + ",\"reporterPhone\":" + sealed(order, c.reporterPhone()) + ",\"reportedAt\":\"2026-11-30T01:00:00Z\",\"reporterPhoneExtension\":null}";
        String completed = workCompleted(order, now.minus(Duration.ofMinutes(30)), 20, false, "COMMON", "[]", "[]")
                .replace("\"technicianSignatureRef\":\"sig\"", "\"technicianSignatureRef\":" + sealed(order, c.technicianSignature()));
        // ... and the order's key destroyed (intake's erasure reaches billing first)
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.intake.events", erasure(order, site)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(
                () -> !store.load(PersonalDataErased.streamOf(order)).isEmpty()));
        assertThat(cipher.open(cipher.seal(order, "x"))).as("the key is gone").isEqualTo(Personal.ERASED);

        // when: the sealed events arrive
        dispatchEvent("DispatchOpened", order, 1, site, opened);
        awaitKnown(order);
        assign(order, 2, site, "tech-1", null);
        dispatchEvent("WorkCompleted", order, 9, site, completed);

        // then: they are applied (not dead-lettered): billing knows the order and records why nothing is charged
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/bills/" + order).then().statusCode(200)
                .body("noChargeReason", equalTo("COMMON_PART")).body("personalDataErased", equalTo(true))
                .body("assignedTechnicianId", equalTo("tech-1")));
        Map<String, List<String>> tables = everyTable();
        for (String value : c.values()) {
            assertThat(occurrences(tables, value)).as(value).isEmpty();
        }
    }

    @Test
    void givenAnErasedKeyBillingsOwnEventsDecodeWithTheMarker() {
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String site = TestEvents.id("site");
        Known d = Known.fresh("丁");
        String order = billedAndPaid(site, d, now);
        EventEnvelope payment = QuarkusTransaction.requiringNew().call(() -> store.load(order)).stream()
                .filter(e -> e.type().equals("PaymentRecorded")).findFirst().orElseThrow();
        assertThat(((BillingEvent.PaymentRecorded) store.decode(payment)).payer()).isEqualTo(d.payer());
        assertThat(payment.payload()).doesNotContain(d.payer());

        TestEvents.send(CloudEventsKafka.toRecord("doorstep.intake.events", erasure(order, site)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/bills/" + order).then().statusCode(200)
                .body("personalDataErased", equalTo(true)));

        BillingEvent.PaymentRecorded after = (BillingEvent.PaymentRecorded) store.decode(payment);
        assertThat(after.payer()).isEqualTo(Personal.ERASED);
        assertThat(after.amountFen()).as("non-personal facts stay in clear").isEqualTo(1000);
    }

    /**
     * Dispatch opened the order (its reporter's name and phone in dispatch's plaintext fixture), the owner
     * declined a first quote and accepted a second with their signature, the work was charged 30 yuan and
     * 10 yuan were paid, with an idempotency key.
     */
    private String billedAndPaid(String site, Known k, Instant now) {
        String order = UUID.randomUUID().toString();
        String label = "3栋-" + order.substring(0, 6);
        dispatchEvent("DispatchOpened", order, 1, site, "{\"orderId\":\"" + order + "\",\"orderNumber\":\"PG1\",\"siteId\":\"" + site
                + "\",\"siteTimeZone\":\"Asia/Shanghai\",\"locationKind\":\"IN_UNIT\",\"unitId\":\"u-1\",\"unitLabel\":\"" + label + "\","
                + "\"warranty\":false,\"agreedVisitAt\":null,\"content\":\"马桶堵\",\"reporterName\":\"" + k.reporterName() + "\","
                + "\"reporterPhone\":\"" + k.reporterPhone() + "\",\"reportedAt\":\"2026-11-30T01:00:00Z\",\"reporterPhoneExtension\":null}");
        awaitKnown(order);
        assign(order, 2, site, "tech-1", null);
        String first = quote(order);
        as("technician", "tech-1").body(Map.of("reason", k.declineReason()))
                .post("/api/v1/bills/" + order + "/quotes/" + first + "/decline").then().statusCode(200);
        String second = quote(order);
        as("technician", "tech-1").body(Map.of("signatureRef", k.ownerSignature()))
                .post("/api/v1/bills/" + order + "/quotes/" + second + "/acceptance").then().statusCode(200);
        Instant start = now.minus(Duration.ofMinutes(40));
        dispatchEvent("WorkCompleted", order, 9, site, workCompleted(order, start, 25, true, "PRIVATE",
                "[{\"code\":\"S-TOILET\",\"performedAt\":\"" + start.plusSeconds(60) + "\"}]", "[]")
                .replace("\"technicianSignatureRef\":\"sig\"", "\"technicianSignatureRef\":\"" + k.technicianSignature() + "\""));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/bills/" + order).then().statusCode(200)
                .body("chargeTotalFen", equalTo(3000)));
        as("technician", "tech-1").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("method", "WECHAT_PAY", "amountFen", 1000, "payer", k.payer()))
                .post("/api/v1/bills/" + order + "/payments").then().statusCode(200).body("balanceFen", equalTo(2000))
                .body("personalDataErased", equalTo(false));
        return order;
    }

    private static void awaitKnown(String order) {
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/bills/" + order).statusCode() == 200);
    }

    private static String quote(String order) {
        return as("technician", "tech-1").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("plannedServices", List.of("S-TOILET"), "estimatedMinutes", 30))
                .post("/api/v1/bills/" + order + "/quotes").then().statusCode(201).extract().path("quoteId");
    }

    /** intake's PersonalDataErased.v1 for the order, as intake publishes it after an admin's erasure request. */
    private static EventEnvelope erasure(String order, String site) {
        String data = "{\"orderId\":\"" + order + "\",\"reason\":\"SUBJECT_REQUEST\",\"erasedAt\":\"2026-11-30T01:30:00Z\"}";
        return new EventEnvelope(UUID.randomUUID(), "intake", "PersonalDataErased", 1, PersonalDataErased.streamOf(order), 1, 0,
                Instant.now(), site, UUID.randomUUID(), null, new Actor("admin-1", "admin"), data);
    }

    /** A personal value sealed under the order's key, as another service writes it into its events. */
    private String sealed(String order, String value) {
        return cipher.seal(order, value).toString();
    }

    private String unitLabel(String order) {
        return (String) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select unit_label from known_order where order_id = ?1").setParameter(1, order).getSingleResult());
    }

    /** The bill's timeline read one event a page, following the cursors to the end: each event's stream and version. */
    private List<String> onePerPage(String order) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = admin().queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/bills/" + order + "/timeline").then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(1);
            if (!page.getList("items").isEmpty()) {
                seen.add(page.getString("items[0].streamId") + "@" + page.getLong("items[0].version"));
            }
            cursor = page.getString("nextCursor");
            assertThat(seen).hasSizeLessThan(100);
        } while (cursor != null);
        return seen;
    }

    private JsonNode timeline(String order) {
        String body = admin().get("/api/v1/bills/" + order + "/timeline").then().statusCode(200).extract().asString();
        try {
            JsonNode page = json.readTree(body);
            assertThat(page.get("nextCursor").isNull()).as("the whole timeline on one page").isTrue();
            return page.get("items");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode dataOf(JsonNode timeline, String type) {
        return dataOf(timeline, type, 1);
    }

    /** The data of the {@code nth} entry of the type (1: the first). */
    private static JsonNode dataOf(JsonNode timeline, String type, int nth) {
        int seen = 0;
        for (JsonNode entry : timeline) {
            if (entry.path("type").asText().equals(type) && ++seen == nth) {
                return entry.path("data");
            }
        }
        throw new AssertionError("no " + type + " #" + nth + " in " + timeline);
    }

    private long answersNaming(String order) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from idempotent_request where strpos(operation, ?1) > 0").setParameter(1, order)
                .getSingleResult()).longValue());
    }

    /** Every row of every table of billing's database, as text (PostgreSQL's row-to-text), by table. */
    private Map<String, List<String>> everyTable() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> names = em.createNativeQuery("select table_name from information_schema.tables "
                    + "where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name").getResultList();
            assertThat(names).contains("event_store", "idempotent_request", "bill", "revenue_entry", "known_order", "erased_order");
            Map<String, List<String>> rows = new LinkedHashMap<>();
            for (String name : names) {
                rows.put(name, rows(name));
            }
            return rows;
        });
    }

    /** The read models of billing's projections, each table's rows as text in a stable order. */
    private Map<String, List<String>> readModels() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, List<String>> rows = new LinkedHashMap<>();
            for (String name : List.of("bill", "revenue_entry", "erased_order", "fee_schedule_version")) {
                rows.put(name, rows(name));
            }
            return rows;
        });
    }

    @SuppressWarnings("unchecked")
    private List<String> rows(String table) {
        return em.createNativeQuery("select t::text from \"" + table + "\" t order by 1").getResultList();
    }

    private static List<String> occurrences(Map<String, List<String>> tables, String value) {
        List<String> found = new ArrayList<>();
        tables.forEach((table, rows) -> rows.stream().filter(r -> r.contains(value)).forEach(r -> found.add(table + ": " + r)));
        return found;
    }
}
