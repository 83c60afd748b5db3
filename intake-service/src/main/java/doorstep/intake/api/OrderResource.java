package doorstep.intake.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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

import doorstep.intake.api.OrderViews.AmendBody;
import doorstep.intake.api.OrderViews.CancelBody;
import doorstep.intake.api.OrderViews.OrderView;
import doorstep.intake.api.OrderViews.ReportBody;
import doorstep.intake.api.OrderViews.ReporterBody;
import doorstep.platform.web.TimelineEntry;
import doorstep.intake.application.DispatchOrderCommands;
import doorstep.intake.domain.DispatchOrder;
import doorstep.intake.domain.Location;
import doorstep.intake.domain.OrderStatus;
import doorstep.intake.domain.ReportChannel;
import doorstep.intake.domain.Reporter;
import doorstep.intake.domain.VisitTime;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.observability.LogContext;
import doorstep.platform.observability.OrderIdInPath;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.CommandResponse;
import doorstep.platform.web.ETags;
import doorstep.platform.web.IdempotentCommands;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.Page;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * Dispatch orders (派工单) as the customer center reports, corrects and withdraws them. Commands take
 * {@code Idempotency-Key} and {@code If-Match}; answers carry {@code ETag} (the order's version).
 * Every call needs a bearer token: the desk roles command, every role reads; an order of a site not in
 * the token is answered exactly as a missing one (404), and lists hold only the token's sites.
 */
@Path("/api/v1/orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dispatch orders", description = "Report a problem (报事) and manage the order before dispatch")
@OrderIdInPath
public class OrderResource {

    @Inject
    Caller caller;
    @Inject
    DispatchOrderCommands commands;
    @Inject
    OrderQueries queries;
    @Inject
    IdempotentCommands idempotent;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reportProblem", summary = "Report a problem: creates a dispatch order with its five elements")
    @APIResponse(responseCode = "201", description = "Created; Location and ETag headers are set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "404", description = "The unit (or, for a public area, the site) does not exist or is of a site "
            + "not in the token")
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER, Roles.ADMIN})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.CREATING_COMMAND)
    public Response report(ReportBody body, @Context HttpHeaders headers) {
        CommandContext context = caller.command(headers);
        DispatchOrderCommands.Report report = toReport(body);
        return idempotent.execute(context, "POST", "/api/v1/orders", body, () -> {
            String id = commands.report(report, context);
            LogContext.order(id); // the order exists from here on: the rest of the command's lines name it
            OrderView view = queries.get(id, caller.sites());
            return new CommandResponse(201, "/api/v1/orders/" + id, ETags.of(view.version()), idempotent.toJson(view));
        });
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getOrder", summary = "One dispatch order")
    @APIResponse(responseCode = "200", description = "The order; ETag is its version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.VERSIONED_READ)
    public Response get(@PathParam("id") String id) {
        OrderView view = queries.get(id, caller.sites());
        return Response.ok(view).tag(new jakarta.ws.rs.core.EntityTag(Long.toString(view.version()))).build();
    }

    @GET
    @Operation(operationId = "listOrders", summary = "Dispatch orders of the token's sites, newest first, filtered and paged; "
            + "a siteId not in the token answers 404")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public Page<OrderView> list(@QueryParam("siteId") String siteId,
                                @Parameter(description = "REPORTED or CANCELLED") @QueryParam("status") String status,
                                @QueryParam("unitId") String unitId,
                                @Parameter(description = "CUSTOMER_CENTER or OTHER_DEPARTMENT") @QueryParam("channel") String channel,
                                @QueryParam("warranty") Boolean warranty,
                                @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("reportedFrom") String reportedFrom,
                                @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("reportedTo") String reportedTo,
                                @QueryParam("cursor") String cursor,
                                @Parameter(description = "1 to 100, default 20") @QueryParam("limit") Integer limit) {
        RequestValidator v = new RequestValidator();
        OrderStatus statusFilter = v.enumValue("status", status, OrderStatus.class);
        ReportChannel channelFilter = v.enumValue("channel", channel, ReportChannel.class);
        Instant from = instant(v, "reportedFrom", reportedFrom);
        Instant to = instant(v, "reportedTo", reportedTo);
        v.throwIfInvalid();
        List<String> sites = caller.sites().listFilter(siteId);
        return queries.list(new OrderQueries.Filter(sites, statusFilter == null ? null : statusFilter.name(), unitId,
                channelFilter == null ? null : channelFilter.name(), warranty, from, to), cursor, Page.limit(limit));
    }

    @GET
    @Path("/{id}/timeline")
    @Operation(operationId = "getOrderTimeline", summary = "Everything recorded about the order, oldest first, a page at a time "
            + "(cursor) (the evidence)")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public Page<TimelineEntry> timeline(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                        @Parameter(description = Page.HISTORY_LIMIT_DESCRIPTION) @QueryParam("limit") Integer limit) {
        return queries.timeline(id, caller.sites(), cursor, Page.historyLimit(limit));
    }

    @POST
    @Path("/{id}/amendment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "amendOrder", summary = "Correct an undispatched order (reporter, visit time, content, warranty)")
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER, Roles.ADMIN})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    public Response amend(@PathParam("id") String id, AmendBody body, @Context HttpHeaders headers) {
        CommandContext context = caller.command(headers);
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RequestValidator v = new RequestValidator();
        DispatchOrderCommands.ReporterInput reporter = body.reporter() == null ? null : reporter(v, body.reporter());
        VisitTime visit = body.visitTime() == null ? null : visitTime(v, body.visitTime());
        if (body.content() != null) {
            v.check(!body.content().isBlank(), "content", "cannot be made empty");
            v.maxLength("content", body.content(), DispatchOrder.MAX_CONTENT);
        }
        v.throwIfInvalid();
        return idempotent.execute(context, "POST", "/api/v1/orders/" + id + "/amendment", body, () -> {
            commands.amend(id, reporter, visit, body.content(), body.warranty(), context);
            return current(id);
        });
    }

    @POST
    @Path("/{id}/cancellation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "cancelOrder", summary = "Withdraw an undispatched order, with a reason")
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER, Roles.ADMIN})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    public Response cancel(@PathParam("id") String id, CancelBody body, @Context HttpHeaders headers) {
        CommandContext context = caller.command(headers);
        RequestValidator v = new RequestValidator();
        if (v.required("reason", body == null ? null : body.reason())) {
            v.maxLength("reason", body.reason(), DispatchOrder.MAX_REASON);
        }
        v.throwIfInvalid();
        return idempotent.execute(context, "POST", "/api/v1/orders/" + id + "/cancellation", body, () -> {
            commands.cancel(id, body.reason(), context);
            return current(id);
        });
    }

    private CommandResponse current(String id) {
        OrderView view = queries.get(id, caller.sites());
        return new CommandResponse(200, null, ETags.of(view.version()), idempotent.toJson(view));
    }

    // ---- request to domain ---------------------------------------------------------------

    private static DispatchOrderCommands.Report toReport(ReportBody body) {
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RequestValidator v = new RequestValidator();
        boolean unit = body.unitId() != null && !body.unitId().isBlank();
        boolean area = body.publicArea() != null && !body.publicArea().isBlank();
        if (unit == area) {
            v.add(unit ? "publicArea" : "unitId", "give either unitId (in a unit) or publicArea (a public area of siteId)");
        }
        if (area) {
            v.required("siteId", body.siteId());
            v.maxLength("publicArea", body.publicArea(), Location.MAX_PUBLIC_AREA);
        }
        v.maxLength("unitId", body.unitId(), 64);
        v.maxLength("siteId", body.siteId(), 64);
        DispatchOrderCommands.ReporterInput reporter = null;
        if (v.required("reporter", body.reporter())) {
            reporter = reporter(v, body.reporter());
        }
        VisitTime visit = v.required("visitTime", body.visitTime()) ? visitTime(v, body.visitTime()) : null;
        v.requiredText("content", body.content(), DispatchOrder.MAX_CONTENT);
        ReportChannel channel = body.channel() == null ? ReportChannel.CUSTOMER_CENTER
                : v.enumValue("channel", body.channel(), ReportChannel.class);
        if (channel == ReportChannel.OTHER_DEPARTMENT) {
            v.required("reportingDepartment", body.reportingDepartment());
        }
        v.maxLength("reportingDepartment", body.reportingDepartment(), DispatchOrder.MAX_DEPARTMENT);
        v.throwIfInvalid();
        return new DispatchOrderCommands.Report(blankToNull(body.siteId()), unit ? body.unitId().strip() : null,
                area ? body.publicArea() : null, reporter, visit, body.content(), channel, body.reportingDepartment(),
                Boolean.TRUE.equals(body.warranty()));
    }

    private static DispatchOrderCommands.ReporterInput reporter(RequestValidator v, ReporterBody body) {
        PhoneNumber phone = v.required("reporter.phone", body.phone())
                ? v.parse("reporter.phone", () -> PhoneNumber.parse(body.phone())) : null;
        String name = v.required("reporter.name", body.name()) ? v.parse("reporter.name", () -> Reporter.validName(body.name())) : null;
        return name == null || phone == null ? null : new DispatchOrderCommands.ReporterInput(name, phone);
    }

    /** {@code ASAP} or an ISO-8601 date-time with offset, e.g. {@code 2026-11-29T14:00:00+08:00}. */
    private static VisitTime visitTime(RequestValidator v, String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("ASAP")) {
            return VisitTime.asap();
        }
        try {
            return VisitTime.agreed(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            v.add("visitTime", "must be ASAP or a date-time with offset, e.g. 2026-11-29T14:00:00+08:00");
            return null;
        }
    }

    private static Instant instant(RequestValidator v, String field, String text) {
        return v.instant(field, text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
