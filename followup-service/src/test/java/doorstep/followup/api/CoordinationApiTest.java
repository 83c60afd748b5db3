package doorstep.followup.api;

import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static doorstep.followup.api.FollowupTestSupport.converted;
import static doorstep.followup.api.FollowupTestSupport.entry;
import static doorstep.followup.api.FollowupTestSupport.freshDay;
import static doorstep.followup.api.FollowupTestSupport.opened;
import static doorstep.followup.api.FollowupTestSupport.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.followup.application.FollowupEvents;
import doorstep.platform.deadline.DeadlineScheduler;
import doorstep.platform.deadline.Deadlines;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.projection.ProjectionRebuilder;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class CoordinationApiTest {

    @Inject
    Clock clock;
    @Inject
    EventStore store;
    @Inject
    DeadlineScheduler scheduler;
    @Inject
    Deadlines deadlines;
    @Inject
    ProjectionRebuilder rebuilder;

    @AfterEach
    void schedulerRuns() {
        scheduler.start();
    }

    private long count(String orderId, String type) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(FollowupEvents.coordination(orderId))).stream()
                .filter(e -> e.type().equals(type)).count();
    }

    private String convertedOrder(String site, Instant at) {
        String order = UUID.randomUUID().toString();
        opened(order, site);
        EventEnvelope conversion = converted(order, site, at);
        publish(conversion); // redelivered
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/coordination-orders/" + order).statusCode() == 200);
        return order;
    }

    @Test
    void aConversionOpensOneCoordinationOrderTrackedEntryByEntryUntilArchived() {
        Instant t0 = freshDay(clock);
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String order = convertedOrder(site, t0);
        assertThat(count(order, "CoordinationOrderOpened")).isEqualTo(1);
        admin().get("/api/v1/coordination-orders/" + order).then()
                .body("coordinationNumber", matchesPattern("XT\\d{8}-\\d{6}"))
                .body("trackerId", equalTo("tech-zhang")).body("status", equalTo("OPEN"));

        for (int i = 1; i <= 11; i++) {
            as("technician", "tech-zhang").body(entry(t0, "第" + i + "次跟踪")).post("/api/v1/coordination-orders/" + order + "/entries")
                    .then().statusCode(200);
        }
        as("technician", "tech-zhang").body(Map.of("trackedAt", t0.toString(), "place", "x")).post("/api/v1/coordination-orders/" + order + "/entries")
                .then().statusCode(400).body("errors.field", hasItem("opinions")).body("errors.field", hasItem("plan"));
        admin().get("/api/v1/coordination-orders/" + order).then().body("entries", equalTo(11)).body("pages", equalTo(2))
                .body("latestEntry.page", equalTo(2)).body("latestEntry.entryNumber", equalTo(11));
        admin().get("/api/v1/coordination-orders/" + order + "/entries").then().body("items.page", hasItem(2))
                .body("items[10].entryNumber", equalTo(11)).body("items[10].page", equalTo(2)).body("items[9].page", equalTo(1));

        as("team-leader", "leader-1").body(Map.of("trackerId", "tech-li")).post("/api/v1/coordination-orders/" + order + "/tracker")
                .then().statusCode(200).body("trackerId", equalTo("tech-li"));
        admin().queryParam("trackerId", "tech-li").get("/api/v1/coordination-orders").then().body("orderId", hasItem(order));
        as("team-leader", "leader-1").post("/api/v1/coordination-orders/" + order + "/archive").then().statusCode(409)
                .body("rule", equalTo("archive-after-resolution"));
        as("technician", "tech-li").body(Map.of("result", "厂家更换配件后已修复", "customerSignatureRef", "sig-owner",
                        "trackerSignatureRef", "sig-li")).post("/api/v1/coordination-orders/" + order + "/resolution")
                .then().statusCode(200).body("status", equalTo("RESOLVED"));
        as("team-leader", "leader-1").post("/api/v1/coordination-orders/" + order + "/archive").then().statusCode(200)
                .body("status", equalTo("ARCHIVED"));
        admin().queryParam("orderId", order).get("/api/v1/retention").then().body("[0].recordKind", equalTo("COORDINATION_ORDER"))
                .body("[0].retainUntil", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void missedWeeksAndMissedChecksRaiseTheirEventsAndExemptionsSilenceThem() {
        Instant t0 = freshDay(clock);
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String order = convertedOrder(site, t0);
        ControllableClock time = (ControllableClock) clock;

        time.set(t0.plus(Duration.ofDays(7)));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(order, "TrackingEntryOverdue") == 1);
        admin().queryParam("siteId", site).queryParam("cadence", "WEEKLY_ENTRY").get("/api/v1/coordination-orders/overdue").then()
                .body("orderId", hasItem(order));

        as("team-leader", "leader-1").body(Map.of("cadence", "WEEKLY_ENTRY", "reason", "业主出国三个月"))
                .post("/api/v1/coordination-orders/" + order + "/exemptions").then().statusCode(200);
        // The exempted week is no longer pending; the checks are.
        assertThat(QuarkusTransaction.requiringNew().call(() -> deadlines.pending(FollowupEvents.coordination(order))))
                .containsOnlyKeys("CHECKS");

        // Jump past the end of the first full month: both check cadences are short; the exempted week is not raised again.
        Instant afterMonth = Instant.parse(admin().get("/api/v1/coordination-orders/" + order).then().extract()
                .<String>path("openedAt")).plus(Duration.ofDays(70));
        time.set(afterMonth);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(order, "CheckOverdue") >= 2);
        assertThat(count(order, "TrackingEntryOverdue")).isEqualTo(1);
        admin().queryParam("siteId", site).queryParam("cadence", "LEADER_CHECK").get("/api/v1/coordination-orders/overdue").then()
                .body("orderId", hasItem(order));
        as("team-leader", "leader-1").body(Map.of("comment", "已督促厂家")).post("/api/v1/coordination-orders/" + order + "/leader-checks")
                .then().statusCode(200).body("leaderCheckOverdue", equalTo(false));
        as("technician", "tech-zhang").body(Map.of("comment", "x")).post("/api/v1/coordination-orders/" + order + "/supervisor-checks")
                .then().statusCode(403);
    }

    @Test
    void aPendingCadenceDeadlineSurvivesASchedulerRestart() {
        Instant t0 = freshDay(clock);
        String order = convertedOrder("site-restart", t0);
        scheduler.stop();
        ((ControllableClock) clock).set(t0.plus(Duration.ofDays(8)));
        assertThat(QuarkusTransaction.requiringNew().call(() -> deadlines.pending(FollowupEvents.coordination(order))))
                .containsKey("WEEKLY_ENTRY");
        assertThat(count(order, "TrackingEntryOverdue")).isZero();
        scheduler.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(order, "TrackingEntryOverdue") == 1);
    }

    @Test
    void aCheckBeforeTheFirstFullMonthIsNotCountedOnTheBoardAsTheOrderDoesNotCountIt() {
        Instant t0 = freshDay(clock);
        String order = convertedOrder("site-" + UUID.randomUUID().toString().substring(0, 8), t0);
        String checkMonth = admin().get("/api/v1/coordination-orders/" + order).then().extract().path("checkMonth");
        as("team-leader", "leader-1").body(Map.of("comment", "开单当月")).post("/api/v1/coordination-orders/" + order + "/leader-checks")
                .then().statusCode(200).body("checkMonth", equalTo(checkMonth)).body("leaderChecks", equalTo(0));
    }

    @Test
    void replayRebuildsTheSameReadModels() {
        Instant t0 = freshDay(clock);
        String order = convertedOrder("site-replay", t0);
        as("technician", "tech-zhang").body(entry(t0, "联系厂家")).post("/api/v1/coordination-orders/" + order + "/entries").then().statusCode(200);
        as("team-leader", "leader-1").body(Map.of("comment", "ok")).post("/api/v1/coordination-orders/" + order + "/leader-checks").then().statusCode(200);
        String live = admin().get("/api/v1/coordination-orders/" + order).then().extract().asString();
        String liveEntries = admin().get("/api/v1/coordination-orders/" + order + "/entries").then().extract().asString();
        String liveChecks = admin().get("/api/v1/coordination-orders/" + order + "/checks").then().extract().asString();
        assertThat(liveEntries).contains("联系厂家");
        assertThat(liveChecks).contains("LEADER_CHECK");
        String liveList = admin().queryParam("siteId", "site-replay").get("/api/v1/coordination-orders").then().extract().asString();

        rebuilder.rebuildNow("followup");

        assertThat(admin().get("/api/v1/coordination-orders/" + order).then().extract().asString()).isEqualTo(live);
        assertThat(admin().get("/api/v1/coordination-orders/" + order + "/entries").then().extract().asString()).isEqualTo(liveEntries);
        assertThat(admin().get("/api/v1/coordination-orders/" + order + "/checks").then().extract().asString()).isEqualTo(liveChecks);
        assertThat(admin().queryParam("siteId", "site-replay").get("/api/v1/coordination-orders").then().extract().asString()).isEqualTo(liveList);
    }
}
