package doorstep.platform.testapp;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.CommandResponse;
import doorstep.platform.web.ETags;
import doorstep.platform.web.IdempotentCommands;
import doorstep.platform.web.NotFound;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** The test application's REST face: a command, reads by id and by site, and a public endpoint. */
@Path("/api/v1/counters")
@Produces(MediaType.APPLICATION_JSON)
public class CounterResource {

    public record IncrementBody(String siteId, Integer by) {
    }

    @Inject
    AggregateStore<TestApp.Counter, CounterIncremented> counters;
    @Inject
    IdempotentCommands idempotent;
    @Inject
    Caller caller;
    @Inject
    EntityManager em;

    @POST
    @Path("/{id}/increments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TEAM_LEADER, Roles.AGENT, Roles.TECHNICIAN})
    public Response increment(@PathParam("id") String id, IncrementBody body, @Context HttpHeaders headers) {
        CommandContext context = caller.command(headers);
        return idempotent.execute(context, "POST", "/api/v1/counters/" + id + "/increments", body, () -> {
            long version = counters.decide(id, body.siteId(), context, c -> List.of(new CounterIncremented(id, body.by()))).version();
            return new CommandResponse(200, null, ETags.of(version),
                    idempotent.toJson(Map.of("counterId", id, "version", version, "actedAs", context.actor().role())));
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.ADMIN})
    public Map<String, Object> get(@PathParam("id") String id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select site_id, total from counter_total where counter_id = ?1").setParameter(1, id).getResultList());
        if (rows.isEmpty()) {
            throw new NotFound("counter", id);
        }
        caller.sites().requireVisible((String) rows.get(0)[0], "counter", id);
        return Map.of("counterId", id, "siteId", rows.get(0)[0], "total", rows.get(0)[1]);
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.ADMIN})
    public List<String> list(@QueryParam("siteId") String siteId) {
        List<String> sites = caller.sites().listFilter(siteId);
        @SuppressWarnings("unchecked")
        List<String> ids = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select counter_id from counter_total where (cast(?1 as text) is null or site_id = any(cast(?2 as text[]))) "
                                + "order by counter_id")
                .setParameter(1, sites == null ? null : "filtered")
                .setParameter(2, sites == null ? new String[0] : sites.toArray(String[]::new)).getResultList());
        return ids;
    }

    @GET
    @Path("/public-note")
    @PermitAll
    public Map<String, String> publicNote() {
        return Map.of("note", "no token needed; every site is " + SiteScope.EVERY_SITE);
    }

    @GET
    @Path("/forgotten")
    public Map<String, String> unannotated() {
        return Map.of("note", "an endpoint nobody gave a rule: denied by default");
    }
}
