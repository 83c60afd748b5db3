package doorstep.dispatch.api;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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

import doorstep.dispatch.api.DispatchViews.DispatchView;
import doorstep.dispatch.api.DispatchViews.DutyBody;
import doorstep.dispatch.api.DispatchViews.TechnicianBody;
import doorstep.dispatch.api.DispatchViews.TechnicianView;
import doorstep.dispatch.roster.Technician;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.Conflict;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.ApiHeaders;
import io.quarkus.panache.common.Sort;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * The technician roster (工程人员) per site. Reads by any role, of the caller's sites only (another
 * site's technician answers 404 as a missing one); admins and team leaders change it on their sites.
 */
@Path("/api/v1/technicians")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Technician roster", description = "Technicians (工程人员) per site, their skills and who is on duty")
public class RosterResource {

    @Inject
    Clock clock;
    @Inject
    DispatchQueries queries;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "addTechnician", summary = "Add a technician to a site's roster (admin, team leader; on their sites)")
    @RolesAllowed({Roles.ADMIN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.REGISTRY_CREATION)
    public Response add(TechnicianBody body, @Context HttpHeaders headers) {
        CommandContext ctx = caller.command(headers);
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RequestValidator v = new RequestValidator();
        if (v.requiredText("id", body.id(), 64)) {
            v.check(body.id().matches("[A-Za-z0-9._-]+"), "id", "may contain only letters, digits, dot, dash and underscore");
        }
        v.requiredText("siteId", body.siteId(), 64);
        v.requiredText("name", body.name(), 50);
        PhoneNumber phone = body.phone() == null || body.phone().isBlank() ? null : v.parse("phone", () -> PhoneNumber.parse(body.phone()));
        v.throwIfInvalid();
        ctx.sites().requireVisible(body.siteId(), "site", body.siteId());
        if (Technician.findById(body.id()) != null) {
            throw new Conflict("technician " + body.id() + " exists");
        }
        Technician t = new Technician();
        t.id = body.id();
        t.siteId = body.siteId();
        t.name = body.name().strip();
        t.phone = phone == null ? null : phone.written();
        t.skills = body.skills() == null ? List.of() : List.copyOf(body.skills());
        t.onDuty = body.onDuty() == null || body.onDuty();
        t.updatedAt = clock.instant();
        t.persist();
        return Response.created(URI.create("/api/v1/technicians/" + t.id)).entity(view(t)).build();
    }

    @POST
    @Path("/{id}/duty")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "setTechnicianDuty", summary = "Put a technician on or off duty (admin, team leader; on their sites)")
    @RolesAllowed({Roles.ADMIN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.REGISTRY_COMMAND)
    public TechnicianView duty(@PathParam("id") String id, DutyBody body, @Context HttpHeaders headers) {
        CommandContext ctx = caller.command(headers);
        if (body == null || body.onDuty() == null) {
            throw InvalidRequest.of("onDuty", "is required");
        }
        Technician t = find(id, ctx.sites());
        t.onDuty = body.onDuty();
        t.updatedAt = clock.instant();
        return view(t);
    }

    @GET
    @Operation(operationId = "listTechnicians", summary = "The technicians of a site (siteId), or of all the caller's sites")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public List<TechnicianView> list(@QueryParam("siteId") String siteId, @QueryParam("onDuty") Boolean onDuty) {
        List<String> sites = caller.sites().listFilter(siteId);
        if (sites != null && sites.isEmpty()) {
            return List.of();
        }
        String where = sites == null ? "1 = 1" : "siteId in ?1";
        List<Technician> all = onDuty == null
                ? (sites == null ? Technician.listAll(Sort.by("id")) : Technician.list(where, Sort.by("id"), sites))
                : (sites == null ? Technician.list("onDuty = ?1", Sort.by("id"), onDuty)
                        : Technician.list(where + " and onDuty = ?2", Sort.by("id"), sites, onDuty));
        return all.stream().map(RosterResource::view).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getTechnician", summary = "One technician")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public TechnicianView get(@PathParam("id") String id) {
        return view(find(id, caller.sites()));
    }

    @GET
    @Path("/{id}/work-list")
    @Operation(operationId = "getTechnicianWorkList", summary = "The technician's open dispatch orders, newest first")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public Page<DispatchView> workList(@PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        find(id, caller.sites());
        return queries.list(new DispatchQueries.Filter(caller.sites().listFilter(null), null, id, null, true), cursor, Page.limit(limit));
    }

    /** @throws NotFound for an unknown technician, and exactly so for one of a site not in {@code sites} */
    static Technician find(String id, SiteScope sites) {
        Technician t = Technician.findById(id);
        if (t == null) {
            throw new NotFound("technician", id);
        }
        sites.requireVisible(t.siteId, "technician", id);
        return t;
    }

    static TechnicianView view(Technician t) {
        return new TechnicianView(t.id, t.siteId, t.name, t.phone, List.copyOf(t.skills), t.onDuty);
    }
}
