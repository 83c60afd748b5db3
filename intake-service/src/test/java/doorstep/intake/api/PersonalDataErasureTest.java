package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import doorstep.intake.projection.OrderSummaryProjection;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.Projections;
import doorstep.platform.projection.ProjectionRebuilder;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding over the running service (D48): orders with known personal values, erased on an
 * administrator's request (by phone and by unit) and on followup's RetentionExpired; then no byte of
 * those values is left in intake's database (the unit registry aside), the read model rebuilt from
 * the log equals the live one, and orders not erased read as before.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class PersonalDataErasureTest {

    @Inject
    DataSource db;
    @Inject
    Projections projections;
    @Inject
    ProjectionRebuilder rebuilder;

    /** Random digits, so that the values scanned for are this test's and nobody else's. */
    static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(ThreadLocalRandom.current().nextInt(10));
        }
        return s.toString();
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    /** A site, and a unit on it whose legal owner has the given name and phone; returns the unit id. */
    static String unit(String site, String number, String ownerName, String ownerPhone) {
        return as("admin").body(Map.of("siteId", site, "building", "9栋", "unitNumber", number,
                        "owner", Map.of("name", ownerName, "phones", List.of(ownerPhone))))
                .post("/api/v1/units").then().statusCode(201).extract().path("id");
    }

    static String report(Map<String, Object> body) {
        return agent().header("Idempotency-Key", UUID.randomUUID().toString()).body(body).post("/api/v1/orders").then().statusCode(201)
                .extract().path("id");
    }

    static Map<String, Object> inUnit(String unitId, String name, String phone) {
        return Map.of("unitId", unitId, "reporter", Map.of("name", name, "phone", phone), "visitTime", "ASAP", "content", "厨房水管漏水");
    }

    /** Publishes followup's RetentionExpired for an order; returns its event id. */
    static UUID retentionExpired(String orderId, String site, String recordKind) {
        EventEnvelope e = new EventEnvelope(UUID.randomUUID(), "followup", "RetentionExpired", 1, orderId + "/retention", 2, 0,
                Instant.now(), site, UUID.randomUUID(), null, Actor.service("followup"),
                "{\"orderId\":\"" + orderId + "\",\"recordKind\":\"" + recordKind + "\",\"retainUntil\":\"2026-11-30T00:00:00Z\","
                        + "\"personalData\":[\"reporter\"],\"services\":[\"intake\"],\"at\":\"2026-11-30T00:00:00Z\"}");
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.followup.events", e));
        return e.eventId();
    }

    @Test
    void erasedOrdersLeaveNoPersonalValueBehindAndRebuildTheSame() throws Exception {
        String site = "site-" + tag();
        as("admin").body(Map.of("id", site, "name", "阳光花园")).post("/api/v1/sites").then().statusCode(201);

        // given: order A in unit 1 (owner, a first reporter with a landline and extension, then a second reporter)
        String ownerA = "业主甲" + tag();
        String ownerPhoneA = "136" + digits(8);
        String reporterA = "报事人甲" + tag();
        String landlineA = "0755-86" + digits(6);
        String extensionA = digits(8);
        String reporterA2 = "报事人乙" + tag();
        String mobileA2 = "137" + digits(8);
        String unit1 = unit(site, "101-" + tag(), ownerA, ownerPhoneA);
        String a = report(inUnit(unit1, reporterA, landlineA + "转" + extensionA));
        agent().header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("reporter", Map.of("name", reporterA2, "phone", mobileA2)))
                .post("/api/v1/orders/" + a + "/amendment").then().statusCode(200);
        // order C in unit 2, to be erased when its retention ends; order D in unit 3, a coordination order's retention
        String ownerC = "业主丙" + tag();
        String ownerPhoneC = "135" + digits(8);
        String reporterC = "报事人丙" + tag();
        String mobileC = "139" + digits(8);
        String c = report(inUnit(unit(site, "102-" + tag(), ownerC, ownerPhoneC), reporterC, mobileC));
        String ownerD = "业主丁" + tag();
        String ownerPhoneD = "133" + digits(8);
        String reporterD = "报事人丁" + tag();
        String mobileD = "188" + digits(8);
        String d = report(inUnit(unit(site, "103-" + tag(), ownerD, ownerPhoneD), reporterD, mobileD));
        // order B, a public area's: never erased
        String reporterB = "报事人戊" + tag();
        String mobileB = "186" + digits(8);
        String b = report(Map.of("siteId", site, "publicArea", "3栋大堂", "reporter", Map.of("name", reporterB, "phone", mobileB),
                "visitTime", "ASAP", "content", "大堂灯坏了"));
        List<String> erasedValues = List.of(ownerA, ownerPhoneA, reporterA, landlineA, landlineA.replace("-", ""), extensionA, reporterA2,
                mobileA2, ownerC, ownerPhoneC, reporterC, mobileC);
        List<String> keptValues = List.of(ownerD, ownerPhoneD, reporterD, mobileD, reporterB, mobileB);
        assertThat(tablesHolding(erasedValues)).as("before erasure the scan finds the values").contains("order_summary", "idempotent_request");

        // when: an administrator erases by the owner's phone (written differently), and again by the unit
        as("admin").body(Map.of("phone", "+86 " + ownerPhoneA.substring(0, 3) + " " + ownerPhoneA.substring(3), "reason", "业主本人要求删除"))
                .post("/api/v1/personal-data/erasures").then().statusCode(200)
                .body("erased", hasSize(1)).body("erased[0].orderId", equalTo(a)).body("erased[0].siteId", equalTo(site))
                .body("erased[0].erasedNow", equalTo(true)).body("erasedAt", org.hamcrest.Matchers.notNullValue());
        as("admin").body(Map.of("unitId", unit1)).post("/api/v1/personal-data/erasures").then().statusCode(200)
                .body("erased", hasSize(1)).body("erased[0].orderId", equalTo(a)).body("erased[0].erasedNow", equalTo(false));
        // and followup's retention ends for D (a coordination order: kept) and for C
        UUID keptForEver = retentionExpired(d, site, "COORDINATION_ORDER");
        UUID expired = retentionExpired(c, site, "FREE_DISPATCH_ORDER");

        // then: the views show the marker, at once for A and within seconds for C
        agent().get("/api/v1/orders/" + a).then().statusCode(200).body("personalDataErased", equalTo(true))
                .body("reporter.name", equalTo(Personal.ERASED)).body("reporter.phone.canonical", equalTo(Personal.ERASED))
                .body("reporter.phone.fallbackDial", equalTo(Personal.ERASED)).body("reporter.phone.kind", equalTo("MOBILE"))
                .body("legalOwner.name", equalTo(Personal.ERASED)).body("legalOwner.phones", everyItem(equalTo(Personal.ERASED)))
                .body("content", equalTo("厨房水管漏水")).body("location.unitId", equalTo(unit1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> agent().get("/api/v1/orders/" + c).then()
                .body("personalDataErased", equalTo(true)).body("reporter.name", equalTo(Personal.ERASED)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(keptForEver) && processed(expired));
        agent().get("/api/v1/orders/" + a + "/timeline").then()
                .body("items[0].data.reporter.name", equalTo(Personal.ERASED)).body("items[1].data.reporter.phone.canonical", equalTo(Personal.ERASED))
                .body("items[0].data.content", equalTo("厨房水管漏水"));
        agent().queryParam("siteId", site).get("/api/v1/orders").then()
                .body("items.findAll { it.personalDataErased }.id", org.hamcrest.Matchers.containsInAnyOrder(a, c));

        // and the order desk (D53), which learns of each erasure from intake's topic, shows the marker too
        for (String erased : List.of(a, c)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> agent().get("/api/v1/desk/orders/" + erased).then().statusCode(200)
                    .body("personalDataErased", equalTo(true)).body("reporter.name", equalTo(Personal.ERASED))
                    .body("reporter.phone", equalTo(Personal.ERASED)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> agent().queryParam("siteId", site).queryParam("q", reporterA2)
                .get("/api/v1/desk/orders").then().statusCode(200).body("items", hasSize(0)));
        agent().get("/api/v1/desk/orders/" + a + "/timeline").then().statusCode(200)
                .body("items.find { it.type == 'ProblemReported' }.data.reporter.name", equalTo(Personal.ERASED));
        agent().get("/api/v1/desk/orders/" + d).then().statusCode(200).body("reporter.name", equalTo(reporterD));

        // and no table of intake's database holds an erased value (the unit registry, the company's master data, aside)
        assertThat(tablesHolding(erasedValues)).isEmpty();
        // while the orders not erased keep theirs (which shows the scan finds what is there)
        for (String kept : keptValues) {
            assertThat(tablesHolding(List.of(kept))).as(kept).contains("order_summary"); // the event store holds it sealed only
        }
        agent().get("/api/v1/orders/" + b).then().body("personalDataErased", equalTo(false)).body("reporter.name", equalTo(reporterB))
                .body("reporter.phone.canonical", equalTo(mobileB));
        agent().get("/api/v1/orders/" + d).then().body("personalDataErased", equalTo(false)).body("reporter.name", equalTo(reporterD))
                .body("legalOwner.name", equalTo(ownerD)).body("legalOwner.phones", hasItem(ownerPhoneD));
        agent().get("/api/v1/orders/" + d + "/timeline").then().body("items[0].data.reporter.phone.canonical", equalTo(mobileD));

        // and every read model rebuilt from the log equals the live one, markers included
        assertThat(projections.list()).extracting(Projection::name).containsExactly(OrderSummaryProjection.NAME);
        for (Projection p : projections.list()) {
            List<String> live = rows("order_summary");
            rebuilder.rebuildNow(p.name());
            assertThat(rows("order_summary")).as(p.name()).isEqualTo(live);
        }
        agent().get("/api/v1/orders/" + a).then().body("personalDataErased", equalTo(true)).body("reporter.name", equalTo(Personal.ERASED));
    }

    @Test
    void anAmendmentAfterTheErasureNeverShowsItsPersonalValues() throws Exception {
        String site = "site-" + tag();
        as("admin").body(Map.of("id", site, "name", "阳光花园")).post("/api/v1/sites").then().statusCode(201);
        String unitId = unit(site, "201-" + tag(), "业主己" + tag(), "131" + digits(8));
        String order = report(inUnit(unitId, "报事人庚" + tag(), "132" + digits(8)));
        as("admin").body(Map.of("unitId", unitId)).post("/api/v1/personal-data/erasures").then().statusCode(200)
                .body("erased[0].erasedNow", equalTo(true));

        String newcomer = "报事人辛" + tag();
        String newPhone = "134" + digits(8);
        agent().body(Map.of("reporter", Map.of("name", newcomer, "phone", newPhone), "content", "改为卫生间漏水"))
                .post("/api/v1/orders/" + order + "/amendment").then().statusCode(200)
                .body("reporter.name", equalTo(Personal.ERASED)).body("content", equalTo("改为卫生间漏水"))
                .body("personalDataErased", equalTo(true));
        assertThat(tablesHolding(List.of(newcomer, newPhone))).isEmpty();
    }

    @Test
    void aRetentionExpiredNamingAnotherOrderThanItsSubjectIsDeadLetteredAndErasesNothing() {
        // given: an order with its reporter's name
        String site = "site-" + tag();
        as("admin").body(Map.of("id", site, "name", "阳光花园")).post("/api/v1/sites").then().statusCode(201);
        String order = report(inUnit(unit(site, "1" + digits(3), "业主" + tag(), "139" + digits(8)), "报事人" + tag(), "138" + digits(8)));
        // when: followup's RetentionExpired for it names a blank order (the schema does not forbid one)
        EventEnvelope blank = new EventEnvelope(UUID.randomUUID(), "followup", "RetentionExpired", 1, order + "/retention", 2, 0,
                Instant.now(), site, UUID.randomUUID(), null, Actor.service("followup"),
                "{\"orderId\":\"\",\"recordKind\":\"FREE_DISPATCH_ORDER\",\"retainUntil\":\"2026-11-30T00:00:00Z\","
                        + "\"personalData\":[\"reporter\"],\"services\":[\"intake\"],\"at\":\"2026-11-30T00:00:00Z\"}");
        TestEvents.send(CloudEventsKafka.toRecord("doorstep.followup.events", blank));
        // then: it goes to intake's dead-letter topic with the reason, and the order keeps its personal data
        var dead = doorstep.testing.KafkaTopicReader.awaitRecords("doorstep.followup.events.intake-service.dlq", Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> blank.eventId().toString().equals(CloudEventsKafka.header(r.headers(), "ce_id"))));
        assertThat(dead.stream().filter(r -> blank.eventId().toString().equals(CloudEventsKafka.header(r.headers(), "ce_id")))
                .map(r -> CloudEventsKafka.header(r.headers(), "dead-letter-reason")).findFirst().orElseThrow())
                .isEqualTo("RetentionExpired " + blank.eventId() + " names order '', not its subject " + order);
        agent().get("/api/v1/orders/" + order).then().statusCode(200).body("personalDataErased", equalTo(false));
    }

    @Test
    void anErasureRequestNamesExactlyOneSubjectAndAnswersNoMatchWithAnEmptyList() {
        as("admin").body(Map.of("reason", "x")).post("/api/v1/personal-data/erasures").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("phone"));
        String phone = "138" + digits(8);
        as("admin").body(Map.of("phone", phone, "unitId", "u-1")).post("/api/v1/personal-data/erasures").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("unitId"));
        String badPhone = "12" + digits(5);
        String answer = as("admin").body(Map.of("phone", badPhone)).post("/api/v1/personal-data/erasures").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("phone")).extract().asString();
        assertThat(answer).doesNotContain(badPhone);
        as("admin").body(Map.of("unitId", "u-1", "reason", "长".repeat(501))).post("/api/v1/personal-data/erasures").then().statusCode(400)
                .body("errors.field", hasItem("reason"));
        as("admin").body(Map.of("phone", phone)).post("/api/v1/personal-data/erasures").then().statusCode(200)
                .body("erased", hasSize(0)).body("erasedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void anAdministratorOfOneSiteErasesOnlyThatSitesOrders() {
        String site = "site-" + tag();
        as("admin").body(Map.of("id", site, "name", "阳光花园")).post("/api/v1/sites").then().statusCode(201);
        String phone = "150" + digits(8);
        String unitId = unit(site, "301-" + tag(), "业主壬" + tag(), phone);
        String order = report(inUnit(unitId, "报事人癸" + tag(), "151" + digits(8)));

        doorstep.testing.Http.as("admin", "admin-other", "another-site").body(Map.of("phone", phone))
                .post("/api/v1/personal-data/erasures").then().statusCode(200).body("erased", hasSize(0));
        agent().get("/api/v1/orders/" + order).then().body("personalDataErased", equalTo(false));
    }

    /** Whether intake's consumer of followup events has processed the event. */
    private boolean processed(UUID eventId) throws SQLException {
        try (Connection c = db.getConnection(); java.sql.PreparedStatement s = c.prepareStatement(
                "select count(*) from processed_event where consumer = 'intake-from-followup' and event_id = ?")) {
            s.setObject(1, eventId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1) == 1;
            }
        }
    }

    /**
     * The tables of intake's database (schema public) whose rows, as text, contain one of {@code values}.
     * The unit registry ({@code unit}, {@code site}) is left out: it is the company's master data of its
     * owners, kept by the company, not data of an order.
     */
    private List<String> tablesHolding(List<String> values) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            assertThat(tables).contains("event_store", "order_summary", "idempotent_request", "unit");
            for (String table : tables) {
                if (table.equals("unit") || table.equals("site")) {
                    continue;
                }
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select t::text from \"" + table + "\" t")) {
                    while (r.next()) {
                        String row = r.getString(1);
                        if (values.stream().anyMatch(v -> row != null && row.contains(v))) {
                            found.add(table);
                            break;
                        }
                    }
                }
            }
        }
        return found;
    }

    private List<String> rows(String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select t::text from " + table + " t order by order_id")) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
