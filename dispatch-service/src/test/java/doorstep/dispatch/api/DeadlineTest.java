package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.dispatch.api.DispatchTestSupport.freshDay;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.testing.Http;
import doorstep.platform.deadline.DeadlineScheduler;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deadlines are stored data, fired once by whichever scheduler takes them, and survive a restart. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class DeadlineTest {

    @Inject
    Clock clock;
    @Inject
    DeadlineScheduler scheduler;
    @Inject
    EventStore store;
    @Inject
    EntityManager em;

    @AfterEach
    void schedulerRuns() {
        scheduler.start();
    }

    private long count(String orderId, String type) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(orderId)).stream().filter(e -> e.type().equals(type)).count();
    }

    private String assignedOrder(String site, String tech) {
        String order = reportedOrder(site, "unit-" + order());
        agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200);
        return order;
    }

    private static String order() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void noArrivalWithinFifteenMinutesRaisesOneOverdueAndEscalates() {
        Instant t0 = freshDay(clock);
        String tech = technicianId();
        String order = assignedOrder(newSiteWithTechnicians(tech), tech);
        ControllableClock time = (ControllableClock) clock;

        time.set(t0.plus(Duration.ofMinutes(15)).minusSeconds(1));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> count(order, "ArrivalOverdue") == 0);

        time.set(t0.plus(Duration.ofMinutes(15)));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(order, "ArrivalOverdue") == 1);
        assertThat(count(order, "EscalatedToTeamLeader")).isEqualTo(1);
        Http.admin().get("/api/v1/dispatches/" + order).then().body("dispatch.arrivalOverdue", equalTo(true))
                .body("dispatch.escalated", equalTo(true));
        Http.admin().queryParam("siteId", Http.admin().get("/api/v1/dispatches/" + order).then().extract().path("dispatch.siteId").toString())
                .queryParam("overdue", true).get("/api/v1/dispatches").then().body("items.orderId", org.hamcrest.Matchers.hasItem(order));

        time.advance(Duration.ofMinutes(5));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> count(order, "ArrivalOverdue") == 1);
    }

    @Test
    void manySchedulersFireEachDeadlineOnce() throws Exception {
        Instant t0 = freshDay(clock);
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            orders.add(assignedOrder(site, tech));
        }
        scheduler.stop();
        ((ControllableClock) clock).set(t0.plus(Duration.ofMinutes(16)));

        // Four competing workers, as four replicas would be, plus the service's own scheduler.
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                running.add(replicas.submit(() -> {
                    while (scheduler.fireOne()) {
                        // keep taking due deadlines until none is left
                    }
                }));
            }
            scheduler.start();
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            replicas.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream().allMatch(o -> count(o, "ArrivalOverdue") >= 1));
        for (String o : orders) {
            assertThat(count(o, "ArrivalOverdue")).as(o).isEqualTo(1);
        }
    }

    @Test
    void aPendingDeadlineSurvivesASchedulerRestart() {
        Instant t0 = freshDay(clock);
        String tech = technicianId();
        String order = assignedOrder(newSiteWithTechnicians(tech), tech);

        scheduler.stop();
        ((ControllableClock) clock).set(t0.plus(Duration.ofHours(1)));
        Number pending = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                "select count(*) from scheduled_deadline where stream_id = ?1 and kind = 'ARRIVAL'").setParameter(1, order).getSingleResult());
        assertThat(pending.intValue()).isEqualTo(1);
        assertThat(count(order, "ArrivalOverdue")).isZero();

        scheduler.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(order, "ArrivalOverdue") == 1);
        EventEnvelope overdue = QuarkusTransaction.requiringNew().call(() -> store.load(order)).stream().filter(e -> e.type().equals("ArrivalOverdue")).findFirst().orElseThrow();
        assertThat(overdue.payload()).contains(t0.plus(Duration.ofMinutes(15)).toString());
    }

    @Test
    void anInUnitOrderStillOpenAtTheEndOfTheDayConvertsToACoordinationOrder() {
        Instant t0 = freshDay(clock);
        String tech = technicianId();
        String order = assignedOrder(newSiteWithTechnicians(tech), tech);
        String due = Http.admin().get("/api/v1/dispatches/" + order).then().extract().path("dispatch.conversionDueAt");
        Instant midnight = java.time.LocalDate.ofInstant(t0, java.time.ZoneId.of("Asia/Shanghai")).plusDays(1)
                .atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
        assertThat(Instant.parse(due)).isEqualTo(midnight);

        ((ControllableClock) clock).set(midnight);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(order, "ConvertedToCoordination") == 1);
        Http.admin().get("/api/v1/dispatches/" + order).then().body("dispatch.converted", equalTo(true));
    }
}
