package doorstep.intake.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

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
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/units")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Unit registry")
public class UnitResource {

    @Inject
    UnitRegistry registry;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a unit with its legal owner (admin)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UnitView.class)))
    public Response create(CreateUnit body, @Context HttpHeaders headers) {
        CommandContext.from(headers).requireRole("admin");
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RegistryViews.OwnerBody owner = body.owner() == null ? new RegistryViews.OwnerBody(null, List.of()) : body.owner();
        Unit unit = registry.createUnit(new UnitRegistry.UnitInput(body.siteId(), body.building(), body.unitNumber(),
                owner.name(), owner.phones()));
        return Response.created(URI.create("/api/v1/units/" + unit.id)).entity(UnitView.of(unit)).build();
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RequestBody(description = "CSV with the header site_id,building,unit_number,owner_name,owner_phones; "
            + "several phones are separated by ';'. All lines are imported, or none.")
    @Operation(summary = "Import units from CSV, all or nothing (admin)")
    public UnitRegistry.ImportResult importCsv(String csv, @Context HttpHeaders headers) {
        CommandContext.from(headers).requireRole("admin");
        return registry.importCsv(csv);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One unit")
    public UnitView get(@PathParam("id") String id) {
        return registry.findUnit(id).map(UnitView::of).orElseThrow(() -> new NotFound("unit", id));
    }

    @GET
    @Operation(summary = "Units, filtered by site and building, in address order, paged")
    public Page<UnitView> list(@QueryParam("siteId") String siteId, @QueryParam("building") String building,
                               @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        int size = Page.limit(limit);
        String[] after = Page.decode(cursor, 3);
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (siteId != null) {
            where.add("siteId = :site");
            params.and("site", siteId);
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
