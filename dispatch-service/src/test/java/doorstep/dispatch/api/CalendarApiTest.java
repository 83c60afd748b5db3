package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.problemReported;
import static doorstep.dispatch.api.DispatchTestSupport.publish;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static doorstep.testing.Http.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.testing.Http;
import doorstep.dispatch.application.CalendarSeed;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The working calendar is data: the shipped 2026 list is recorded once; an admin publishes the next
 * year through the API and it counts at once, moving pending warranty deadlines visibly; health and a
 * metric warn from 1 December while the next year is missing. 2027's dates here are made-up test data.
 * The methods run in order: the warning needs 2027 unpublished, the rest publishes it.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CalendarApiTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Made-up 2027 test data: Friday 1 January and Monday 4 January off, Saturday 9 January worked. */
    static final Map<String, Object> TEST_2027 = Map.of("year", 2027, "holidays", List.of("2027-01-01", "2027-01-04"),
            "makeUpWorkingDays", List.of("2027-01-09"), "source", "test data, not the State Council's notice");

    @Inject
    Clock clock;
    @Inject
    EventStore store;
    @Inject
    EntityManager em;
    @Inject
    CalendarSeed seed;

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
    }

    static String warrantyOrderOn(String site) {
        String order = UUID.randomUUID().toString();
        publish("intake", "ProblemReported", order, 1, site, problemReported(order, site, "unit-" + order.substring(0, 8), true, "IN_UNIT"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.admin().get("/api/v1/dispatches/" + order).statusCode() == 200);
        return order;
    }

    static String dispatchedWarrantyOrder() {
        String tech = technicianId();
        String order = warrantyOrderOn(newSiteWithTechnicians(tech));
        agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200)
                .body("dispatch.conversionRule", equalTo("WARRANTY_ONE_WORKING_DAY"));
        return order;
    }

    static Instant conversionDue(String order) {
        return Instant.parse(Http.admin().get("/api/v1/dispatches/" + order).then().statusCode(200).extract().path("dispatch.conversionDueAt"));
    }

    Instant storedDeadline(String order) {
        return QuarkusTransaction.requiringNew().call(() -> DispatchQueries.instant(em.createNativeQuery(
                "select due_at from scheduled_deadline where stream_id = ?1 and kind = 'CONVERSION'")
                .setParameter(1, order).getSingleResult()));
    }

    List<EventEnvelope> events(String stream, String type) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(stream)).stream().filter(e -> e.type().equals(type)).toList();
    }

    static JsonPath calendarCheck() {
        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("status")).isEqualTo("UP");
        List<Map<String, Object>> checks = health.getList("checks");
        Map<String, Object> check = checks.stream().filter(c -> "working-calendar".equals(c.get("name"))).findFirst().orElseThrow();
        assertThat(check.get("status")).isEqualTo("UP");
        return new JsonPath(given().get("/q/health/ready").asString()).setRootPath("checks.find { it.name == 'working-calendar' }.data");
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    @Order(1)
    void theShippedYearIsRecordedOnceAsDataAndStartingAgainRecordsNothing() {
        CompletableFuture<?>[] replicas = new CompletableFuture<?>[3];
        for (int i = 0; i < replicas.length; i++) {
            replicas[i] = CompletableFuture.runAsync(seed::seedShippedYears);
        }
        CompletableFuture.allOf(replicas).join();

        assertThat(events("calendar/2026", "CalendarYearPublished")).hasSize(1);
        Http.admin().get("/api/v1/calendar/years/2026").then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("source", containsString("shipped list"))
                .body("holidays", hasSize(33)).body("holidays", hasItem("2026-10-01"))
                .body("makeUpWorkingDays", equalTo(List.of("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")));
        Http.admin().get("/api/v1/calendar/years/2027").then().statusCode(404);
    }

    @Test
    @Order(2)
    void healthAndTheMetricWarnFromTheFirstOfDecemberWhileTheNextYearIsMissing() {
        ControllableClock time = (ControllableClock) clock;
        time.set(local("2026-11-30T23:59:59"));
        JsonPath november = calendarCheck();
        assertThat(november.getBoolean("currentYearPublished")).isTrue();
        assertThat(november.getBoolean("nextYearPublished")).isFalse();
        assertThat(november.getString("warning")).isNull();
        assertThat(metrics()).contains("doorstep_calendar_next_year_missing 0.0");

        time.set(local("2026-12-01T00:00:00"));
        JsonPath december = calendarCheck();
        assertThat(december.getInt("nextYear")).isEqualTo(2027);
        assertThat(december.getString("warning")).contains("2027 is not published");
        assertThat(metrics()).contains("doorstep_calendar_next_year_missing 1.0").contains("doorstep_calendar_current_year_missing 0.0");
    }

    @Test
    @Order(3)
    void aWarrantyOrderDispatchedOnTheLastDayOfTheYearCountsTheNextYearOnceAnAdminPublishesIt() {
        ((ControllableClock) clock).set(local("2026-12-31T10:00:00")); // a Thursday
        String before = dispatchedWarrantyOrder();
        assertThat(conversionDue(before)).as("weekdays only while 2027 is missing").isEqualTo(local("2027-01-01T10:00:00"));

        as("admin", "ops-1").header("Idempotency-Key", "publish-2027-" + UUID.randomUUID()).body(TEST_2027)
                .post("/api/v1/calendar/years").then().statusCode(201)
                .header("Location", containsString("/api/v1/calendar/years/2027")).header("ETag", equalTo("\"1\""))
                .body("year.holidays", equalTo(List.of("2027-01-01", "2027-01-04")))
                .body("deadlinesMoved", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        // the order dispatched before: its deadline moved, with an event, and the stored deadline with it
        assertThat(conversionDue(before)).isEqualTo(local("2027-01-05T10:00:00"));
        assertThat(storedDeadline(before)).isEqualTo(local("2027-01-05T10:00:00"));
        List<EventEnvelope> moved = events(before, "ConversionDeadlineMoved");
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0).payload()).contains(local("2027-01-01T10:00:00").toString()).contains(local("2027-01-05T10:00:00").toString())
                .contains("calendar 2027 published");
        assertThat(moved.get(0).actor().id()).isEqualTo("ops-1");
        Http.admin().get("/api/v1/dispatches/" + before + "/timeline").then().body("items.type", hasItem("ConversionDeadlineMoved"));

        // an order dispatched now counts 2027 at once: no restart, nothing to move
        String after = dispatchedWarrantyOrder();
        assertThat(conversionDue(after)).isEqualTo(local("2027-01-05T10:00:00"));
        assertThat(events(after, "ConversionDeadlineMoved")).isEmpty();

        JsonPath health = calendarCheck();
        assertThat(health.getBoolean("nextYearPublished")).isTrue();
        assertThat(health.getString("warning")).isNull();
        assertThat(metrics()).contains("doorstep_calendar_next_year_missing 0.0");
    }

    @Test
    @Order(4)
    void aCorrectedDayMovesEveryPendingDeadlineItTouchesAndTheOrderConvertsAtTheNewTime() {
        ControllableClock time = (ControllableClock) clock;
        time.set(local("2026-12-31T11:00:00"));
        String order = dispatchedWarrantyOrder();
        assertThat(conversionDue(order)).isEqualTo(local("2027-01-05T11:00:00"));
        String etag = Http.admin().get("/api/v1/calendar/years/2027").then().statusCode(200).extract().header("ETag");

        as("admin", "ops-1").header("If-Match", "\"0\"").body(Map.of("date", "2027-01-05", "kind", "HOLIDAY", "reason", "r"))
                .post("/api/v1/calendar/years/2027/corrections").then().statusCode(412);
        as("team-leader", "leader-1").body(Map.of("date", "2027-01-05", "kind", "HOLIDAY", "reason", "r"))
                .post("/api/v1/calendar/years/2027/corrections").then().statusCode(403);
        as("admin", "ops-1").body(Map.of("date", "2027-01-05", "kind", "HOLIDAY", "reason", "notice amended (test data)"))
                .header("If-Match", etag).header("Idempotency-Key", "correct-" + UUID.randomUUID())
                .post("/api/v1/calendar/years/2027/corrections").then().statusCode(200)
                .header("ETag", equalTo("\"2\"")).body("year.holidays", hasItem("2027-01-05"))
                .body("deadlinesMoved", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        assertThat(conversionDue(order)).isEqualTo(local("2027-01-06T11:00:00"));
        assertThat(events(order, "ConversionDeadlineMoved")).hasSize(1);
        assertThat(events(order, "ConversionDeadlineMoved").get(0).payload()).contains("2027-01-05 corrected to HOLIDAY");

        time.set(local("2027-01-05T11:00:00"));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> events(order, "ConvertedToCoordination").isEmpty());
        time.set(local("2027-01-06T11:00:00"));
        await().atMost(Duration.ofSeconds(30)).until(() -> events(order, "ConvertedToCoordination").size() == 1);
    }

    @Test
    @Order(5)
    void badCalendarInputIsRefusedNamingTheField() {
        as("admin", "ops-1").body(Map.of("year", 2028, "holidays", List.of("2028-01-01", "2028-13-01"), "makeUpWorkingDays", List.of(),
                        "source", "test data"))
                .post("/api/v1/calendar/years").then().statusCode(400).contentType(containsString("problem+json"))
                .body(containsString("holidays[1]"));
        as("admin", "ops-1").body(Map.of("year", 2028, "holidays", List.of("2027-12-31"), "makeUpWorkingDays", List.of(), "source", "test data"))
                .post("/api/v1/calendar/years").then().statusCode(400).body(containsString("holidays"));
        as("admin", "ops-1").body(Map.of("year", 2028, "holidays", List.of(), "makeUpWorkingDays", List.of("2028-01-03"), "source", "test data"))
                .post("/api/v1/calendar/years").then().statusCode(400).body(containsString("makeUpWorkingDays"));
        as("admin", "ops-1").body(Map.of("holidays", List.of(), "makeUpWorkingDays", List.of()))
                .post("/api/v1/calendar/years").then().statusCode(400).body(containsString("year")).body(containsString("source"));
        as("admin", "ops-1").body(TEST_2027).post("/api/v1/calendar/years").then().statusCode(409)
                .body(containsString("publish-a-year-once"));
        as("admin", "ops-1").body(Map.of("date", "2029-01-02", "kind", "HOLIDAY", "reason", "r"))
                .post("/api/v1/calendar/years/2029/corrections").then().statusCode(404);
        as("admin", "ops-1").body(Map.of("date", "2026-01-02", "kind", "SOMETIMES", "reason", "r"))
                .post("/api/v1/calendar/years/2026/corrections").then().statusCode(400).body(containsString("kind"));
        as("admin", "ops-1").body(Map.of("date", "2027-01-02", "kind", "HOLIDAY", "reason", "r"))
                .post("/api/v1/calendar/years/2026/corrections").then().statusCode(400).body(containsString("date"));
        agent().body(TEST_2027).post("/api/v1/calendar/years").then().statusCode(403);
        Http.admin().get("/api/v1/calendar/years").then().statusCode(200).body("year", hasItem(2026)).body("year", hasItem(2027));
    }
}
