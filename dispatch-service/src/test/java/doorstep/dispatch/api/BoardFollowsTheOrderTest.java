package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.dispatch.api.DispatchTestSupport.freshDay;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static doorstep.dispatch.api.DispatchTestSupport.technician;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import doorstep.testing.Http;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The board shows the status the order's state machine decided: after "owner not home" an agreed
 * appointment puts the order back to ACCEPTED (Dispatch.apply), and the board and its filters agree.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class BoardFollowsTheOrderTest {

    @Inject
    Clock clock;

    @Test
    void anAgreedAppointmentAfterOwnerNotHomeShowsTheOrderAcceptedAgain() {
        Instant t0 = freshDay(clock);
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);
        String order = reportedOrder(site, "unit-" + tech);

        agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200);
        technician(tech).post("/api/v1/dispatches/" + order + "/acceptance").then().statusCode(200);
        technician(tech).body(Map.of("note", "敲门无人")).post("/api/v1/dispatches/" + order + "/owner-not-home").then().statusCode(200)
                .body("status", equalTo("AWAITING_APPOINTMENT"));
        Instant appointment = t0.plus(Duration.ofHours(3));
        agent().body(Map.of("appointmentAt", appointment.toString(), "ownerConsent", "AGREED"))
                .post("/api/v1/dispatches/" + order + "/appointment").then().statusCode(200)
                .body("status", equalTo("ACCEPTED"))
                .body("arrivalDueAt", equalTo(appointment.minus(Duration.ofMinutes(3)).toString()));

        Http.admin().get("/api/v1/dispatches/" + order).then().statusCode(200).body("dispatch.status", equalTo("ACCEPTED"));
        Http.admin().queryParam("siteId", site).queryParam("status", "ACCEPTED").get("/api/v1/dispatches").then().statusCode(200)
                .body("items.orderId", hasItem(order));
        Http.admin().queryParam("siteId", site).queryParam("status", "AWAITING_APPOINTMENT").get("/api/v1/dispatches").then().statusCode(200)
                .body("items.orderId", not(hasItem(order)));
    }
}
