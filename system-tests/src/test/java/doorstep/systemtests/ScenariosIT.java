package doorstep.systemtests;

import static doorstep.systemtests.Doorstep.EVENTUALLY;
import static doorstep.systemtests.Doorstep.count;
import static doorstep.systemtests.Doorstep.dispatch;
import static doorstep.systemtests.Doorstep.timeline;
import static doorstep.testing.Http.as;
import static doorstep.systemtests.SystemStack.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import doorstep.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The source document's scenarios over the running system; time is moved through the services' clocks. */
class ScenariosIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @BeforeAll
    static void systemRuns() {
        SystemStack.get();
    }

    @Test
    void freeInUnitRepairFromReportToCallback() {
        Instant t0 = SystemStack.freshDay();
        Doorstep d = new Doorstep();
        String order = d.reportAndAssign("厨房水管漏水");
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("intake") + "/api/v1/orders/" + order).then()
                .body("status", equalTo("DISPATCHED")));

        SystemStack.setClocks(t0.plus(Duration.ofMinutes(12))); // arrival within 15 minutes
        d.tech(order, "acceptance", null).statusCode(200);
        d.tech(order, "arrival", null).statusCode(200).body("status", equalTo("ON_SITE"));
        d.tech(order, "survey", Map.of("paid", false, "part", "PRIVATE")).statusCode(200);
        d.tech(order, "work-start", null).statusCode(200);
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(40)));
        d.tech(order, "completion", Map.of("result", "已更换密封圈", "technicianSignatureRef", "sig-tech", "checks", Doorstep.ALL_CHECKS)).statusCode(200)
                .body("handlingSeconds", equalTo(28 * 60));
        d.tech(order, "owner-acceptance", Map.of("signatureRef", "sig-owner", "rating", 3, "comment", "还行")).statusCode(200);
        as("team-leader", "leader-1").body(Map.of("note", "已核对")).post(dispatch(order) + "/review").then().statusCode(200);
        as("agent", "agent-7").post(dispatch(order) + "/archive").then().statusCode(200).body("status", equalTo("ARCHIVED"));

        assertThat(timeline("dispatch", "/api/v1/dispatches/" + order + "/timeline")).doesNotContain("ArrivalOverdue");
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("billing") + "/api/v1/bills/" + order).then()
                .body("noChargeReason", equalTo("FREE_SERVICE")).body("balanceFen", equalTo(0)));
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().queryParam("siteId", d.site).get(url("followup") + "/api/v1/callbacks")
                .then().body("orderId", hasItem(order)).body("[0].reasons", hasItem("LOW_RATING")));
        as("agent", "agent-7").body(Map.of("reached", true, "satisfaction", 4)).post(url("followup") + "/api/v1/callbacks/" + order + "/attempts")
                .then().statusCode(200).body("status", equalTo("COMPLETED"));
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().queryParam("orderId", order).get(url("followup") + "/api/v1/retention")
                .then().body("recordKind", hasItem("FREE_DISPATCH_ORDER")));
    }

    /**
     * Issue 11 over the running system: an order is visible in every service to its site's users only;
     * for a user of another site it does not exist, and the events record who acted, from the token.
     */
    @Test
    void anOrderExistsInEveryServiceOnlyForItsSitesUsers() {
        SystemStack.freshDay();
        Doorstep d = new Doorstep();
        String order = d.reportAndAssign("阳台灯不亮");
        await().atMost(EVENTUALLY).until(() -> Http.admin().get(url("billing") + "/api/v1/bills/" + order).statusCode() == 200);
        Map<String, String> byId = Map.of(
                "intake", "/api/v1/orders/" + order,
                "dispatch", "/api/v1/dispatches/" + order,
                "billing", "/api/v1/bills/" + order);
        for (Map.Entry<String, String> read : byId.entrySet()) {
            as("agent", "agent-7", d.site).get(url(read.getKey()) + read.getValue()).then().statusCode(200);
            as("agent", "agent-9", "another-site").get(url(read.getKey()) + read.getValue()).then().statusCode(404)
                    .contentType("application/problem+json");
            io.restassured.RestAssured.given().get(url(read.getKey()) + read.getValue()).then().statusCode(401);
        }
        as("agent", "agent-9", "another-site").post(dispatch(order) + "/archive").then().statusCode(404);
        as("agent", "agent-9", "another-site").queryParam("siteId", d.site).get(url("intake") + "/api/v1/orders").then().statusCode(404);
        assertThat(as("agent", "agent-9", "another-site").get(url("dispatch") + "/api/v1/dispatches").then().statusCode(200)
                .extract().<List<String>>path("items.orderId")).doesNotContain(order);

        List<Map<String, Object>> entries = as("agent", "agent-7", d.site).get(dispatch(order) + "/timeline").then().statusCode(200)
                .extract().path("items");
        assertThat(entries).anySatisfy(e -> assertThat(e).containsEntry("type", "TechnicianAssigned")
                .containsEntry("actor", Map.of("id", "agent-7", "role", "agent")));
    }

    @Test
    void paidRepairOverTwoVisitsIsChargedByTheHighestRateAndThirtyPercentRules() {
        Instant t0 = SystemStack.freshDay();
        int version = as("admin", "admin-1").body(Map.of("effectiveFrom", t0.toString(), "items", List.of(
                        Map.of("code", "S-BULB", "name", "更换灯泡", "category", "SERVICE", "unit", "PER_JOB", "priceFen", 500),
                        Map.of("code", "S-TOILET", "name", "疏通马桶", "category", "SERVICE", "unit", "PER_JOB", "priceFen", 3000))))
                .post(url("billing") + "/api/v1/fee-schedules").then().statusCode(201).extract().path("version");
        as("admin", "admin-1").post(url("billing") + "/api/v1/fee-schedules/" + version + "/activation").then().statusCode(200);
        as("warehouse", "wh-1").body(Map.of("name", "角阀 DN15", "inboundPriceFen", 1234)).put(url("billing") + "/api/v1/warehouse-materials/W-VALVE-15")
                .then().statusCode(200);

        Doorstep d = new Doorstep();
        String order = d.reportAndAssign("卫生间灯不亮,马桶堵了");
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(10)));
        d.tech(order, "arrival", null).statusCode(200);
        d.tech(order, "survey", Map.of("paid", true, "part", "PRIVATE")).statusCode(200);
        d.tech(order, "work-start", null).statusCode(409).body("rule", equalTo("paid-work-needs-accepted-quote"));

        // Billing has heard of the order and of its assignment: the assigned technician may act on the bill.
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("billing") + "/api/v1/bills/" + order).then()
                .statusCode(200).body("assignedTechnicianId", equalTo(d.technician)));
        String quote = as("technician", d.technician).body(Map.of("plannedServices", List.of("S-BULB", "S-TOILET")))
                .post(url("billing") + "/api/v1/bills/" + order + "/quotes").then().statusCode(201)
                .body("quoteTotalFen", equalTo(3000)).extract().path("quoteId");
        as("technician", d.technician).body(Map.of("signatureRef", "sig-owner"))
                .post(url("billing") + "/api/v1/bills/" + order + "/quotes/" + quote + "/acceptance").then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(dispatch(order)).then().body("dispatch.quoteAccepted", equalTo(true)));
        d.tech(order, "work-start", null).statusCode(200);

        SystemStack.setClocks(t0.plus(Duration.ofMinutes(20)));
        d.tech(order, "waiting-for-materials", Map.of("missing", List.of(Map.of("name", "角阀 DN15", "quantity", 1)))).statusCode(200)
                .body("handlingSeconds", equalTo(600));
        SystemStack.setClocks(t0.plus(Duration.ofHours(3)));
        d.tech(order, "arrival", null).statusCode(200);
        SystemStack.setClocks(t0.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(15)));
        Instant bulb = t0.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(3));
        Instant toilet = t0.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(12));
        d.tech(order, "completion", Map.of("result", "已换灯泡、疏通马桶、更换角阀",
                        "serviceItems", List.of(Map.of("code", "S-BULB", "performedAt", bulb.toString()),
                                Map.of("code", "S-TOILET", "performedAt", toilet.toString())),
                        "materialsUsed", List.of(Map.of("code", "W-VALVE-15", "name", "角阀 DN15", "quantity", 1)),
                        "checks", Doorstep.ALL_CHECKS, "technicianSignatureRef", "sig-tech"))
                .statusCode(200).body("handlingSeconds", equalTo(25 * 60)).body("visits", equalTo(2));

        // 25 minutes of handling time: one window, so the bulb is absorbed by the toilet; the valve is 12.34 + 30% → 16.0
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("billing") + "/api/v1/bills/" + order).then()
                .body("chargeTotalFen", equalTo(4600)).body("charge.absorbed[0].code", equalTo("S-BULB"))
                .body("charge.lines[1].basis", equalTo("inbound 12.34 + 30% → 16.00")));
        as("technician", d.technician).body(Map.of("method", "WECHAT_PAY", "amountFen", 4600, "payer", "李四"))
                .post(url("billing") + "/api/v1/bills/" + order + "/payments").then().statusCode(200).body("balanceFen", equalTo(0));

        // The customer center's desk (D53) sees the order whole, from the four services' events: one view, one timeline, one form.
        String desk = url("intake") + "/api/v1/desk/orders/" + order;
        await().atMost(EVENTUALLY).untilAsserted(() -> as("agent", "agent-7", d.site).get(desk).then().statusCode(200)
                .body("stage", equalTo("COMPLETED")).body("handlingSeconds", equalTo(25 * 60)).body("visits.size()", equalTo(2))
                .body("money.quoteState", equalTo("ACCEPTED")).body("money.chargedFen", equalTo(4600)).body("money.paidFen", equalTo(4600))
                .body("money.balanceFen", equalTo(0)).body("technician.id", equalTo(d.technician)));
        List<String> services = as("agent", "agent-7", d.site).get(desk + "/timeline").then().statusCode(200).extract().path("items.service");
        assertThat(services).contains("intake", "dispatch", "billing").startsWith("intake");
        String form = as("technician", d.technician, d.site).get(desk + "/dispatch-order.html").then().statusCode(200).extract().asString();
        assertThat(org.jsoup.Jsoup.parse(form).select("[data-field=handling-time]").attr("data-seconds")).isEqualTo(String.valueOf(25 * 60));
        assertThat(org.jsoup.Jsoup.parse(form).select("[data-field=charge-total]").text()).isEqualTo("46.00");
    }

    @Test
    void aLateTechnicianIsEscalatedAndARefusedAppointmentToo() {
        Instant t0 = SystemStack.freshDay();
        Doorstep d = new Doorstep();
        String late = d.reportAndAssign("灯不亮");
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(15)));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(
                timeline("dispatch", "/api/v1/dispatches/" + late + "/timeline")).contains("ArrivalOverdue", "EscalatedToTeamLeader"));
        Http.admin().queryParam("siteId", d.site).queryParam("overdue", true).get(url("dispatch") + "/api/v1/dispatches").then()
                .body("items.orderId", hasItem(late));

        String refused = d.reportAndAssign("门锁坏了");
        d.tech(refused, "appointment", Map.of("appointmentAt", t0.plus(Duration.ofHours(3)).toString(), "ownerConsent", "REFUSED",
                "note", "业主要求马上来")).statusCode(200).body("escalated", equalTo(true));
        assertThat(timeline("dispatch", "/api/v1/dispatches/" + refused + "/timeline")).contains("AppointmentRefused", "EscalatedToTeamLeader");
    }

    /**
     * Issue 10's input: on clocks that follow real time (nanosecond digits), report, assign, then move
     * dispatch's clock 16 minutes on: the arrival deadline fires (it used to be closed STALE).
     */
    @Test
    void onATickingClockTheArrivalDeadlineFires() {
        SystemStack.freshDay(); // the registry's site and technician are set up at a known time…
        Doorstep d = new Doorstep();
        SystemStack.releaseClocks(); // …and from here on every clock ticks
        try {
            String order = d.reportAndAssign("水龙头滴水");
            String due = Http.admin().get(dispatch(order)).then().extract().path("dispatch.arrivalDueAt");
            Http.admin().contentType(io.restassured.http.ContentType.JSON).body(Map.of("advanceBy", "PT16M"))
                    .put(url("dispatch") + "/api/v1/admin/clock").then().statusCode(200);
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(timeline("dispatch", "/api/v1/dispatches/" + order + "/timeline"))
                    .contains("ArrivalOverdue", "EscalatedToTeamLeader"));
            Http.admin().get(dispatch(order)).then().body("dispatch.arrivalOverdue", equalTo(true))
                    .body("dispatch.arrivalDueAt", equalTo(due));
        } finally {
            SystemStack.freshDay();
        }
    }

    /** 当日: a completed order not reviewed and archived by midnight is overdue on the board, both facts raised. */
    @Test
    void aCompletedOrderNotReviewedAndArchivedTheSameDayIsOverdue() {
        Instant t0 = SystemStack.freshDay();
        Doorstep d = new Doorstep();
        String order = d.reportAndAssign("插座没电");
        d.tech(order, "arrival", null).statusCode(200);
        d.tech(order, "survey", Map.of("paid", false, "part", "PRIVATE")).statusCode(200);
        d.tech(order, "work-start", null).statusCode(200);
        d.tech(order, "completion", Map.of("result", "已更换插座", "technicianSignatureRef", "sig-tech",
                "checks", Map.of("siteCleaned", true, "testedAndDemonstrated", true, "useExplained", false,
                        "skippedReason", "业主不在,已留言说明"))).statusCode(200);
        Instant midnight = LocalDate.ofInstant(t0, SHANGHAI).plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        SystemStack.setClocks(midnight.minusSeconds(1));
        SystemStack.setClocks(midnight);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(timeline("dispatch", "/api/v1/dispatches/" + order + "/timeline"))
                .contains("ReviewOverdue", "ArchiveOverdue"));
        Http.admin().get(dispatch(order)).then().body("dispatch.reviewOverdue", equalTo(true)).body("dispatch.archiveOverdue", equalTo(true));
        Http.admin().queryParam("siteId", d.site).queryParam("overdue", true).get(url("dispatch") + "/api/v1/dispatches").then()
                .body("items.orderId", hasItem(order));
    }

    @Test
    void anOrderStillOpenAtMidnightBecomesATrackedCoordinationOrder() {
        Instant t0 = SystemStack.freshDay();
        Doorstep d = new Doorstep();
        String order = d.reportAndAssign("热水器不出热水");
        Instant midnight = LocalDate.ofInstant(t0, SHANGHAI).plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        SystemStack.setClocks(midnight);
        await().atMost(EVENTUALLY).until(() -> Http.admin().get(url("followup") + "/api/v1/coordination-orders/" + order).statusCode() == 200);
        String c = url("followup") + "/api/v1/coordination-orders/" + order;

        // Into the first full month after opening: one entry a week, one leader check (two are due), one supervisor check.
        YearMonth first = YearMonth.from(midnight.atZone(SHANGHAI)).plusMonths(1);
        Instant inMonth = first.atDay(2).atTime(10, 0).atZone(SHANGHAI).toInstant();
        SystemStack.setClocks(inMonth);
        // The weeks skipped by the clock jump are raised one by one; let the scheduler catch up before tracking.
        await().atMost(EVENTUALLY).until(() -> Instant.parse(Http.admin().get(c).then().extract().<String>path("nextEntryDueAt")).isAfter(inMonth));
        as("technician", d.technician).body(Map.of("trackedAt", inMonth.toString(), "place", "3栋1202", "contactPerson", "李四",
                        "contactMethod", "13900001111", "content", "主板损坏,已联系厂家", "opinions", "业主同意等待", "plan", "到货后更换"))
                .post(c + "/entries").then().statusCode(200).body("entries", equalTo(1));
        as("team-leader", "leader-1").body(Map.of("comment", "已督促")).post(c + "/leader-checks").then().statusCode(200);
        as("supervisor", "sup-1").body(Map.of("comment", "同意方案")).post(c + "/supervisor-checks").then().statusCode(200);

        Instant monthEnd = first.plusMonths(1).atDay(1).atStartOfDay(SHANGHAI).toInstant();
        SystemStack.setClocks(monthEnd);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(timeline("followup", "/api/v1/coordination-orders/" + order + "/timeline"))
                .contains("CheckOverdue", "CheckMonthClosed", "TrackingEntryOverdue"));
        Http.admin().queryParam("siteId", d.site).queryParam("cadence", "LEADER_CHECK").get(url("followup") + "/api/v1/coordination-orders/overdue")
                .then().body("orderId", hasItem(order));
        assertThat(count(timeline("followup", "/api/v1/coordination-orders/" + order + "/timeline"), "CheckOverdue"))
                .as("only the leader's check was short").isEqualTo(1);

        as("technician", d.technician).body(Map.of("result", "已更换主板", "customerSignatureRef", "sig-owner", "trackerSignatureRef", "sig-tech"))
                .post(c + "/resolution").then().statusCode(200);
        as("team-leader", "leader-1").post(c + "/archive").then().statusCode(200).body("status", equalTo("ARCHIVED"));

        // The desk (D53) follows the coordination order to its end and prints it with its entries.
        String desk = url("intake") + "/api/v1/desk/orders/" + order;
        await().atMost(EVENTUALLY).untilAsserted(() -> as("team-leader", "leader-1", d.site).get(desk).then().statusCode(200)
                .body("stage", equalTo("COORDINATION_ARCHIVED")).body("coordination.entries", equalTo(1))
                .body("deadlines.find { it.kind == 'CONVERSION' }.state", equalTo("CLOSED")));
        as("team-leader", "leader-1", d.site).queryParam("asOf", inMonth.minusSeconds(1).toString()).get(desk).then().statusCode(200)
                .body("stage", equalTo("COORDINATING")).body("coordination.entries", equalTo(0));
        String form = as("team-leader", "leader-1", d.site).get(desk + "/coordination-order.html").then().statusCode(200).extract().asString();
        assertThat(org.jsoup.Jsoup.parse(form).select("[data-field=entry]")).hasSize(1);
    }

    @Test
    void badInputAndIllegalTransitionsAreRefusedClearlyOnEveryService() {
        SystemStack.freshDay();
        Doorstep d = new Doorstep();
        String order = d.reportAndAssign("漏水");
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("intake") + "/api/v1/orders/" + order).then()
                .body("status", equalTo("DISPATCHED")));

        as("agent", "agent-7").body(Map.of("unitId", d.unit, "reporter", Map.of("name", "王", "phone", "12345"), "visitTime", "ASAP"))
                .post(url("intake") + "/api/v1/orders").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("reporter.phone")).body("errors.field", hasItem("content"));
        as("agent", "agent-7").body(Map.of("content", "x")).post(url("intake") + "/api/v1/orders/" + order + "/amendment").then()
                .statusCode(409).body("rule", equalTo("amend-only-before-dispatch")).body("currentState", equalTo("DISPATCHED"));

        String unassigned = d.report("未派工");
        // A technician acts only on orders assigned to them (403); the team leader hears the order's own rule.
        d.tech(unassigned, "arrival", null).statusCode(403).contentType("application/problem+json");
        as("team-leader", "leader-1").body(Map.of("items", List.of(Map.of("name", "角阀", "quantity", 1))))
                .post(dispatch(unassigned) + "/material-requisitions").then().statusCode(409).contentType("application/problem+json")
                .body("rule", equalTo("assign-first")).body("currentState", equalTo("OPEN"));
        d.tech(order, "survey", Map.of("paid", "yes")).statusCode(400).body("errors[0].field", equalTo("paid"));

        // Billing has heard of the order and of its assignment: the assigned technician may act on the bill.
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().get(url("billing") + "/api/v1/bills/" + order).then()
                .statusCode(200).body("assignedTechnicianId", equalTo(d.technician)));
        as("technician", d.technician).body(Map.of("method", "CASH", "amountFen", 100, "payer", "李四"))
                .post(url("billing") + "/api/v1/bills/" + order + "/payments").then().statusCode(409)
                .body("rule", equalTo("payments-follow-a-charge"));
        as("technician", d.technician).body(Map.of("method", "BITCOIN", "amountFen", 100, "payer", "李四"))
                .post(url("billing") + "/api/v1/bills/" + order + "/payments").then().statusCode(400).body("errors[0].field", equalTo("method"));

        as("team-leader", "leader-1").post(url("followup") + "/api/v1/coordination-orders/" + order + "/archive").then()
                .statusCode(404).contentType("application/problem+json");
        as("agent", "agent-7").body(Map.of("reached", "maybe")).post(url("followup") + "/api/v1/callbacks/" + order + "/attempts").then()
                .statusCode(400).body("errors[0].field", equalTo("reached"));

        // nothing was written by the refused commands
        assertThat(timeline("dispatch", "/api/v1/dispatches/" + unassigned + "/timeline")).containsExactly("DispatchOpened");
        Http.admin().get(url("intake") + "/api/v1/orders/" + order).then().body("content", startsWith("漏水"));
    }
}
