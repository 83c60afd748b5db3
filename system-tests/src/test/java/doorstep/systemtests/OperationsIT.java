package doorstep.systemtests;

import static doorstep.systemtests.Doorstep.EVENTUALLY;
import static doorstep.systemtests.Doorstep.dispatch;
import static doorstep.systemtests.SystemStack.url;
import static doorstep.testing.Http.as;
import static doorstep.testing.PrometheusText.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import doorstep.testing.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 over the running system: after a scripted lifecycle each service's metrics count what happened
 * (commands by outcome, events published, reactions processed, a deadline fired) and the outbox backlogs
 * drain to 0; and the trace id a client gave with its report at intake is found in the log lines of the
 * reactions in dispatch, billing and followup.
 */
class OperationsIT {

    @BeforeAll
    static void systemRuns() {
        SystemStack.get();
    }

    @Test
    void aLifecycleIsCountedInEveryServicesMetricsAndTheReportsTraceReachesEveryReaction() throws Exception {
        Instant t0 = SystemStack.freshDay();
        Doorstep d = new Doorstep();
        Map<String, String> before = new HashMap<>();
        for (String s : SystemStack.SERVICES) {
            before.put(s, metrics(s));
        }

        // The report carries a client's trace context (W3C traceparent, sampled).
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String order = as("agent", "agent-7").header("Idempotency-Key", UUID.randomUUID().toString())
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .body(Map.of("unitId", d.unit, "reporter", Map.of("name", "王", "phone", "138-1234-5678"), "visitTime", "ASAP",
                        "content", "卫生间下水道堵塞"))
                .post(url("intake") + "/api/v1/orders").then().statusCode(201).extract().path("id");
        await().atMost(EVENTUALLY).until(() -> Http.admin().get(dispatch(order)).statusCode() == 200);
        as("agent", "agent-7").body(Map.of("technicianId", "nobody")).post(dispatch(order) + "/assignment").then().statusCode(400);
        as("agent", "agent-7").body(Map.of("technicianId", d.technician)).post(dispatch(order) + "/assignment").then().statusCode(200);
        SystemStack.setClocks(t0.plus(Duration.ofMinutes(10)));
        d.tech(order, "arrival", null).statusCode(200);
        d.tech(order, "survey", Map.of("paid", false, "part", "PRIVATE")).statusCode(200);
        d.tech(order, "work-start", null).statusCode(200);
        d.tech(order, "completion", Map.of("result", "已疏通", "technicianSignatureRef", "sig-t-ops", "checks", Doorstep.ALL_CHECKS))
                .statusCode(200);
        d.tech(order, "owner-acceptance", Map.of("signatureRef", "sig-o-ops", "rating", 2)).statusCode(200); // a low rating is always called back
        as("team-leader", "leader-1").body(Map.of("note", "已核对")).post(dispatch(order) + "/review").then().statusCode(200);
        as("agent", "agent-7").post(dispatch(order) + "/archive").then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> Http.admin().queryParam("siteId", d.site).get(url("followup") + "/api/v1/callbacks")
                .then().body("orderId", hasItem(order)));

        // A second order is assigned and nobody arrives: its arrival deadline fires when the clock passes it.
        String late = d.reportAndAssign("门禁失灵");
        SystemStack.setClocks(t0.plus(Duration.ofHours(4)));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(delta("dispatch", before, "doorstep_deadlines_fired_total", ""))
                .as("the missed arrival of " + late).isGreaterThanOrEqualTo(1));

        assertThat(delta("intake", before, "doorstep_commands_seconds_count", "command=\"OrderResource.report\",outcome=\"ok\""))
                .isEqualTo(2);
        assertThat(delta("dispatch", before, "doorstep_commands_seconds_count", "command=\"DispatchResource.assign\",outcome=\"ok\""))
                .isEqualTo(2);
        assertThat(delta("dispatch", before, "doorstep_commands_seconds_count", "command=\"DispatchResource.assign\",outcome=\"rejected\""))
                .as("the assignment to an unknown technician").isEqualTo(1);
        assertThat(delta("dispatch", before, "doorstep_deadline_lateness_seconds_count", "")).isGreaterThanOrEqualTo(1);
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(delta("intake", before, "doorstep_relay_published_events_total", "")).as("intake published its reports")
                    .isGreaterThanOrEqualTo(2);
            assertThat(delta("dispatch", before, "doorstep_consumer_records_total", "consumer=\"dispatch-from-intake\",outcome=\"processed\""))
                    .isGreaterThanOrEqualTo(2);
            assertThat(delta("followup", before, "doorstep_consumer_records_total", "consumer=\"followup-from-dispatch\",outcome=\"processed\""))
                    .isGreaterThanOrEqualTo(3);
            for (String s : SystemStack.SERVICES) {
                String now = metrics(s);
                assertThat(value(now, "doorstep_outbox_backlog_events", "")).as(s + " published everything").isZero();
                assertThat(value(now, "doorstep_dead_letters_total", "")).as(s + " dead-lettered nothing").isEqualTo(
                        value(before.get(s), "doorstep_dead_letters_total", ""));
            }
        });

        // One trace: the report's trace id is on the log lines of dispatch's reaction to it, and of billing's and
        // followup's reactions to the DispatchOpened that dispatch's reaction recorded (a second hop through Kafka).
        Map<String, String> reactions = Map.of("dispatch", "dispatch-from-intake applied doorstep.intake.ProblemReported",
                "billing", "billing-from-dispatch applied doorstep.dispatch.DispatchOpened",
                "followup", "followup-from-dispatch applied doorstep.dispatch.DispatchOpened");
        for (Map.Entry<String, String> reaction : reactions.entrySet()) {
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(Files.readAllLines(SystemStack.logFile(reaction.getKey()),
                    StandardCharsets.UTF_8)).as(reaction.getKey() + "'s log line of its reaction to order " + order)
                    .anyMatch(line -> line.contains("|" + order + "|" + traceId + "]") && line.contains(reaction.getValue())));
        }
    }

    @Test
    void everyMetricTheDashboardChartsIsExportedByEveryService() throws Exception {
        String dashboard = Files.readString(SystemStack.root().resolve("deploy/kubernetes/grafana/doorstep.json"));
        Set<String> charted = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:doorstep|http_server|jvm|process)_[a-z_]+)").matcher(dashboard);
        while (m.find()) {
            charted.add(m.group(1));
        }
        assertThat(charted).as("the dashboard's metrics").contains("doorstep_commands_seconds_bucket", "doorstep_outbox_backlog_events",
                "doorstep_consumer_lag_records", "http_server_requests_seconds_count", "jvm_memory_used_bytes", "process_cpu_usage");
        for (String s : SystemStack.SERVICES) {
            String scrape = metrics(s);
            for (String metric : charted) { // every service registers every meter at start-up, deadlines and rebuilds too
                assertThat(scrape).as(s + " exports " + metric).containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]");
            }
        }
    }

    private static String metrics(String service) {
        return given().get(url(service) + "/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String service, Map<String, String> before, String name, String labels) {
        return value(metrics(service), name, labels) - value(before.get(service), name, labels);
    }
}
