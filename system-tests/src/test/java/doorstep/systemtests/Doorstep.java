package doorstep.systemtests;

import static doorstep.testing.Http.as;
import static doorstep.systemtests.SystemStack.url;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import doorstep.testing.Http;
import io.restassured.response.ValidatableResponse;

/** What front-end apps do, over REST only: the desk, the technician's app, the leaders' and the warehouse's screens. */
final class Doorstep {

    static final Duration EVENTUALLY = Duration.ofSeconds(60);
    /** 三到位 and precautions told, all done: what a completion records. */
    static final Map<String, Object> ALL_CHECKS = Map.of("siteCleaned", true, "testedAndDemonstrated", true, "useExplained", true);

    final String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
    final String technician = "tech-" + UUID.randomUUID().toString().substring(0, 6);
    String unit;

    /** A site with one unit (intake) and one technician on duty (dispatch). */
    Doorstep() {
        as("admin", "ops-1").body(Map.of("id", site, "name", "阳光花园")).post(url("intake") + "/api/v1/sites").then().statusCode(201);
        unit = as("admin", "ops-1").body(Map.of("siteId", site, "building", "3栋", "unitNumber", "1202",
                        "owner", Map.of("name", "李四", "phones", List.of("139 0000 1111"))))
                .post(url("intake") + "/api/v1/units").then().statusCode(201).extract().path("id");
        as("team-leader", "leader-1").body(Map.of("id", technician, "siteId", site, "name", "张师傅"))
                .post(url("dispatch") + "/api/v1/technicians").then().statusCode(201);
    }

    /** Reports a problem at the unit and waits until dispatch has opened the order. */
    String report(String content) {
        String order = as("agent", "agent-7").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("unitId", unit, "reporter", Map.of("name", "王", "phone", "138-1234-5678"), "visitTime", "ASAP", "content", content))
                .post(url("intake") + "/api/v1/orders").then().statusCode(201).extract().path("id");
        await().atMost(EVENTUALLY).until(() -> Http.admin().get(dispatch(order)).statusCode() == 200);
        return order;
    }

    String reportAndAssign(String content) {
        String order = report(content);
        as("agent", "agent-7").body(Map.of("technicianId", technician)).post(dispatch(order) + "/assignment").then().statusCode(200);
        return order;
    }

    ValidatableResponse tech(String order, String command, Object body) {
        var req = as("technician", technician);
        if (body != null) {
            req.body(body);
        }
        return req.post(dispatch(order) + "/" + command).then();
    }

    static String dispatch(String order) {
        return url("dispatch") + "/api/v1/dispatches/" + order;
    }

    /** The types of every event of a timeline, oldest first, read a page after another to the end (D56). */
    static List<String> timeline(String service, String path) {
        List<String> types = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var request = Http.admin().queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get(url(service) + path).then().statusCode(200).extract().jsonPath();
            types.addAll(page.getList("items.type", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return types;
    }

    static long count(List<String> types, String type) {
        return types.stream().filter(type::equals).count();
    }
}
