package doorstep.intake.api;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import doorstep.intake.api.RegistryViews.CreateSite;
import doorstep.intake.api.RegistryViews.SiteView;
import doorstep.intake.registry.Site;
import doorstep.intake.registry.UnitRegistry;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.Forbidden;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * Sites (项目/小区), the top of the unit registry. Administrators with a company-wide token register
 * them; every role reads the sites of its token (another site answers 404, as a missing one does).
 */
@Path("/api/v1/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Unit registry", description = "Sites (项目/小区) and units (户位) with their legal owners")
public class SiteResource {

    @Inject
    UnitRegistry registry;
    @Inject
    Caller caller;

    /**
     * @throws Forbidden (403) for an administrator whose token names sites: a new site is in nobody's
     *                   list yet, so only a company-wide token ({@code sites: ["*"]}) may register one
     */
    @POST
    @Operation(operationId = "createSite", summary = "Register a site (admin with a company-wide token)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SiteView.class)))
    @RolesAllowed(Roles.ADMIN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.REGISTRY_CREATION)
    public Response create(CreateSite body, @Context HttpHeaders headers) {
        caller.command(headers).sites().requireCompanyWide("the sites of the registry");
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        Site site = registry.createSite(body.id(), body.name(), body.timeZone(), body.areaCode());
        return Response.created(URI.create("/api/v1/sites/" + site.id)).entity(SiteView.of(site)).build();
    }

    /** The sites of the caller's token, by id. */
    @GET
    @Operation(operationId = "listSites", summary = "The sites of the token, by id")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public List<SiteView> list() {
        List<String> sites = caller.sites().listFilter(null);
        io.quarkus.panache.common.Sort byId = io.quarkus.panache.common.Sort.by("id");
        List<Site> rows = sites == null ? Site.listAll(byId) : sites.isEmpty() ? List.of() : Site.list("id in ?1", byId, sites);
        return rows.stream().map(SiteView::of).toList();
    }

    /** @throws NotFound when there is no such site, or it is not one of the token's */
    @GET
    @Path("/{id}")
    @Operation(operationId = "getSite", summary = "One site of the token")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public SiteView get(@PathParam("id") String id) {
        caller.sites().requireVisible(id, "site", id);
        return registry.findSite(id).map(SiteView::of).orElseThrow(() -> new NotFound("site", id));
    }
}
