package doorstep.intake.api;

import java.net.URI;
import java.util.List;

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
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Unit registry", description = "Sites (项目/小区) and units (户位) with their legal owners")
public class SiteResource {

    @Inject
    UnitRegistry registry;

    @POST
    @Operation(summary = "Register a site (admin)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SiteView.class)))
    public Response create(CreateSite body, @Context HttpHeaders headers) {
        CommandContext.from(headers).requireRole("admin");
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        Site site = registry.createSite(body.id(), body.name(), body.timeZone(), body.areaCode());
        return Response.created(URI.create("/api/v1/sites/" + site.id)).entity(SiteView.of(site)).build();
    }

    @GET
    @Operation(summary = "All sites")
    public List<SiteView> list() {
        return Site.<Site>listAll(io.quarkus.panache.common.Sort.by("id")).stream().map(SiteView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One site")
    public SiteView get(@PathParam("id") String id) {
        return registry.findSite(id).map(SiteView::of).orElseThrow(() -> new NotFound("site", id));
    }
}
