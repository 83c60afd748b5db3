package doorstep.followup.api;

import static doorstep.followup.api.FollowupTestSupport.converted;
import static doorstep.followup.api.FollowupTestSupport.dispatch;
import static doorstep.followup.api.FollowupTestSupport.freshDay;
import static doorstep.followup.api.FollowupTestSupport.opened;
import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.followup.application.FollowupEvents;
import doorstep.followup.application.FollowupStores;
import doorstep.followup.domain.CoordinationEvent.TrackingEntryRecorded;
import doorstep.followup.projection.FollowupProjection;
import doorstep.platform.deadline.DeadlineScheduler;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.projection.ProjectionRebuilder;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 over the running service (real Kafka, real PostgreSQL): an order's coordination order and
 * callback are recorded with known personal values; intake says the order's personal data was erased;
 * followup's views read 已删除 with {@code personalDataErased: true}, no table of followup's database holds any
 * of the values any more, every read model rebuilt from the store equals the live one, and another order's
 * values are untouched.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class PersonalDataErasureTest {

    /** The read models of followup's own event store, which a rebuild replays ({@code order_fact} follows dispatch's topic). */
    static final List<String> READ_MODELS = List.of("coordination_board", "coordination_entry", "coordination_check", "callback_task",
            "retention_record", "order_personal_data", "scheduled_deadline");

    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    ProjectionRebuilder rebuilder;
    @Inject
    DeadlineScheduler scheduler;
    @Inject
    FollowupProjection projection;
    @Inject
    FollowupStores stores;

    /** The personal values one order's records were given: each unique to this run, so found nowhere else. */
    record Known(String contactPerson, String contactMethod, String opinions, String customerSignature, String trackerSignature,
                 String note, String comment) {

        static Known fresh(String tag) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            return new Known("联系人" + tag + id, "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000)),
                    "业主意见" + tag + id, "sig-owner-" + tag + id, "sig-tracker-" + tag + id, "家属说晚点再打" + tag + id,
                    "回访很满意" + tag + id);
        }

        List<String> values() {
            return List.of(contactPerson, contactMethod, opinions, customerSignature, trackerSignature, note, comment);
        }
    }

    /**
     * A dispatch order converted to a coordination order with two tracking entries and a resolution, then archived and
     * called back (not reached with a note, then reached with a comment); the users' commands carry Idempotency-Keys,
     * so their stored answers hold the values too.
     */
    private String recordedOrder(String site, Instant t0, Known known) {
        String order = UUID.randomUUID().toString();
        opened(order, site);
        dispatch("SurveyRecorded", order, 3, site, "{\"paid\":true,\"part\":\"PRIVATE\",\"warranty\":false,\"notes\":null,\"at\":\"" + t0 + "\"}");
        converted(order, site, t0);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/coordination-orders/" + order).statusCode() == 200);
        String c = "/api/v1/coordination-orders/" + order;
        for (int i = 1; i <= 2; i++) {
            as("technician", "tech-zhang").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("trackedAt", t0.toString(), "place", "3栋1202", "contactPerson", known.contactPerson(),
                            "contactMethod", known.contactMethod(), "content", "第" + i + "次联系厂家", "opinions", known.opinions(),
                            "plan", "周五再联系")).post(c + "/entries").then().statusCode(200);
        }
        as("technician", "tech-zhang").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("result", "厂家更换配件后已修复", "customerSignatureRef", known.customerSignature(),
                        "trackerSignatureRef", known.trackerSignature())).post(c + "/resolution").then().statusCode(200);
        dispatch("Archived", order, 11, site, "{\"archivedBy\":\"agent-1\",\"at\":\"" + t0 + "\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().queryParam("siteId", site).get("/api/v1/callbacks").then()
                .body("orderId", hasItem(order)));
        as("agent", "agent-2").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("reached", false, "comment", known.note())).post("/api/v1/callbacks/" + order + "/attempts")
                .then().statusCode(200);
        as("agent", "agent-2").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("reached", true, "satisfaction", 5, "comment", known.comment())).post("/api/v1/callbacks/" + order + "/attempts")
                .then().statusCode(200).body("comment", equalTo(known.comment()));
        return order;
    }

    /** Intake's PersonalDataErased for the order, as intake publishes it. */
    private static void erasedByIntake(String order, String site, Instant at) {
        EventEnvelope erased = new EventEnvelope(UUID.randomUUID(), "intake", "PersonalDataErased", 1, PersonalDataErased.streamOf(order),
                1, 0, at, site, UUID.randomUUID(), null, new Actor("admin-1", "admin"),
                "{\"orderId\":\"" + order + "\",\"reason\":\"SUBJECT_REQUEST\",\"erasedAt\":\"" + at + "\"}");
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.intake.events", erased));
    }

    private ValidatableResponse coordination(String order) {
        return admin().get("/api/v1/coordination-orders/" + order).then().statusCode(200);
    }

    private ValidatableResponse entries(String order) {
        return admin().get("/api/v1/coordination-orders/" + order + "/entries").then().statusCode(200);
    }

    private ValidatableResponse completedCallbacks(String site) {
        return admin().queryParam("siteId", site).queryParam("status", "COMPLETED").get("/api/v1/callbacks").then().statusCode(200);
    }

    /** Every table of followup's database (the event store, the read models, stored answers, keys...) as text, row by row. */
    private List<String> everyTableAsText() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> tables = em.createNativeQuery("select table_name from information_schema.tables "
                    + "where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name").getResultList();
            assertThat(tables).contains("event_store", "idempotent_request", "coordination_entry", "callback_task");
            List<String> rows = new ArrayList<>();
            for (String table : tables) {
                @SuppressWarnings("unchecked")
                List<String> text = em.createNativeQuery("select t::text from \"" + table + "\" t").getResultList();
                text.forEach(row -> rows.add(table + ": " + row));
            }
            return rows;
        });
    }

    private static List<String> holding(List<String> rows, List<String> values) {
        return rows.stream().filter(row -> values.stream().anyMatch(row::contains)).toList();
    }

    /** The read models' rows, each table ordered by its whole row. */
    private Map<String, List<String>> readModels() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, List<String>> tables = new LinkedHashMap<>();
            for (String table : READ_MODELS) {
                @SuppressWarnings("unchecked")
                List<String> rows = em.createNativeQuery("select t::text from " + table + " t order by 1").getResultList();
                tables.put(table, rows);
            }
            return tables;
        });
    }

    @Test
    void anErasedOrderKeepsNoPersonalValueInAnyTableRebuildsAsLiveAndAnotherOrderIsUntouched() {
        Instant t0 = freshDay(clock);
        String site = TestEvents.id("site-erase");
        Known erased = Known.fresh("甲");
        Known kept = Known.fresh("乙");
        String order = recordedOrder(site, t0, erased);
        String other = recordedOrder(site, t0, kept);

        // Before: the values are where a user's records put them (the scan finds what it looks for).
        List<String> before = holding(everyTableAsText(), erased.values());
        assertThat(before).anyMatch(row -> row.startsWith("coordination_entry:")).anyMatch(row -> row.startsWith("callback_task:"))
                .anyMatch(row -> row.startsWith("idempotent_request:"));
        assertThat(before).as("the event store holds them sealed only").noneMatch(row -> row.startsWith("event_store:"));
        long versionBefore = QuarkusTransaction.requiringNew().call(() -> stores.coordination().load(FollowupEvents.coordination(order)))
                .version();
        coordination(order).body("personalDataErased", equalTo(false)).body("latestEntry.contactPerson", equalTo(erased.contactPerson()));
        entries(order).body("items[0].contactPerson", equalTo(erased.contactPerson()));

        erasedByIntake(order, site, t0.plusSeconds(60).truncatedTo(ChronoUnit.MICROS));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> coordination(order).body("personalDataErased", equalTo(true)));
        entries(order).body("items.contactPerson", everyItem(equalTo(Personal.ERASED)))
                .body("items.contactMethod", everyItem(equalTo(Personal.ERASED)))
                .body("items.opinions", everyItem(equalTo(Personal.ERASED)))
                .body("items.personalDataErased", everyItem(equalTo(true)))
                .body("items[0].content", equalTo("第1次联系厂家")).body("items[0].place", equalTo("3栋1202"));
        coordination(order).body("status", equalTo("RESOLVED")).body("entries", equalTo(2))
                .body("latestEntry.contactPerson", equalTo(Personal.ERASED)).body("latestEntry.personalDataErased", equalTo(true));
        completedCallbacks(site).body("find { it.orderId == '" + order + "' }.comment", equalTo(Personal.ERASED))
                .body("find { it.orderId == '" + order + "' }.personalDataErased", equalTo(true))
                .body("find { it.orderId == '" + order + "' }.satisfaction", equalTo(5));
        String timeline = admin().get("/api/v1/coordination-orders/" + order + "/timeline").then().statusCode(200)
                .body("items.find { it.type == 'CoordinationResolved' }.data.customerSignatureRef", equalTo(Personal.ERASED))
                .body("items.find { it.type == 'TrackingEntryRecorded' }.data.contactPerson", equalTo(Personal.ERASED))
                .extract().asString();
        assertThat(timeline).doesNotContain("\"keyId\"");

        // No table of the service holds any of the erased order's values: not the store, not a read model, not a stored answer.
        assertThat(holding(everyTableAsText(), erased.values())).isEmpty();

        // The other order: untouched.
        coordination(other).body("personalDataErased", equalTo(false));
        entries(other).body("items[1].contactPerson", equalTo(kept.contactPerson()))
                .body("items[1].contactMethod", equalTo(kept.contactMethod()))
                .body("items[1].opinions", equalTo(kept.opinions()));
        completedCallbacks(site).body("find { it.orderId == '" + other + "' }.comment", equalTo(kept.comment()))
                .body("find { it.orderId == '" + other + "' }.personalDataErased", equalTo(false));
        admin().get("/api/v1/coordination-orders/" + other + "/timeline").then()
                .body("items.find { it.type == 'CoordinationResolved' }.data.trackerSignatureRef", equalTo(kept.trackerSignature()));

        assertThat(QuarkusTransaction.requiringNew().call(() -> stores.coordination().load(FollowupEvents.coordination(order))).version())
                .as("the erasure is recorded on its own stream, not the coordination order's").isEqualTo(versionBefore);

        // Every read model rebuilt from the store (keys gone: 已删除, then PersonalDataErased) equals the live one.
        scheduler.stop();
        try {
            Map<String, List<String>> live = readModels();
            assertThat(live.get("coordination_entry")).anyMatch(row -> row.contains(order) && row.contains(Personal.ERASED))
                    .anyMatch(row -> row.contains(kept.contactPerson()));
            rebuilder.rebuildNow("followup");
            rebuilder.rebuildNow("followup-deadlines");
            assertThat(readModels()).isEqualTo(live);
        } finally {
            scheduler.start();
        }
        assertThat(holding(everyTableAsText(), erased.values())).isEmpty();
    }

    @Test
    void anEntryThatStillDecryptsSomewhereIsWrittenErasedOnceTheOrderIsErased() {
        Instant t0 = freshDay(clock);
        String site = TestEvents.id("site-guard");
        String order = UUID.randomUUID().toString();
        opened(order, site);
        converted(order, site, t0);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/coordination-orders/" + order).statusCode() == 200);
        erasedByIntake(order, site, t0.truncatedTo(ChronoUnit.MICROS));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> coordination(order).body("personalDataErased", equalTo(true)));

        // Another replica, its key cache not yet expired, decrypted an entry in clear: the projection still writes 已删除.
        TrackingEntryRecorded late = new TrackingEntryRecorded(99, 10, t0, "物业前台", "迟到的联系人", "13700002222", "再联系厂家",
                "迟到的意见", "下周", "tech-zhang", null, t0.plus(Duration.ofDays(7)), t0);
        EventEnvelope clear = new EventEnvelope(UUID.randomUUID(), "followup", "TrackingEntryRecorded", 1,
                FollowupEvents.coordination(order), 99, 0, t0, site, UUID.randomUUID(), null, Actor.service("followup"),
                "{\"entryNumber\":99,\"page\":10,\"trackedAt\":\"" + t0 + "\",\"place\":\"物业前台\",\"contactPerson\":\"迟到的联系人\","
                        + "\"contactMethod\":\"13700002222\",\"content\":\"再联系厂家\",\"opinions\":\"迟到的意见\",\"plan\":\"下周\","
                        + "\"recordedBy\":\"tech-zhang\",\"correctsEntry\":null,\"nextEntryDueAt\":\"" + late.nextEntryDueAt() + "\","
                        + "\"at\":\"" + t0 + "\"}");
        try {
            QuarkusTransaction.requiringNew().run(() -> projection.apply(clear,
                    stores.coordination().load(FollowupEvents.coordination(order)).aggregate()));
            entries(order).body("items.find { it.page == 10 }.contactPerson", equalTo(Personal.ERASED))
                    .body("items.find { it.page == 10 }.contactMethod", equalTo(Personal.ERASED))
                    .body("items.find { it.page == 10 }.opinions", equalTo(Personal.ERASED))
                    .body("items.find { it.page == 10 }.content", equalTo("再联系厂家"))
                    .body("items.find { it.page == 10 }.personalDataErased", equalTo(true));
        } finally {
            rebuilder.rebuildNow("followup"); // the entry is in no store: the read model is the store's again
        }
    }
}
