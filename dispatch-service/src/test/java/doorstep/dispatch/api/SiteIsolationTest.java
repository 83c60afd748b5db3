package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.Http;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, object-level rules (OWASP API1): a user of another site gets exactly the 404 of a missing
 * id on every id route of the dispatch API (reads, timeline, every command, the roster), and nothing
 * is written; lists hold only the token's sites, and a list filtered by another site is 404.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class SiteIsolationTest {

    @Inject
    EventStore store;

    /** One id route: who (of the admitted roles) calls it, and a body the command would accept. */
    record Route(String method, String path, String role, Object body) {
    }

    static final String ELSEWHERE = "site-elsewhere";

    static List<Route> orderRoutes() {
        Map<String, Object> none = Map.of();
        List<Route> r = new ArrayList<>();
        r.add(new Route("GET", "", "agent", null));
        r.add(new Route("GET", "/timeline", "supervisor", null));
        r.add(new Route("POST", "/assignment", "team-leader", Map.of("technicianId", "TECH")));
        r.add(new Route("POST", "/acceptance", "technician", null));
        r.add(new Route("POST", "/reporter-contact", "technician", none));
        r.add(new Route("POST", "/material-requisitions", "technician", Map.of("items", List.of(Map.of("name", "角阀", "quantity", 1)))));
        r.add(new Route("POST", "/material-requisitions/req-1/issue", "warehouse", null));
        r.add(new Route("POST", "/appointment", "agent", Map.of("appointmentAt", "2026-12-01T10:00:00+08:00", "ownerConsent", "AGREED")));
        r.add(new Route("POST", "/owner-not-home", "technician", none));
        r.add(new Route("POST", "/escalation", "agent", none));
        r.add(new Route("POST", "/arrival", "technician", null));
        r.add(new Route("POST", "/visit-end", "technician", null));
        r.add(new Route("POST", "/survey", "team-leader", Map.of("paid", false, "part", "COMMON")));
        r.add(new Route("POST", "/risk-disclosure", "technician", Map.of("description", "无管线图")));
        r.add(new Route("POST", "/risk-consent", "technician", Map.of("consented", true, "signatureRef", "sig")));
        r.add(new Route("POST", "/work-start", "technician", null));
        r.add(new Route("POST", "/waiting-for-materials", "technician", Map.of("missing", List.of(Map.of("name", "角阀", "quantity", 1)))));
        r.add(new Route("POST", "/materials-available", "agent", none));
        r.add(new Route("POST", "/completion", "technician", Map.of("result", "ok", "technicianSignatureRef", "sig",
                "checks", DispatchTestSupport.ALL_CHECKS)));
        r.add(new Route("POST", "/owner-acceptance", "technician", Map.of("rating", 5, "signatureRef", "sig")));
        r.add(new Route("POST", "/leader-verification", "team-leader", Map.of("reason", "r")));
        r.add(new Route("POST", "/review", "team-leader", none));
        r.add(new Route("POST", "/archive", "agent", null));
        r.add(new Route("POST", "/tracking-continuation", "agent", Map.of("reason", "r", "handler", "h")));
        r.add(new Route("POST", "/conversion-exemption", "team-leader", Map.of("reason", "r")));
        return r;
    }

    @Test
    void everyIdRouteOfAnotherSitesOrderAnswersAsAMissingOneAndWritesNothing() {
        String tech = technicianId();
        String site = newSiteWithTechnicians(tech);
        String order = reportedOrder(site, "u-iso");
        DispatchTestSupport.agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment")
                .then().statusCode(200);
        long events = QuarkusTransaction.requiringNew().call(() -> store.load(order).size());
        long all = QuarkusTransaction.requiringNew().call(store::count);
        String board = Http.admin().get("/api/v1/dispatches/" + order).then().statusCode(200).extract().asString();

        List<Route> routes = orderRoutes();
        assertThat(routes).as("every id route of /api/v1/dispatches (see AccessMatrixTest)").hasSize(25);
        for (Route route : routes) {
            Object body = route.body() instanceof Map<?, ?> m && "TECH".equals(m.get("technicianId")) ? Map.of("technicianId", tech) : route.body();
            String missing = "missing-" + UUID.randomUUID();
            // The same user, once on an order of a site not theirs and once on an id that exists nowhere.
            String user = route.role() + "-elsewhere";
            Response foreign = call(route, body, user, "/api/v1/dispatches/" + order);
            Response absent = call(route, body, user, "/api/v1/dispatches/" + missing);
            assertSameAsMissing(route.method() + " " + route.path(), foreign, absent, order, missing);
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.load(order).size())).isEqualTo(events);
        assertThat(QuarkusTransaction.requiringNew().call(store::count)).isEqualTo(all);
        Http.admin().get("/api/v1/dispatches/" + order).then().statusCode(200).body(equalTo(board));
    }

    @Test
    void theRosterOfAnotherSiteAnswersAsMissingAndIsNotChanged() {
        String tech = technicianId();
        newSiteWithTechnicians(tech);
        String missing = "tech-missing-" + UUID.randomUUID().toString().substring(0, 8);
        List<Route> routes = List.of(new Route("GET", "", "technician", null), new Route("GET", "/work-list", "agent", null),
                new Route("POST", "/duty", "team-leader", Map.of("onDuty", false)));
        for (Route route : routes) {
            Response foreign = call(route, route.body(), "user-elsewhere", "/api/v1/technicians/" + tech);
            Response absent = call(route, route.body(), "user-elsewhere", "/api/v1/technicians/" + missing);
            assertSameAsMissing(route.method() + " /api/v1/technicians/{id}" + route.path(), foreign, absent, tech, missing);
        }
        Http.admin().get("/api/v1/technicians/" + tech).then().statusCode(200).body("onDuty", equalTo(true));
    }

    @Test
    void listsHoldOnlyTheTokensSitesAndAnotherSitesListIsMissing() {
        String here = technicianId();
        String there = technicianId();
        String siteHere = newSiteWithTechnicians(here);
        String siteThere = newSiteWithTechnicians(there);
        String mine = reportedOrder(siteHere, "u-list-1");
        String theirs = reportedOrder(siteThere, "u-list-2");

        // No siteId: the token's sites only (paged through, so that no page hides the other site's order).
        List<String> seen = new ArrayList<>();
        List<String> sites = new ArrayList<>();
        String cursor = null;
        do {
            var page = as("agent", "agent-here", siteHere).queryParam("limit", 100);
            if (cursor != null) {
                page = page.queryParam("cursor", cursor);
            }
            var json = page.get("/api/v1/dispatches").then().statusCode(200).extract().jsonPath();
            seen.addAll(json.getList("items.orderId"));
            sites.addAll(json.getList("items.siteId"));
            cursor = json.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).contains(mine).doesNotContain(theirs);
        assertThat(sites).containsOnly(siteHere);

        as("agent", "agent-here", siteHere).queryParam("siteId", siteHere).get("/api/v1/dispatches").then().statusCode(200)
                .body("items.orderId", hasItem(mine)).body("items.siteId", everyItem(equalTo(siteHere)));
        Response other = as("agent", "agent-here", siteHere).queryParam("siteId", siteThere).get("/api/v1/dispatches");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");
        as("team-leader", "leader-here", siteHere).queryParam("siteId", siteThere).queryParam("overdue", true)
                .get("/api/v1/dispatches").then().statusCode(404);

        // The roster: the token's sites only; another site's list is missing.
        as("agent", "agent-here", siteHere).get("/api/v1/technicians").then().statusCode(200)
                .body("id", hasItem(here)).body("id", not(hasItem(there))).body("siteId", everyItem(equalTo(siteHere)));
        as("agent", "agent-here", siteHere).queryParam("siteId", siteThere).get("/api/v1/technicians").then().statusCode(404);
        // A technician's work list, read by a leader of their site.
        as("team-leader", "leader-here", siteHere).get("/api/v1/technicians/" + here + "/work-list").then().statusCode(200);
        // A company-wide user sees both.
        Http.admin().get("/api/v1/technicians").then().statusCode(200).body("id", hasItem(here)).body("id", hasItem(there));
    }

    @Test
    void addingATechnicianToAnotherSiteIsMissingAndAddsNobody() {
        String site = newSiteWithTechnicians(technicianId());
        String id = technicianId();
        as("team-leader", "leader-elsewhere", ELSEWHERE).body(Map.of("id", id, "siteId", site, "name", "赵师傅"))
                .post("/api/v1/technicians").then().statusCode(404).contentType("application/problem+json");
        Http.admin().get("/api/v1/technicians/" + id).then().statusCode(404);
        as("team-leader", "leader-here", site).body(Map.of("id", id, "siteId", site, "name", "赵师傅"))
                .post("/api/v1/technicians").then().statusCode(201);
    }

    @Test
    void aLeaderAssignsOnlyTechniciansTheyCanSee() {
        String tech = technicianId();
        String foreignTech = technicianId();
        String site = newSiteWithTechnicians(tech);
        newSiteWithTechnicians(foreignTech);
        String order = reportedOrder(site, "u-assign-iso");
        long before = QuarkusTransaction.requiringNew().call(() -> store.load(order).size());
        // A technician of a site not in the token answers as one who does not exist: the roster cannot be probed.
        String unknown = as("team-leader", "leader-here", site).body(Map.of("technicianId", "nobody-" + UUID.randomUUID()))
                .post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(400)
                .body("errors[0].field", equalTo("technicianId")).extract().path("errors[0].message");
        as("team-leader", "leader-here", site).body(Map.of("technicianId", foreignTech))
                .post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(400)
                .body("errors[0].field", equalTo("technicianId")).body("errors[0].message", equalTo(unknown));
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.load(order).size())).isEqualTo(before);
        as("team-leader", "leader-here", site).body(Map.of("technicianId", tech))
                .post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200).body("dispatch.technicianId", equalTo(tech));
    }

    @Test
    void theCompanyWideCalendarIsChangedOnlyWithACompanyWideToken() {
        long all = QuarkusTransaction.requiringNew().call(store::count);
        as("admin", "site-admin", ELSEWHERE).body(Map.of("year", 2035, "holidays", List.of("2035-01-01"), "makeUpWorkingDays", List.of(),
                "source", "test data")).post("/api/v1/calendar/years").then().statusCode(403).contentType("application/problem+json");
        as("admin", "site-admin", ELSEWHERE).body(Map.of("date", "2026-01-02", "kind", "HOLIDAY", "reason", "r"))
                .post("/api/v1/calendar/years/2026/corrections").then().statusCode(403).contentType("application/problem+json");
        assertThat(QuarkusTransaction.requiringNew().call(store::count)).isEqualTo(all);
        // Every role of any site reads it.
        as("technician", "tech-elsewhere", ELSEWHERE).get("/api/v1/calendar/years/2026").then().statusCode(200);
        Http.admin().get("/api/v1/calendar/years/2035").then().statusCode(404);
    }

    private static Response call(Route route, Object body, String user, String base) {
        var request = as(route.role(), user, ELSEWHERE);
        if (body != null) {
            request = request.body(body);
        }
        return request.request(route.method(), base + route.path());
    }

    /** Same status, type, title and detail (but for the id) as for an id that exists nowhere. */
    private static void assertSameAsMissing(String what, Response foreign, Response absent, String id, String missingId) {
        assertThat(absent.statusCode()).as(what + " on a missing id: " + absent.asString()).isEqualTo(404);
        assertThat(foreign.statusCode()).as(what + " on another site's object: " + foreign.asString()).isEqualTo(404);
        assertThat(foreign.contentType()).as(what).startsWith("application/problem+json");
        assertThat(foreign.jsonPath().getString("type")).as(what).isEqualTo(absent.jsonPath().getString("type"));
        assertThat(foreign.jsonPath().getString("title")).as(what).isEqualTo(absent.jsonPath().getString("title"));
        assertThat(foreign.jsonPath().getString("detail")).as(what)
                .isEqualTo(absent.jsonPath().getString("detail").replace(missingId, id));
    }
}
