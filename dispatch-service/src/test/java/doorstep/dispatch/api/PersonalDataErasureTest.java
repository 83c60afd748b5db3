package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.dispatch.api.DispatchTestSupport.freshDay;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.problemReported;
import static doorstep.dispatch.api.DispatchTestSupport.publish;
import static doorstep.dispatch.api.DispatchTestSupport.technician;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
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

import doorstep.platform.domain.Personal;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.ProjectionRebuilder;
import doorstep.platform.projection.Projections;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.Http;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 (D48) over the running service: an order's lifecycle with known personal values, intake's
 * {@code PersonalDataErased} on the real topic, then the marker in the views, none of the values in any
 * table of the service's database, every projection rebuilt equal to the live one, and an order that
 * was not erased unaffected.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class PersonalDataErasureTest {

    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    EventStore store;
    @Inject
    Projections projections;
    @Inject
    ProjectionRebuilder rebuilder;

    // What the erased order's people said and signed: each must be gone from the database afterwards.
    final String tag = UUID.randomUUID().toString().substring(0, 6);
    final String reporterName = "欧阳娜娜" + tag;
    final String amendedName = "欧阳大娜" + tag;
    final String reporterPhone = "028-8765" + (1000 + (int) (Math.random() * 8999));
    final String extension = "73" + (10 + (int) (Math.random() * 89));
    final String clarification = "吊顶也在滴水-" + tag;
    final String appointmentNote = "业主下午三点后在家-" + tag;
    final String riskSignature = "sig-risk-" + tag;
    final String technicianSignature = "sig-tech-" + tag;
    final String ownerSignature = "sig-owner-" + tag;
    final String ownerComment = "师傅很细心-" + tag;
    final String lateName = "迟到的名字" + tag;

    @Test
    void anErasedOrderKeepsNoPersonalValueAnywhereAndRebuildsToTheSameRows() {
        Instant t0 = freshDay(clock);
        ControllableClock time = (ControllableClock) clock;
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);

        // given: an order whose reporter, notes, signatures and comment are known, through its whole lifecycle
        String erased = UUID.randomUUID().toString();
        publish("intake", "ProblemReported", erased, 1, site, report(erased, site, reporterName, reporterPhone, extension));
        awaitView(erased, "reporterName", reporterName);
        publish("intake", "OrderAmended", erased, 2, site, amendment(erased, amendedName, reporterPhone, "LANDLINE", extension));
        awaitView(erased, "reporterName", amendedName);
        String path = "/api/v1/dispatches/" + erased;
        agent().header("Idempotency-Key", "assign-" + tag).body(Map.of("technicianId", tech)).post(path + "/assignment").then()
                .statusCode(200).body("dispatch.reporterPhone", equalTo(reporterPhone)); // the stored answer repeats the phone
        technician(tech).post(path + "/acceptance").then().statusCode(200);
        technician(tech).body(Map.of("contentClarified", true, "clarification", clarification, "preparedTools", List.of("人字梯")))
                .post(path + "/reporter-contact").then().statusCode(200);
        technician(tech).body(Map.of("appointmentAt", t0.plus(Duration.ofHours(2)).toString(), "ownerConsent", "AGREED",
                "note", appointmentNote)).post(path + "/appointment").then().statusCode(200);
        time.advance(Duration.ofMinutes(100));
        technician(tech).post(path + "/arrival").then().statusCode(200);
        technician(tech).body(Map.of("paid", false, "part", "PRIVATE")).post(path + "/survey").then().statusCode(200);
        technician(tech).body(Map.of("description", "需在墙面打孔,可能损坏瓷砖")).post(path + "/risk-disclosure").then().statusCode(200);
        technician(tech).body(Map.of("consented", true, "signatureRef", riskSignature)).post(path + "/risk-consent").then().statusCode(200);
        technician(tech).post(path + "/work-start").then().statusCode(200);
        time.advance(Duration.ofMinutes(10));
        technician(tech).body(Map.of("result", "已更换角阀",
                        "serviceItems", List.of(Map.of("code", "S-TOILET", "performedAt", time.instant().minusSeconds(60).toString())),
                        "materialsUsed", List.of(), "technicianSignatureRef", technicianSignature, "checks", DispatchTestSupport.ALL_CHECKS))
                .post(path + "/completion").then().statusCode(200);
        technician(tech).header("Idempotency-Key", "accept-" + tag)
                .body(Map.of("signatureRef", ownerSignature, "rating", 5, "comment", ownerComment))
                .post(path + "/owner-acceptance").then().statusCode(200);
        // and an order that will not be erased, and one that is erased before a late amendment
        String kept = UUID.randomUUID().toString();
        publish("intake", "ProblemReported", kept, 1, site, report(kept, site, "诸葛明" + tag, "13900001111", null));
        String late = UUID.randomUUID().toString();
        publish("intake", "ProblemReported", late, 1, site, report(late, site, "司马亮" + tag, "13900002222", null));
        awaitView(kept, "reporterName", "诸葛明" + tag);
        awaitView(late, "reporterName", "司马亮" + tag);
        // and one whose extension goes before the erasure: a rebuild, which knows of the erasure from the start, must
        // still end with no extension (the live row had none when it was erased)
        String changed = UUID.randomUUID().toString();
        publish("intake", "ProblemReported", changed, 1, site, report(changed, site, "欧阳春" + tag, "010-62345678", "8012"));
        publish("intake", "OrderAmended", changed, 2, site, "{\"orderId\":\"" + changed + "\",\"reporter\":{\"name\":\"欧阳春" + tag
                + "\",\"phone\":{\"canonical\":\"010-62345679\",\"kind\":\"LANDLINE\",\"fallbackDial\":null,\"extension\":null}},"
                + "\"visitTime\":null,\"content\":null,\"warranty\":null,\"amendedAt\":\"" + clock.instant() + "\"}");
        awaitView(changed, "reporterPhone", "010-62345679");
        Http.admin().get("/api/v1/dispatches/" + changed).then().body("dispatch.reporterPhoneExtension", org.hamcrest.Matchers.nullValue());
        List<String> values = List.of(reporterName, amendedName, reporterPhone, clarification, appointmentNote, riskSignature,
                technicianSignature, ownerSignature, ownerComment, "司马亮" + tag, "13900002222", lateName);
        // the scan can find what it looks for: before the erasure the board and the stored answers hold the reporter
        assertThat(tablesHolding(reporterPhone)).contains("dispatch_board", "idempotent_request");
        assertThat(tablesHolding(extension)).contains("dispatch_board");

        // when: intake erased both orders' personal data (its key custodian destroyed their keys)
        publish(erasure(erased, site));
        publish(erasure(late, site));
        publish(erasure(changed, site));
        awaitView(changed, "personalDataErased", true);
        awaitView(erased, "personalDataErased", true);
        awaitView(late, "personalDataErased", true);
        publish("intake", "OrderAmended", late, 2, site, amendment(late, lateName, "13900002222", "MOBILE", null)); // late, from a replica that had the key
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> store.load(late).size()) == 2);

        // then: the views read 已删除 next to personalDataErased: true, the timeline too
        for (String order : List.of(erased, late)) {
            Http.admin().get("/api/v1/dispatches/" + order).then().statusCode(200)
                    .body("dispatch.personalDataErased", equalTo(true))
                    .body("dispatch.reporterName", equalTo(Personal.ERASED))
                    .body("dispatch.reporterPhone", equalTo(Personal.ERASED))
                    .body("dispatch.content", equalTo("厨房水管漏水")); // non-personal facts stay
        }
        Http.admin().get(path).then().body("dispatch.reporterPhoneExtension", equalTo(Personal.ERASED))
                .body("dispatch.rating", equalTo(5)).body("dispatch.status", equalTo("SIGNED_OFF"));
        Http.admin().get("/api/v1/dispatches/" + late).then().body("dispatch.reporterPhoneExtension", org.hamcrest.Matchers.nullValue());
        String timeline = Http.admin().get(path + "/timeline").then().statusCode(200).extract().asString();
        assertThat(timeline).contains(Personal.ERASED).doesNotContain(values.toArray(String[]::new));
        // dispatch recorded the erasure once, as its own event, and dropped the stored answers naming the order
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.load(PersonalDataErased.streamOf(erased)))).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(Actor.service("dispatch")));

        // and no table of the service's database holds any of the values
        Map<String, String> everything = dump(null);
        assertThat(everything.keySet()).contains("event_store", "dispatch_board", "idempotent_request", "visit_log", "data_key");
        for (String value : values) {
            assertThat(tablesHolding(value)).as(value).isEmpty();
        }

        // and every projection rebuilt from the log gives exactly the live rows, markers included
        List<String> orders = List.of(erased, kept, late, changed);
        Map<String, String> live = readModels(orders);
        assertThat(live.get("dispatch_board")).contains(Personal.ERASED, "诸葛明" + tag);
        List<String> names = projections.list().stream().map(Projection::name).toList();
        assertThat(names).contains("dispatch-board", "visit-log", "deadlines", "working-calendar");
        names.forEach(rebuilder::rebuildNow);
        assertThat(readModels(orders)).isEqualTo(live);
        Http.admin().get("/api/v1/dispatches/" + changed).then().body("dispatch.reporterPhoneExtension", org.hamcrest.Matchers.nullValue())
                .body("dispatch.reporterPhone", equalTo(Personal.ERASED));

        // and the order that was not erased reads as before
        Http.admin().get("/api/v1/dispatches/" + kept).then().statusCode(200)
                .body("dispatch.personalDataErased", equalTo(false))
                .body("dispatch.reporterName", equalTo("诸葛明" + tag)).body("dispatch.reporterPhone", equalTo("13900001111"));
        assertThat(Http.admin().get("/api/v1/dispatches/" + kept + "/timeline").then().extract().asString()).contains("诸葛明" + tag);
    }

    private static String report(String orderId, String siteId, String name, String phone, String extension) {
        return problemReported(orderId, siteId, "unit-" + orderId, false, "IN_UNIT").replace(
                "\"reporter\":{\"name\":\"王\",\"phone\":{\"canonical\":\"13812345678\",\"kind\":\"MOBILE\",\"fallbackDial\":\"013812345678\"}}",
                "\"reporter\":{\"name\":\"" + name + "\",\"phone\":{\"canonical\":\"" + phone + "\",\"kind\":\"LANDLINE\","
                        + "\"fallbackDial\":null,\"extension\":" + (extension == null ? "null" : "\"" + extension + "\"") + "}}");
    }

    /** intake's OrderAmended.v1 with a new reporter name (the reporter is amended whole: name and phone). */
    private String amendment(String orderId, String name, String phone, String kind, String phoneExtension) {
        return "{\"orderId\":\"" + orderId + "\",\"reporter\":{\"name\":\"" + name + "\",\"phone\":{\"canonical\":\"" + phone + "\","
                + "\"kind\":\"" + kind + "\",\"fallbackDial\":null,\"extension\":" + (phoneExtension == null ? "null" : "\"" + phoneExtension + "\"")
                + "}},\"visitTime\":null,\"content\":null,\"warranty\":null,\"amendedAt\":\"" + clock.instant() + "\"}";
    }

    /** intake's PersonalDataErased.v1 on doorstep.intake.events, as the custodian publishes it. */
    private EventEnvelope erasure(String orderId, String siteId) {
        String data = "{\"orderId\":\"" + orderId + "\",\"reason\":\"SUBJECT_REQUEST\",\"erasedAt\":\"" + clock.instant() + "\"}";
        return new EventEnvelope(UUID.randomUUID(), "intake", "PersonalDataErased", 1, PersonalDataErased.streamOf(orderId), 1, 0,
                Instant.now(), siteId, UUID.randomUUID(), null, Actor.service("intake"), data);
    }

    private static void awaitView(String orderId, String field, Object value) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Http.admin().get("/api/v1/dispatches/" + orderId).then()
                .statusCode(200).body("dispatch." + field, equalTo(value)));
    }

    /** The names of the tables whose rows, as text, contain {@code value}. */
    private List<String> tablesHolding(String value) {
        List<String> found = new ArrayList<>();
        dump(null).forEach((table, rows) -> {
            if (rows.contains(value)) {
                found.add(table);
            }
        });
        return found;
    }

    /** Every table of the service's schema (or those named) as the text of its rows, sorted. */
    @SuppressWarnings("unchecked")
    private Map<String, String> dump(String where) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> tables = new LinkedHashMap<>();
            List<String> names = em.createNativeQuery("select table_name from information_schema.tables "
                    + "where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name").getResultList();
            for (String table : names) {
                List<Object> rows = em.createNativeQuery("select t::text from \"" + table + "\" t" + (where == null ? "" : where)
                        + " order by 1").getResultList();
                tables.put(table, String.join("\n", rows.stream().map(String::valueOf).toList()));
            }
            return tables;
        });
    }

    /** The read models' rows of the given orders, and the whole working calendar, as text. */
    @SuppressWarnings("unchecked")
    private Map<String, String> readModels(List<String> orders) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> rows = new LinkedHashMap<>();
            String[] ids = orders.toArray(String[]::new);
            Map<String, String> queries = Map.of(
                    "dispatch_board", "select t::text from dispatch_board t where order_id = any(cast(?1 as text[])) order by 1",
                    "visit_log", "select t::text from visit_log t where order_id = any(cast(?1 as text[])) order by 1",
                    "scheduled_deadline", "select t::text from scheduled_deadline t where stream_id = any(cast(?1 as text[])) order by 1",
                    "calendar_year", "select t::text from calendar_year t where cast(?1 as text[]) is not null order by 1",
                    "calendar_day", "select t::text from calendar_day t where cast(?1 as text[]) is not null order by 1");
            queries.forEach((table, sql) -> rows.put(table, String.join("\n",
                    ((List<Object>) em.createNativeQuery(sql).setParameter(1, ids).getResultList()).stream().map(String::valueOf).toList())));
            return rows;
        });
    }
}
