package doorstep.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import doorstep.platform.security.Roles;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Moves the service's clock, for tests that drive deadlines ({@code admin}). Every method answers
 * 404 unless the clock is controllable ({@code doorstep.clock.controllable=true}), which production
 * never sets: there the endpoint does not exist.
 */
@Path("/api/v1/admin/clock")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class ClockResource {

    public record ClockBody(String now, String advanceBy) {
    }

    /** The service's time and whether tests may move it. */
    public record ClockView(Instant now, boolean controllable) {
    }

    @Inject
    Clock clock;

    @GET
    @Operation(operationId = "getClock", summary = "The service's current time")
    public ClockView now() {
        controllable();
        return new ClockView(clock.instant(), clock instanceof ControllableClock);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setClock", summary = "Set (now) or advance (advanceBy, ISO-8601 duration) a controllable clock")
    public ClockView set(ClockBody body) {
        ControllableClock c = controllable();
        try {
            if (body != null && body.now() != null) {
                c.set(Instant.parse(body.now()));
            } else if (body != null && body.advanceBy() != null) {
                c.advance(Duration.parse(body.advanceBy()));
            } else {
                throw InvalidRequest.of("now", "give now (an instant) or advanceBy (a duration)");
            }
        } catch (DateTimeParseException e) {
            throw InvalidRequest.of(body.now() != null ? "now" : "advanceBy", "cannot be read: " + e.getParsedString());
        }
        return now();
    }

    @DELETE
    @Operation(operationId = "releaseClock", summary = "Let a controllable clock follow the system clock again")
    public ClockView release() {
        controllable().release();
        return now();
    }

    private ControllableClock controllable() {
        if (clock instanceof ControllableClock c) {
            return c;
        }
        throw new NotFound("controllable clock", "in this profile");
    }
}
