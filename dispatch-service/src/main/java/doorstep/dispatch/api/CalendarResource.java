package doorstep.dispatch.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import doorstep.dispatch.api.CalendarQueries.CalendarYearSummary;
import doorstep.dispatch.api.CalendarQueries.CalendarYearView;
import doorstep.dispatch.application.CalendarCommands;
import doorstep.dispatch.domain.DayKind;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.CommandResponse;
import doorstep.platform.web.ETags;
import doorstep.platform.web.IdempotentCommands;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * The working calendar (工作日历) as data: admins publish a year from the State Council's notice and
 * correct single days; each change counts at once, and the pending deadlines it moves are moved
 * (one {@code ConversionDeadlineMoved} per order). Commands take {@code Idempotency-Key} and
 * {@code If-Match} (the year's version) and answer with the year's {@code ETag}. A year belongs to no
 * site: every role reads it, and only an admin with a company-wide token changes it (a site's admin
 * gets 404, as for any object outside their sites).
 */
@Path("/api/v1/calendar")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Working calendar", description = "Public holidays and make-up working days per year (法定节假日, 调休上班)")
public class CalendarResource {

    static final int MAX_TEXT = 500;

    /** A year as the notice gives it: ISO dates; {@code source} names the notice. */
    public record PublishBody(Integer year, List<String> holidays, List<String> makeUpWorkingDays, String source) {
    }

    /** One day corrected to {@code kind} (HOLIDAY, MAKE_UP_WORKING_DAY or REGULAR), with a reason. */
    public record CorrectionBody(String date, String kind, String reason) {
    }

    /** A change's answer: the year as it is now and how many pending deadlines it moved. */
    public record ChangeView(CalendarYearView year, int deadlinesMoved) {
    }

    @Inject
    CalendarCommands commands;
    @Inject
    CalendarQueries queries;
    @Inject
    IdempotentCommands idempotent;
    @Inject
    Caller caller;

    @GET
    @Path("/years")
    @Operation(operationId = "listCalendarYears", summary = "The published years, oldest first")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public List<CalendarYearSummary> years() {
        return queries.years();
    }

    @GET
    @Path("/years/{year}")
    @Operation(operationId = "getCalendarYear", summary = "One published year: its holidays and make-up working days; ETag is its version")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CalendarYearView.class)))
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.VERSIONED_READ)
    public Response year(@PathParam("year") int year) {
        CalendarYearView view = queries.year(year);
        return Response.ok(view).header(HttpHeaders.ETAG, ETags.of(view.version())).build();
    }

    @POST
    @Path("/years")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "publishCalendarYear", summary = "Publish a year's holidays and make-up working days (admin); pending deadlines it moves are moved")
    @APIResponse(responseCode = "201", description = "Published; Location and ETag headers are set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeView.class)))
    @RolesAllowed(Roles.ADMIN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.CREATING_OR_CHANGING_COMMAND)
    public Response publish(PublishBody body, @Context HttpHeaders headers) {
        CommandContext ctx = caller.command(headers);
        RequestValidator v = new RequestValidator();
        Integer year = body == null ? null : body.year();
        v.required("year", year);
        List<LocalDate> holidays = dates(v, "holidays", body == null ? null : body.holidays());
        List<LocalDate> makeUp = dates(v, "makeUpWorkingDays", body == null ? null : body.makeUpWorkingDays());
        v.requiredText("source", body == null ? null : body.source(), MAX_TEXT);
        v.throwIfInvalid();
        return idempotent.execute(ctx, "POST", "/api/v1/calendar/years", body, () -> {
            CalendarCommands.Changed changed = commands.publish(year, holidays, makeUp, body.source().strip(), ctx);
            return new CommandResponse(201, "/api/v1/calendar/years/" + year, ETags.of(changed.version()),
                    idempotent.toJson(new ChangeView(queries.year(year), changed.deadlinesMoved())));
        });
    }

    @POST
    @Path("/years/{year}/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "correctCalendarDay", summary = "Correct one day of a published year (admin); pending deadlines it moves are moved")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ChangeView.class)))
    @RolesAllowed(Roles.ADMIN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    public Response correct(@PathParam("year") int year, CorrectionBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        LocalDate date = null;
        if (v.required("date", body == null ? null : body.date())) {
            date = date(v, "date", body.date());
            v.check(date == null || date.getYear() == year, "date", "must lie in " + year);
        }
        DayKind kind = v.required("kind", body == null ? null : body.kind()) ? v.enumValue("kind", body.kind(), DayKind.class) : null;
        v.requiredText("reason", body == null ? null : body.reason(), MAX_TEXT);
        v.throwIfInvalid();
        LocalDate day = date;
        return idempotent.run(headers, "/api/v1/calendar/years/" + year + "/corrections", body, ctx -> {
            queries.year(year); // 404 for a year nobody published
            CalendarCommands.Changed changed = commands.correctDay(day, kind, body.reason().strip(), ctx);
            return new IdempotentCommands.Answer(changed.version(), new ChangeView(queries.year(year), changed.deadlinesMoved()));
        });
    }

    private static List<LocalDate> dates(RequestValidator v, String field, List<String> raw) {
        if (raw == null) {
            v.add(field, "is required (an empty list when there are none)");
            return List.of();
        }
        if (raw.size() > 366) {
            v.add(field, "at most 366 dates");
            return List.of();
        }
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            LocalDate d = raw.get(i) == null ? null : date(v, field + "[" + i + "]", raw.get(i));
            if (raw.get(i) == null) {
                v.add(field + "[" + i + "]", "is required");
            }
            if (d != null) {
                dates.add(d);
            }
        }
        return dates;
    }

    private static LocalDate date(RequestValidator v, String field, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            v.add(field, "must be an ISO date, e.g. 2027-01-01");
            return null;
        }
    }
}
