package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.as;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doorstep.intake.desk.DeskView;
import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.TestEvents;
import doorstep.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The customer-center desk end to end (D53): intake's own events and other services' events on the real topics, arriving
 * out of order, make one order view, one cross-service timeline, a list row, an as-of view, and a live feed that resumes
 * without gap or repeat.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class DeskApiTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    PersonalDataCipher personal;
    @Inject
    ObjectMapper json;

    @TestHTTPResource("/api/v1/desk/feed")
    String feedUrl;

    /** Writes another service's events of one order on its topic, as that service would. */
    final class Producer {
        final String service;
        final String orderId;
        final String site;
        long version;

        Producer(String service, String orderId, String site) {
            this.service = service;
            this.orderId = orderId;
            this.site = site;
        }

        EventEnvelope send(String type, Instant at, EventEnvelope cause, String data) {
            EventEnvelope e = new EventEnvelope(UUID.randomUUID(), service, type, 1, service.equals("billing") ? orderId + "/bill" : orderId,
                    ++version, 0, at, site, UUID.randomUUID(), cause == null ? null : cause.eventId(),
                    cause == null ? new Actor("tech-9", "technician") : Actor.service(service), data);
            TestEvents.send(CloudEventsKafka.toRecord(EventEnvelope.topicOf(service), e));
            return e;
        }
    }

    String sealed(String orderId, String text) throws Exception {
        ObjectNode node = personal.seal(orderId, text);
        return json.writeValueAsString(node);
    }

    @Test
    void oneOrderAcrossTheServicesArrivingOutOfOrderIsOneViewOneTimelineAndAnAsOf() throws Exception {
        String[] site = siteWithUnit();
        String id = reportOrder(site[1]);
        Instant reportedAt = Instant.parse(agent().get("/api/v1/orders/" + id).then().statusCode(200).extract().path("reportedAt"));
        Instant assignedAt = reportedAt.plusSeconds(60);
        Instant startedAt = reportedAt.plusSeconds(600);
        Instant endedAt = startedAt.plusSeconds(1800);
        Instant completedAt = endedAt.plusSeconds(30);
        Instant paidAt = completedAt.plusSeconds(120);
        Producer dispatch = new Producer("dispatch", id, site[0]);
        Producer billing = new Producer("billing", id, site[0]);

        // billing's payment is on its topic before dispatch has said anything: the desk orders events by cause and time
        billing.version = 1; // the charge below is the bill's first event, the payment its second
        billing.send("PaymentRecorded", paidAt, null, "{\"paymentId\":\"p-1\",\"orderId\":\"" + id
                + "\",\"amountFen\":5000,\"method\":\"WECHAT_PAY\",\"payer\":" + sealed(id, "王") + ",\"receivedBy\":\"tech-9\",\"at\":\"" + paidAt + "\"}");
        EventEnvelope assigned = dispatch.send("TechnicianAssigned", assignedAt, null, "{\"technicianId\":\"tech-9\",\"technicianName\":\"张师傅\","
                + "\"previousTechnicianId\":null,\"assignedAt\":\"" + assignedAt + "\",\"arrivalDueAt\":\"" + assignedAt.plusSeconds(900) + "\"}");
        dispatch.send("VisitStarted", startedAt, null, "{\"visitNumber\":1,\"at\":\"" + startedAt + "\",\"onTime\":true,\"technicianId\":\"tech-9\"}");
        dispatch.send("VisitEnded", endedAt, null, "{\"visitNumber\":1,\"startedAt\":\"" + startedAt + "\",\"endedAt\":\"" + endedAt
                + "\",\"durationSeconds\":1800,\"handlingSecondsSoFar\":1800}");
        EventEnvelope completed = dispatch.send("WorkCompleted", completedAt, null, "{\"result\":\"更换水龙头阀芯\",\"handlingSeconds\":1800,"
                + "\"paid\":true,\"warranty\":false,\"part\":\"PRIVATE\",\"reviewAndArchiveDueAt\":\"" + completedAt.plusSeconds(36000) + "\","
                + "\"at\":\"" + completedAt + "\",\"technicianId\":\"tech-9\",\"technicianSignatureRef\":" + sealed(id, "sig-tech-9") + ","
                + "\"checks\":{\"siteCleaned\":true,\"testedAndDemonstrated\":true,\"useExplained\":true,\"skippedReason\":null},"
                + "\"serviceItems\":[{\"code\":\"S01\",\"performedAt\":\"" + startedAt.plusSeconds(60) + "\"}],"
                + "\"materialsUsed\":[{\"code\":\"M07\",\"name\":\"阀芯\",\"quantity\":1}],"
                + "\"visits\":[{\"startedAt\":\"" + startedAt + "\",\"endedAt\":\"" + endedAt + "\"}]}");
        billing.version = 0;
        billing.send("ChargeRaised", completedAt.plusSeconds(1), completed, "{\"chargeId\":\"c-1\",\"orderId\":\"" + id + "\",\"quoteId\":null,"
                + "\"technicianId\":\"tech-9\",\"totalFen\":5000,\"at\":\"" + completedAt.plusSeconds(1) + "\",\"breakdown\":{\"scheduleVersion\":1,"
                + "\"handlingSeconds\":1800,\"windows\":1,\"totalFen\":5000,\"absorbed\":[],\"lines\":[{\"code\":\"S01\",\"name\":\"水龙头维修\","
                + "\"kind\":\"SERVICE\",\"unit\":\"PER_JOB\",\"quantity\":1,\"unitPriceFen\":3000,\"amountFen\":3000,\"basis\":\"收费表\",\"window\":1},"
                + "{\"code\":\"M07\",\"name\":\"阀芯\",\"kind\":\"MATERIAL\",\"unit\":\"PER_PIECE\",\"quantity\":1,\"unitPriceFen\":2000,"
                + "\"amountFen\":2000,\"basis\":\"收费表\",\"window\":1}]}}");

        // one view of the order across the services: intake's report, dispatch's visit, billing's money
        await().atMost(WAIT).untilAsserted(() -> agent().get("/api/v1/desk/orders/" + id).then().statusCode(200)
                .body("stage", equalTo("COMPLETED")).body("money.balanceFen", equalTo(0)).body("events", equalTo(8)));
        DeskView view = agent().get("/api/v1/desk/orders/" + id).then().extract().as(DeskView.class);
        assertThat(view.reporter().name()).isEqualTo("王");
        assertThat(view.siteId()).isEqualTo(site[0]);
        assertThat(view.technician().name()).isEqualTo("张师傅");
        assertThat(view.visits()).singleElement().satisfies(v -> assertThat(v.onTime()).isTrue());
        assertThat(view.handlingSeconds()).isEqualTo(1800);
        assertThat(view.money().chargedFen()).isEqualTo(5000);
        assertThat(view.money().paidFen()).isEqualTo(5000);
        assertThat(view.work().result()).isEqualTo("更换水龙头阀芯");

        // one timeline, causal order: intake's reaction to the assignment after it, the charge after the work it charges
        List<Map<String, Object>> timeline = agent().get("/api/v1/desk/orders/" + id + "/timeline").then().statusCode(200).extract().path("items");
        assertThat(timeline).extracting(e -> e.get("service") + "." + e.get("type")).containsExactly("intake.ProblemReported",
                "dispatch.TechnicianAssigned", "intake.OrderDispatched", "dispatch.VisitStarted", "dispatch.VisitEnded",
                "dispatch.WorkCompleted", "billing.ChargeRaised", "billing.PaymentRecorded");
        assertThat(timeline).allSatisfy(e -> {
            Map<?, ?> actor = (Map<?, ?>) e.get("actor");
            assertThat(actor.get("id")).isNotNull();
            assertThat(actor.get("role")).isNotNull();
            assertThat((Map<?, ?>) e.get("data")).isNotEmpty();
        });
        assertThat(timeline.get(2).get("causationId")).isEqualTo(assigned.eventId().toString());
        assertThat(((Map<?, ?>) timeline.get(7).get("data")).get("payer")).as("personal data revealed").isEqualTo("王");
        // a page at a time (D56): pages of 3 follow the same causal order, each event once, the last page without a cursor
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = agent().queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/desk/orders/" + id + "/timeline").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items.type"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(timeline.stream().map(e -> e.get("type")).toList());
        String firstPage = agent().queryParam("limit", 3).get("/api/v1/desk/orders/" + id + "/timeline").then().extract().path("nextCursor");
        agent().queryParam("cursor", firstPage).get("/api/v1/orders/" + id + "/timeline").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("cursor"));
        agent().queryParam("limit", 201).get("/api/v1/desk/orders/" + id + "/timeline").then().statusCode(400)
                .body("errors.field", hasItem("limit"));

        // as of the visit's start: on site, nothing charged yet; the timeline stops there too
        agent().queryParam("asOf", startedAt.toString()).get("/api/v1/desk/orders/" + id).then().statusCode(200)
                .body("stage", equalTo("VISITING")).body("money", equalTo(null)).body("events", equalTo(4))
                .body("asOf", equalTo(startedAt.toString()));
        agent().queryParam("asOf", startedAt.toString()).get("/api/v1/desk/orders/" + id + "/timeline").then().statusCode(200)
                .body("items.size()", equalTo(4)).body("items[3].type", equalTo("VisitStarted"));
        agent().queryParam("asOf", reportedAt.minusSeconds(1).toString()).get("/api/v1/desk/orders/" + id).then().statusCode(404);
        for (String bad : List.of("yesterday", "+300000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z")) {
            agent().queryParam("asOf", bad).get("/api/v1/desk/orders/" + id).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("asOf"));
            agent().queryParam("reportedFrom", bad).get("/api/v1/desk/orders").then().statusCode(400).body("errors.field", hasItem("reportedFrom"));
        }

        // the dispatch order printed from the same timeline: the five elements, the visit, the priced lines, the balance
        String html = as("technician").get("/api/v1/desk/orders/" + id + "/dispatch-order.html").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html")).extract().asString();
        org.jsoup.nodes.Document form = org.jsoup.Jsoup.parse(html);
        assertThat(form.select("[data-field=order-number]").text()).isEqualTo(view.orderNumber());
        assertThat(form.select("[data-field=reporter-name]").text()).isEqualTo("王");
        assertThat(form.select("[data-field=handling-time]").attr("data-seconds")).isEqualTo("1800");
        assertThat(form.select("[data-field=line-unit-price]").eachText()).containsExactly("30.00", "20.00");
        assertThat(form.select("[data-field=balance]").text()).isEqualTo("0.00");
        as("technician").get("/api/v1/desk/orders/" + id + "/coordination-order.html").then().statusCode(404)
                .contentType("application/problem+json");

        // the list: found by unit, by reporter, by order number; filtered by stage and technician; another site's token sees nothing
        String number = view.orderNumber();
        for (String q : List.of(number, "王", "1202")) {
            agent().queryParam("siteId", site[0]).queryParam("q", q).get("/api/v1/desk/orders").then().statusCode(200)
                    .body("items.orderId", hasItem(id));
        }
        agent().queryParam("siteId", site[0]).queryParam("stage", "COMPLETED").queryParam("technicianId", "tech-9")
                .get("/api/v1/desk/orders").then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].orderId", equalTo(id))
                .body("items[0].balanceFen", equalTo(0)).body("items[0].technicianName", equalTo("张师傅"));
        agent().queryParam("siteId", site[0]).queryParam("stage", "ARCHIVED").get("/api/v1/desk/orders").then().body("items.size()", equalTo(0));
        agent().queryParam("siteId", site[0]).queryParam("stage", "NOT_A_STAGE").get("/api/v1/desk/orders").then().statusCode(400)
                .body("errors.field", hasItem("stage"));
        doorstep.testing.Http.as("agent", "agent-elsewhere", "another-site").get("/api/v1/desk/orders/" + id).then().statusCode(404);
    }

    @Test
    void theListPagesWithCursorsInTheOrderAsked() {
        String[] site = siteWithUnit();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(reportOrder(site[1]));
        }
        await().atMost(WAIT).untilAsserted(() -> agent().queryParam("siteId", site[0]).queryParam("limit", 100).get("/api/v1/desk/orders")
                .then().body("items.size()", equalTo(5)));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var r = agent().queryParam("siteId", site[0]).queryParam("limit", 2).queryParam("sort", "reportedAt");
            if (cursor != null) {
                r.queryParam("cursor", cursor);
            }
            var page = r.get("/api/v1/desk/orders").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.orderId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids); // oldest first
        agent().queryParam("siteId", site[0]).queryParam("sort", "sideways").get("/api/v1/desk/orders").then().statusCode(400)
                .body("errors.field", hasItem("sort"));
    }

    @Test
    void theLiveFeedResumesAfterADisconnectWithoutGapOrRepeat() throws Exception {
        String[] site = siteWithUnit();
        String first = reportOrder(site[1]);
        long start = await().atMost(WAIT).until(() -> agent().queryParam("siteId", site[0]).get("/api/v1/desk/orders").then().extract()
                .jsonPath().getList("items.changeSeq", Long.class), l -> l.size() == 1).get(0);
        String token = TestTokens.token("agent", "agent-feed");
        String url = feedUrl + "?siteId=" + site[0];

        // connected: the next three changes of the site, as they happen
        List<SseLines.Event> before;
        List<String> orders = new ArrayList<>(List.of(first));
        try (SseLines feed = new SseLines(url, token, Long.toString(start))) {
            assertThat(feed.status).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                orders.add(reportOrder(site[1]));
            }
            before = feed.take(3, WAIT);
        }
        // disconnected: four more orders reported, and events of another service on its topic
        for (int i = 0; i < 3; i++) {
            orders.add(reportOrder(site[1]));
        }
        new Producer("dispatch", first, site[0]).send("OwnerNotHome", Instant.now(), null, "{\"at\":\"" + Instant.now() + "\",\"note\":null}");
        // resumed with the last id received: exactly the rest, each once
        List<SseLines.Event> after;
        try (SseLines feed = new SseLines(url, token, before.get(2).id())) {
            after = feed.take(4, WAIT);
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> feed.received() == 4); // and nothing more: no repeat
        }
        List<SseLines.Event> all = new ArrayList<>(before);
        all.addAll(after);
        List<Long> ids = all.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(all).allSatisfy(e -> assertThat(e.name()).isEqualTo("order-changed"));
        List<String> changedOrders = new ArrayList<>();
        for (SseLines.Event e : all) {
            Map<?, ?> change = json.readValue(e.data(), Map.class);
            assertThat(change.get("siteId")).isEqualTo(site[0]);
            assertThat(((Number) change.get("seq")).longValue()).isEqualTo(Long.parseLong(e.id()));
            changedOrders.add((String) change.get("orderId"));
        }
        // no gap: the feed read again from the start holds exactly these changes, in this order
        try (SseLines again = new SseLines(url, token, Long.toString(start))) {
            assertThat(again.take(7, WAIT).stream().map(SseLines.Event::id).toList()).isEqualTo(all.stream().map(SseLines.Event::id).toList());
        }
        assertThat(new HashSet<>(changedOrders)).isEqualTo(new HashSet<>(orders));
        // a token of another site sees none of these changes
        String otherSite = "site-far-" + UUID.randomUUID();
        try (SseLines elsewhere = new SseLines(feedUrl + "?after=" + start, TestTokens.token("agent", "agent-far", otherSite), null)) {
            assertThat(elsewhere.status).isEqualTo(200);
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> elsewhere.received() == 0);
        }
        // a number the feed never reached (a rebuilt desk): "reset" first, with the latest number, then the changes after it
        long latest = Long.parseLong(all.get(all.size() - 1).id());
        try (SseLines stale = new SseLines(url, token, Long.toString(latest + 1_000_000))) {
            SseLines.Event reset = stale.take(1, WAIT).get(0);
            assertThat(reset.name()).isEqualTo("reset");
            assertThat(Long.parseLong(reset.id())).isGreaterThanOrEqualTo(latest);
            reportOrder(site[1]);
            SseLines.Event next = stale.take(1, WAIT).get(0);
            assertThat(next.name()).isEqualTo("order-changed");
            assertThat(Long.parseLong(next.id())).isGreaterThan(Long.parseLong(reset.id()));
        }
        // a Last-Event-ID that is not one of the feed's ids is refused, naming it
        as("agent").header("Last-Event-ID", "abc").get("/api/v1/desk/feed").then().statusCode(400)
                .body("errors.field", hasItem("Last-Event-ID"));
    }

    @Test
    void theListRebuiltFromTheDesksEventsEqualsTheLiveOne() {
        String[] site = siteWithUnit();
        String first = reportOrder(site[1]);
        String second = reportOrder(site[1]);
        Instant at = Instant.now();
        new Producer("dispatch", first, site[0]).send("TechnicianAssigned", at, null, "{\"technicianId\":\"tech-3\",\"technicianName\":\"李师傅\","
                + "\"previousTechnicianId\":null,\"assignedAt\":\"" + at + "\",\"arrivalDueAt\":\"" + at.plusSeconds(3600) + "\"}");
        await().atMost(WAIT).untilAsserted(() -> agent().queryParam("siteId", site[0]).get("/api/v1/desk/orders").then()
                .body("items.size()", equalTo(2)).body("items.find { it.orderId == '" + first + "' }.events", equalTo(3)));
        String live = agent().queryParam("siteId", site[0]).get("/api/v1/desk/orders").then().extract().asString();

        int folded = as("admin").post("/api/v1/desk/rebuild").then().statusCode(200).extract().path("orders");

        assertThat(folded).isGreaterThanOrEqualTo(2);
        assertThat(agent().queryParam("siteId", site[0]).get("/api/v1/desk/orders").then().extract().asString()).isEqualTo(live);
        assertThat(live).contains(second, "李师傅", "DISPATCHED");
    }

    @Test
    void theDashboardNeedsASiteAndWholeDays() {
        as("team-leader").get("/api/v1/desk/figures").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("siteId", "from", "to"));
        String[] site = siteWithUnit();
        as("team-leader").queryParam("siteId", site[0]).queryParam("from", "2026-11-30").queryParam("to", "2026-11-01")
                .get("/api/v1/desk/figures").then().statusCode(400).body("errors.field", hasItem("to"));
        as("team-leader").queryParam("siteId", site[0]).queryParam("from", "+999999999-12-31").queryParam("to", "+999999999-12-31")
                .get("/api/v1/desk/figures").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("from", "to"));
        String id = reportOrder(site[1]);
        java.time.LocalDate day = Instant.parse(agent().get("/api/v1/orders/" + id).then().extract().path("reportedAt"))
                .atZone(java.time.ZoneOffset.UTC).toLocalDate();
        await().atMost(WAIT).untilAsserted(() -> as("team-leader").queryParam("siteId", site[0])
                .queryParam("from", day.minusDays(1).toString()).queryParam("to", day.plusDays(1).toString()).get("/api/v1/desk/figures").then().statusCode(200)
                .body("reported", equalTo(1)).body("paidRevenueFen", equalTo(0)));
    }
}
