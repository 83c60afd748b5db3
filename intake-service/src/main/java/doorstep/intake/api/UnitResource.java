package doorstep.intake.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

import doorstep.intake.api.RegistryViews.CreateUnit;
import doorstep.intake.api.RegistryViews.UnitView;
import doorstep.intake.registry.Unit;
import doorstep.intake.registry.UnitRegistry;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;
import doorstep.platform.web.ApiHeaders;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * Units (户位) with their legal owners. Administrators register and import them for the sites of their
 * token; every role reads the units of its token's sites (another site's unit answers 404, as a missing
 * one does).
 */
@Path("/api/v1/units")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Unit registry")
public class UnitResource {

    @Inject
    UnitRegistry registry;
    @Inject
    Caller caller;

    /** @throws NotFound naming the site when it does not exist or is not one of the token's (the same answer) */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerUnit", summary = "Register a unit with its legal owner (admin of the unit's site)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UnitView.class)))
    @APIResponse(responseCode = "404", description = "The site does not exist or is not one of the token's")
    @RolesAllowed(Roles.ADMIN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.REGISTRY_CREATION)
    public Response create(CreateUnit body, @Context HttpHeaders headers) {
        caller.command(headers);
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RegistryViews.OwnerBody owner = body.owner() == null ? new RegistryViews.OwnerBody(null, List.of()) : body.owner();
        Unit unit = registry.createUnit(new UnitRegistry.UnitInput(body.siteId(), body.building(), body.unitNumber(),
                owner.name(), owner.phones()), caller.sites());
        return Response.created(URI.create("/api/v1/units/" + unit.id)).entity(UnitView.of(unit)).build();
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RequestBody(description = "CSV with the header site_id,building,unit_number,owner_name,owner_phones; "
            + "several phones are separated by ';'. All lines are imported, or none.")
    @Operation(operationId = "importUnits", summary = "Import units from CSV, all or nothing (admin of the lines' sites; another site's line is "
            + "refused as a missing site's)")
    @RolesAllowed(Roles.ADMIN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.REGISTRY_COMMAND)
    public UnitRegistry.ImportResult importCsv(String csv, @Context HttpHeaders headers) {
        caller.command(headers);
        return registry.importCsv(csv, caller.sites());
    }

    /** @throws NotFound when there is no such unit, or it is of a site not in the token */
    @GET
    @Path("/{id}")
    @Operation(operationId = "getUnit", summary = "One unit of the token's sites")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public UnitView get(@PathParam("id") String id) {
        Unit unit = registry.findUnit(id).orElseThrow(() -> new NotFound("unit", id));
        caller.sites().requireVisible(unit.siteId, "unit", id);
        return UnitView.of(unit);
    }

    /** @throws NotFound when {@code siteId} is given and is not one of the token's sites */
    @GET
    @Operation(operationId = "listUnits", summary = "Units of the token's sites, filtered by site and building, in address order, paged")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public Page<UnitView> list(@QueryParam("siteId") String siteId, @QueryParam("building") String building,
                               @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        int size = Page.limit(limit);
        String[] after = Page.decode(cursor, 3);
        List<String> sites = caller.sites().listFilter(siteId);
        if (sites != null && sites.isEmpty()) {
            return new Page<>(List.of(), null); // a token of no site sees no unit
        }
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (sites != null) {
            where.add("siteId in :sites");
            params.and("sites", sites);
        }
        if (building != null) {
            where.add("building = :building");
            params.and("building", building);
        }
        if (after != null) {
            where.add("(siteId > :s or (siteId = :s and (building > :b or (building = :b and unitNumber > :u))))");
            params.and("s", after[0]).and("b", after[1]).and("u", after[2]);
        }
        String query = where.isEmpty() ? "1 = 1" : String.join(" and ", where);
        List<Unit> rows = Unit.<Unit>find(query, Sort.by("siteId").and("building").and("unitNumber"), params)
                .page(0, size + 1).list();
        return Page.of(rows.stream().map(UnitView::of).toList(), size, u -> new String[] {u.siteId(), u.building(), u.unitNumber()});
    }
}
