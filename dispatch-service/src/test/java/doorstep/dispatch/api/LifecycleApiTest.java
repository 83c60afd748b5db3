package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.dispatch.api.DispatchTestSupport.freshDay;
import static doorstep.dispatch.api.DispatchTestSupport.leader;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.publish;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static doorstep.dispatch.api.DispatchTestSupport.technician;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import doorstep.testing.Http;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.time.ControllableClock;
import doorstep.testing.EventSchemas;
import doorstep.testing.KafkaTopicReader;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A paid repair over two visits, from assignment to archive, through the REST API. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class LifecycleApiTest {

    @Inject
    Clock clock;

    @Test
    void aPaidRepairOverTwoVisitsFromAssignmentToArchive() {
        Instant t0 = freshDay(clock);
        ControllableClock time = (ControllableClock) clock;
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);
        String unit = "unit-" + tech;
        String order = reportedOrder(site, unit);

        agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200)
                .header("ETag", "\"3\"")
                .body("dispatch.status", equalTo("ASSIGNED"))
                .body("dispatch.arrivalDueAt", equalTo(t0.plus(Duration.ofMinutes(15)).toString()))
                .body("dispatch.conversionRule", equalTo("IN_UNIT_SAME_DAY"))
                .body("repeatVisits.sameOrder", hasSize(0));
        technician(tech).post("/api/v1/dispatches/" + order + "/acceptance").then().statusCode(200);
        technician(tech).body(Map.of("contentClarified", false, "preparedTools", List.of("疏通机", "人字梯")))
                .post("/api/v1/dispatches/" + order + "/reporter-contact").then().statusCode(200);

        time.advance(Duration.ofMinutes(12));
        technician(tech).post("/api/v1/dispatches/" + order + "/arrival").then().statusCode(200).body("status", equalTo("ON_SITE"));
        technician(tech).body(Map.of("paid", true, "part", "PRIVATE", "notes", "换灯泡+疏通马桶"))
                .post("/api/v1/dispatches/" + order + "/survey").then().statusCode(200).body("paid", equalTo(true));

        technician(tech).post("/api/v1/dispatches/" + order + "/work-start").then().statusCode(409)
                .contentType("application/problem+json")
                .body("rule", equalTo("paid-work-needs-accepted-quote")).body("currentState", equalTo("ON_SITE"));

        publish("billing", "QuoteAccepted", "quote-" + order, 1, site, "{\"quoteId\":\"quote-" + order + "\",\"orderId\":\""
                + order + "\",\"scheduleVersion\":1,\"totalFen\":12000,\"signatureRef\":\"sig-owner\",\"acceptedAt\":\"" + time.instant() + "\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Http.admin().get("/api/v1/dispatches/" + order).then().body("dispatch.quoteAccepted", equalTo(true)));
        technician(tech).post("/api/v1/dispatches/" + order + "/work-start").then().statusCode(200);

        time.advance(Duration.ofMinutes(20).plusSeconds(7));
        technician(tech).body(Map.of("missing", List.of(Map.of("name", "角阀 DN15", "quantity", 1)), "serviceCardLeft", true))
                .post("/api/v1/dispatches/" + order + "/waiting-for-materials").then().statusCode(200)
                .body("status", equalTo("PAUSED")).body("waitingForMaterials", equalTo(true)).body("handlingSeconds", equalTo(1207));

        time.advance(Duration.ofHours(3));
        agent().body(Map.of("note", "业主已买好角阀")).post("/api/v1/dispatches/" + order + "/materials-available").then().statusCode(200);
        technician(tech).post("/api/v1/dispatches/" + order + "/arrival").then().statusCode(200);
        time.advance(Duration.ofMinutes(9).plusSeconds(53));
        technician(tech).body(Map.of("result", "已更换灯泡、疏通马桶、更换角阀",
                        "serviceItems", List.of(Map.of("code", "S-BULB", "performedAt", time.instant().minusSeconds(300).toString()),
                                Map.of("code", "S-TOILET", "performedAt", time.instant().minusSeconds(60).toString())),
                        "materialsUsed", List.of(Map.of("name", "角阀 DN15", "quantity", 1)),
                        "technicianSignatureRef", "sig-" + tech, "checks", DispatchTestSupport.ALL_CHECKS))
                .post("/api/v1/dispatches/" + order + "/completion").then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("handlingSeconds", equalTo(1207 + 593)).body("visits", equalTo(2));

        technician(tech).body(Map.of("signatureRef", "sig-owner", "rating", 5, "comment", "师傅很专业"))
                .post("/api/v1/dispatches/" + order + "/owner-acceptance").then().statusCode(200).body("rating", equalTo(5));
        agent().post("/api/v1/dispatches/" + order + "/archive").then().statusCode(409).body("rule", equalTo("archive-after-review"));
        leader().body(Map.of("note", "已核对")).post("/api/v1/dispatches/" + order + "/review").then().statusCode(200);
        agent().post("/api/v1/dispatches/" + order + "/archive").then().statusCode(200).body("status", equalTo("ARCHIVED"));
        technician(tech).post("/api/v1/dispatches/" + order + "/visit-end").then().statusCode(409)
                .body("rule", equalTo("archived-orders-are-closed")).body("currentState", equalTo("ARCHIVED"));

        Http.admin().get("/api/v1/dispatches/" + order).then().statusCode(200)
                .body("visits.visitNumber", contains(1, 2))
                .body("visits[0].technicianId", equalTo(tech));
        List<String> types = Http.admin().get("/api/v1/dispatches/" + order + "/timeline").then().statusCode(200)
                .body("items.type", org.hamcrest.Matchers.hasItems("QuoteAcceptanceNoted", "WaitingForMaterials", "WorkCompleted", "Archived"))
                .extract().path("items.type");

        // Every event of the lifecycle reached Kafka in order and matches its published schema.
        var published = KafkaTopicReader.awaitRecords("doorstep.dispatch.events", Duration.ofSeconds(30),
                        records -> records.stream().filter(r -> order.equals(r.key())).count() >= types.size())
                .stream().filter(r -> order.equals(r.key())).toList();
        org.assertj.core.api.Assertions.assertThat(published)
                .extracting(r -> CloudEventsKafka.header(r.headers(), "ce_type").split("\\.")[2]).containsExactlyElementsOf(types);
        for (var r : published) {
            String type = CloudEventsKafka.header(r.headers(), "ce_type").split("\\.")[2];
            org.assertj.core.api.Assertions.assertThat(EventSchemas.violations("dispatch", type, 1, DispatchTestSupport.utf8(r.value())))
                    .as(type).isEmpty();
        }
    }

    @Test
    void theAssignmentAnswerShowsEarlierVisitsToTheSameUnit() {
        freshDay(clock);
        String first = technicianId();
        String second = technicianId();
        String site = newSiteWithTechnicians(first, second);
        String unit = "unit-" + first;
        String earlier = reportedOrder(site, unit);
        agent().body(Map.of("technicianId", first)).post("/api/v1/dispatches/" + earlier + "/assignment").then().statusCode(200);
        technician(first).post("/api/v1/dispatches/" + earlier + "/arrival").then().statusCode(200);

        String again = reportedOrder(site, unit);
        agent().body(Map.of("technicianId", second)).post("/api/v1/dispatches/" + again + "/assignment").then().statusCode(200)
                .body("repeatVisits.sameUnit", hasSize(1))
                .body("repeatVisits.sameUnit[0].orderId", equalTo(earlier))
                .body("repeatVisits.sameUnit[0].technicianId", equalTo(first));
        Http.admin().get("/api/v1/technicians/" + second + "/work-list").then().statusCode(200).body("items.orderId", contains(again));
    }
}
