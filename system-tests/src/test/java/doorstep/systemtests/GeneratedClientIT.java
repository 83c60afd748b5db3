package doorstep.systemtests;

import static doorstep.systemtests.Doorstep.EVENTUALLY;
import static doorstep.systemtests.SystemStack.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import doorstep.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (D54): a short paid lifecycle through the Java clients the build generates from the services' committed
 * OpenAPI documents, and nothing else: report (intake), assign and visit to work completed (dispatch), quote, charge
 * and payment (billing), and the timelines, whose every entry's {@code data} must arrive with its fields (a generated
 * client once dropped them all). {@code Idempotency-Key} and {@code If-Match} go through the generated methods' typed
 * parameters, {@code ETag} and {@code Location} are read from their {@code …WithHttpInfo} answers.
 */
class GeneratedClientIT {

    @BeforeAll
    static void systemRuns() {
        SystemStack.get();
    }

    private static doorstep.client.intake.ApiClient intake(String role, String actorId) {
        doorstep.client.intake.ApiClient c = new doorstep.client.intake.ApiClient();
        c.updateBaseUri(url("intake"));
        String token = TestTokens.bearer(role, actorId);
        c.setRequestInterceptor(r -> r.header("Authorization", token));
        return c;
    }

    private static doorstep.client.dispatch.ApiClient dispatch(String role, String actorId) {
        doorstep.client.dispatch.ApiClient c = new doorstep.client.dispatch.ApiClient();
        c.updateBaseUri(url("dispatch"));
        String token = TestTokens.bearer(role, actorId);
        c.setRequestInterceptor(r -> r.header("Authorization", token));
        return c;
    }

    private static doorstep.client.billing.ApiClient billing(String role, String actorId) {
        doorstep.client.billing.ApiClient c = new doorstep.client.billing.ApiClient();
        c.updateBaseUri(url("billing"));
        String token = TestTokens.bearer(role, actorId);
        c.setRequestInterceptor(r -> r.header("Authorization", token));
        return c;
    }

    private static String etag(Map<String, List<String>> headers) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("ETag")).findFirst()
                .map(e -> e.getValue().get(0)).orElseThrow(() -> new AssertionError("no ETag in " + headers));
    }

    private static String location(Map<String, List<String>> headers) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Location")).findFirst()
                .map(e -> e.getValue().get(0)).orElseThrow(() -> new AssertionError("no Location in " + headers));
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aPaidRepairThroughTheGeneratedClients() throws Exception {
        Instant t0 = SystemStack.freshDay();
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String technician = "tech-" + UUID.randomUUID().toString().substring(0, 6);
        String code = "S-GEN-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();

        // Set-up, through the clients too: a fee schedule in force, a site with a unit, a technician on duty.
        var fees = new doorstep.client.billing.api.FeeSchedulesApi(billing("admin", "admin-1"));
        var draft = fees.draftFeeScheduleWithHttpInfo(new doorstep.client.billing.model.ScheduleBody().effectiveFrom(t0.toString())
                .items(List.of(new doorstep.client.billing.model.FeeItemBody().code(code).name("疏通下水").category("SERVICE")
                        .unit("PER_JOB").priceFen(3000L))), null, key());
        assertThat(draft.getStatusCode()).isEqualTo(201);
        int version = draft.getData().getVersion();
        assertThat(location(draft.getHeaders())).endsWith("/api/v1/fee-schedules/" + version);
        fees.activateFeeSchedule(version, null, key(), etag(draft.getHeaders()));

        var registry = new doorstep.client.intake.api.UnitRegistryApi(intake("admin", "ops-1"));
        registry.createSite(new doorstep.client.intake.model.CreateSite().id(site).name("阳光花园"), null);
        String unit = registry.registerUnit(new doorstep.client.intake.model.CreateUnit().siteId(site).building("3栋").unitNumber("1202")
                .owner(new doorstep.client.intake.model.OwnerBody().name("李四").phones(List.of("139 0000 1111"))), null).getId();
        new doorstep.client.dispatch.api.TechnicianRosterApi(dispatch("team-leader", "leader-1"))
                .addTechnician(new doorstep.client.dispatch.model.TechnicianBody().id(technician).siteId(site).name("张师傅"), null);

        // intake: the report, retried with the same Idempotency-Key, is one order.
        var orders = new doorstep.client.intake.api.DispatchOrdersApi(intake("agent", "agent-7"));
        var report = new doorstep.client.intake.model.ReportBody().unitId(unit).visitTime("ASAP").content("下水道堵了")
                .reporter(new doorstep.client.intake.model.ReporterBody().name("王").phone("138-1234-5678"));
        String reportKey = key();
        var reported = orders.reportProblemWithHttpInfo(report, null, reportKey);
        assertThat(reported.getStatusCode()).isEqualTo(201);
        String order = reported.getData().getId();
        assertThat(location(reported.getHeaders())).endsWith("/api/v1/orders/" + order);
        assertThat(orders.reportProblem(report, null, reportKey).getId()).as("the retry's answer").isEqualTo(order);

        // dispatch: If-Match with a stale version is refused (412 problem+json), with the current one it assigns.
        var desk = new doorstep.client.dispatch.api.DispatchOrdersApi(dispatch("agent", "agent-7"));
        await().atMost(EVENTUALLY).ignoreExceptions().until(() -> desk.getDispatchWithHttpInfo(order).getStatusCode() == 200);
        var opened = desk.getDispatchWithHttpInfo(order);
        assertThat(opened.getData().getDispatch().getStatus()).isEqualTo("OPEN");
        var assign = new doorstep.client.dispatch.model.AssignBody().technicianId(technician);
        assertThatThrownBy(() -> desk.assignTechnician(order, assign, null, key(), "\"999\""))
                .isInstanceOfSatisfying(doorstep.client.dispatch.ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(412);
                    assertThat(e.getResponseBody()).contains("urn:problem-type:doorstep:version-mismatch");
                });
        var assigned = desk.assignTechnicianWithHttpInfo(order, assign, null, key(), etag(opened.getHeaders()));
        assertThat(assigned.getData().getDispatch().getStatus()).isEqualTo("ASSIGNED");

        var tech = new doorstep.client.dispatch.api.DispatchOrdersApi(dispatch("technician", technician));
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(10)));
        var arrived = tech.startVisitWithHttpInfo(order, null, key(), etag(assigned.getHeaders()));
        assertThat(arrived.getData().getStatus()).isEqualTo("ON_SITE");
        var surveyed = tech.recordSurveyWithHttpInfo(order, new doorstep.client.dispatch.model.SurveyBody().paid(true).part("PRIVATE"),
                null, key(), etag(arrived.getHeaders()));
        assertThat(surveyed.getData().getPaid()).isTrue();

        // billing: the assigned technician quotes, the owner accepts, and work may start.
        var bills = new doorstep.client.billing.api.BillsApi(billing("technician", technician));
        await().atMost(EVENTUALLY).ignoreExceptions().until(() -> technician.equals(bills.getBill(order).getAssignedTechnicianId()));
        var quoted = bills.submitQuoteWithHttpInfo(order, new doorstep.client.billing.model.QuoteBody().plannedServices(List.of(code)),
                null, key(), null);
        assertThat(quoted.getStatusCode()).isEqualTo(201);
        assertThat(quoted.getData().getQuoteTotalFen()).isEqualTo(3000L);
        bills.acceptQuote(order, quoted.getData().getQuoteId(), new doorstep.client.billing.model.AcceptanceBody().signatureRef("sig-owner"),
                null, key(), etag(quoted.getHeaders()));
        await().atMost(EVENTUALLY).until(() -> Boolean.TRUE.equals(tech.getDispatch(order).getDispatch().getQuoteAccepted()));

        var started = tech.startWorkWithHttpInfo(order, null, key(), etag(tech.getDispatchWithHttpInfo(order).getHeaders()));
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(40)));
        var completed = tech.completeWork(order, new doorstep.client.dispatch.model.CompletionBody().result("已疏通")
                .serviceItems(List.of(new doorstep.client.dispatch.model.ItemBody().code(code).performedAt(t0.plus(Duration.ofMinutes(30)).toString())))
                .checks(new doorstep.client.dispatch.model.ChecksBody().siteCleaned(true).testedAndDemonstrated(true).useExplained(true))
                .technicianSignatureRef("sig-tech"), null, key(), etag(started.getHeaders()));
        assertThat(completed.getStatus()).isEqualTo("COMPLETED");

        // The charge follows the completion; the technician takes the payment against the bill's current version.
        await().atMost(EVENTUALLY).until(() -> bills.getBill(order).getChargeTotalFen() == 3000L);
        var bill = bills.getBillWithHttpInfo(order);
        var paid = bills.recordPayment(order, new doorstep.client.billing.model.PaymentBody().method("WECHAT_PAY").amountFen(3000L).payer("李四"),
                null, key(), etag(bill.getHeaders()));
        assertThat(paid.getBalanceFen()).isZero();

        // Every timeline entry comes through the generated models with its data.
        var admin = new doorstep.client.dispatch.api.DispatchOrdersApi(dispatch("admin", "admin-1"));
        var dispatchPage = admin.getDispatchTimeline(order, null, 200);
        assertThat(dispatchPage.getNextCursor()).as("the whole timeline on one page of 200").isNull();
        var dispatchTimeline = dispatchPage.getItems();
        assertThat(dispatchTimeline).extracting(e -> e.getType()).contains("TechnicianAssigned", "VisitStarted", "WorkCompleted");
        assertThat(dispatchTimeline).allSatisfy(e -> assertThat(e.getData()).isInstanceOf(Map.class).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).isNotEmpty());
        assertThat(dispatchTimeline).filteredOn(e -> e.getType().equals("TechnicianAssigned")).singleElement()
                .satisfies(e -> assertThat(((Map<?, ?>) e.getData()).get("technicianId")).isEqualTo(technician));
        var intakeTimeline = new doorstep.client.intake.api.DispatchOrdersApi(intake("admin", "admin-1")).getOrderTimeline(order, null, null).getItems();
        assertThat(intakeTimeline).isNotEmpty().allSatisfy(e -> assertThat((Map<?, ?>) e.getData()).isNotEmpty());
        assertThat(((Map<?, ?>) intakeTimeline.get(0).getData()).get("content")).isEqualTo("下水道堵了");
        var billTimeline = new doorstep.client.billing.api.BillsApi(billing("admin", "admin-1")).getBillTimeline(order, null, null).getItems();
        assertThat(billTimeline).extracting(e -> e.getType()).contains("PaymentRecorded");
        assertThat(billTimeline).allSatisfy(e -> assertThat((Map<?, ?>) e.getData()).isNotEmpty());
    }
}
