package doorstep.platform.projection;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import doorstep.platform.security.Roles;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/** Operators ({@code admin}) list the service's read models and rebuild any of them from the event store. */
@Path("/api/v1/admin/projections")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class ProjectionAdminResource {

    @Inject
    ProjectionRebuilder rebuilder;

    @GET
    @Operation(operationId = "listProjections", summary = "List read models with their last rebuild's status")
    public List<ProjectionRebuilder.Status> list() {
        return rebuilder.statuses();
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getProjectionStatus", summary = "A read model's rebuild status and progress")
    public ProjectionRebuilder.Status status(@PathParam("name") String name) {
        return known(name);
    }

    @POST
    @Path("/{name}/rebuild")
    @Operation(operationId = "rebuildProjection", summary = "Drop a read model and rebuild it by replaying the event store (admin)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.LOCATION)
    @APIResponse(responseCode = "202", description = "The rebuild is requested; Location is its status to poll",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectionRebuilder.Status.class)))
    public Response rebuild(@PathParam("name") String name) {
        known(name);
        ProjectionRebuilder.Status status = rebuilder.requestRebuild(name);
        return Response.accepted(status).location(URI.create("/api/v1/admin/projections/" + name)).build();
    }

    private ProjectionRebuilder.Status known(String name) {
        if (rebuilder.statuses().stream().noneMatch(s -> s.projection().equals(name))) {
            throw new NotFound("projection", name);
        }
        return rebuilder.status(name);
    }
}
