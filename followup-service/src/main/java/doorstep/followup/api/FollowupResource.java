package doorstep.followup.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

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

import doorstep.followup.application.FollowupEvents;
import doorstep.followup.application.FollowupStores;
import doorstep.followup.domain.Cadence;
import doorstep.followup.domain.Callback;
import doorstep.followup.domain.CallbackEvent;
import doorstep.followup.domain.CoordinationEvent;
import doorstep.followup.domain.CoordinationOrder;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.ETags;
import doorstep.platform.web.Forbidden;
import doorstep.platform.web.IdempotentCommands;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.MultiLine;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;
import doorstep.platform.web.TimelineEntry;
import doorstep.platform.web.Timelines;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * Coordination orders (协调单): tracking entries, checks with sign-off, exemptions, resolution,
 * archive; the leaders' overdue lists; the customer center's callbacks (回访); retention.
 * Each of them is per dispatch order and belongs to the order's site (the site recorded on its
 * stream's events): a user reads and changes only those of the sites in their token; another
 * site's answers 404 exactly as a missing one, and lists hold only the user's sites. Reads admit
 * every role; each command the roles of DESIGN.md §1 that do it.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Follow-up", description = "Coordination orders, review cadences, callbacks and retention")
public class FollowupResource {

    public record TrackerBody(String trackerId) {
    }

    public record EntryBody(String trackedAt, String place, String contactPerson, String contactMethod, @MultiLine String content,
                            @MultiLine String opinions, @MultiLine String plan, Integer correctsEntry) {
    }

    public record CheckBody(@MultiLine String comment) {
    }

    public record ExemptionBody(String cadence, @MultiLine String reason) {
    }

    public record ResolutionBody(@MultiLine String result, String customerSignatureRef, String trackerSignatureRef) {
    }

    public record CallbackBody(Boolean reached, Integer satisfaction, @MultiLine String comment, Boolean problemPersists) {
    }

    @Inject
    FollowupStores stores;
    @Inject
    FollowupQueries queries;
    @Inject
    IdempotentCommands idempotent;
    @Inject
    Timelines timelines;
    @Inject
    Clock clock;
    @Inject
    Caller caller;

    // ---- coordination orders --------------------------------------------------------------------

    @GET
    @Path("/coordination-orders")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "listCoordinationOrders", summary = "Coordination orders, newest first (at most 100): of one of your sites (siteId) or of all of them, "
            + "optionally one tracker's (trackerId) and of one status")
    @APIResponse(responseCode = "200", description = "The coordination orders",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = FollowupViews.CoordinationSummary.class)))
    public List<Map<String, Object>> list(@QueryParam("siteId") String siteId, @QueryParam("trackerId") String trackerId,
                                          @QueryParam("status") String status) {
        List<String> sites = caller.sites().listFilter(siteId);
        StringBuilder where = new StringBuilder("true");
        List<Object> params = new ArrayList<>();
        if (trackerId != null) {
            params.add(trackerId);
            where.append(" and tracker_id = ?").append(params.size());
        }
        if (status != null) {
            params.add(status.toUpperCase(Locale.ROOT));
            where.append(" and status = ?").append(params.size());
        }
        return queries.coordinationList(sites, where.toString(), params.toArray());
    }

    @GET
    @Path("/coordination-orders/overdue")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "listOverdueCoordinationOrders", summary = "Coordination orders (of one of your sites, or of all of them) with a missed weekly entry, a missed "
            + "leader / supervisor check (open ones), or a missed same-day archive (resolved ones); cadence one of WEEKLY_ENTRY, "
            + "LEADER_CHECK, SUPERVISOR_CHECK, ARCHIVE")
    @APIResponse(responseCode = "200", description = "The overdue coordination orders",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = FollowupViews.CoordinationSummary.class)))
    public List<Map<String, Object>> overdue(@QueryParam("siteId") String siteId, @QueryParam("cadence") String cadence) {
        String open = "status = 'OPEN' and ";
        String flag = cadence == null
                ? "((" + open + "(entry_overdue or leader_check_overdue or supervisor_check_overdue)) or archive_overdue)"
                : switch (cadence.toUpperCase(Locale.ROOT)) {
                    case "WEEKLY_ENTRY" -> open + "entry_overdue";
                    case "LEADER_CHECK" -> open + "leader_check_overdue";
                    case "SUPERVISOR_CHECK" -> open + "supervisor_check_overdue";
                    case "ARCHIVE" -> "archive_overdue";
                    default -> throw InvalidRequest.of("cadence", "must be WEEKLY_ENTRY, LEADER_CHECK, SUPERVISOR_CHECK or ARCHIVE");
                };
        return queries.coordinationList(caller.sites().listFilter(siteId), flag);
    }

    @GET
    @Path("/coordination-orders/{orderId}")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "getCoordinationOrder", summary = "One coordination order: status, tracker, cadences, counts, its latest "
            + "entry and check, and the paths of its entries, checks and timeline (each paged)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.VERSIONED_READ)
    @APIResponse(responseCode = "200", description = "The coordination order; ETag is its version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CoordinationDetail.class)))
    public Response get(@PathParam("orderId") String orderId) {
        Map<String, Object> view = queries.coordination(orderId, caller.sites());
        return Response.ok(view).header(HttpHeaders.ETAG, ETags.of(((Number) view.get("version")).longValue())).build();
    }

    @GET
    @Path("/coordination-orders/{orderId}/entries")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "listTrackingEntries", summary = "The coordination order's tracking entries, oldest first, a page at a time "
            + "(cursor); each names its page (续页)")
    @APIResponse(responseCode = "200", description = "A page of entries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.EntryPage.class)))
    public Page<Map<String, Object>> entries(@PathParam("orderId") String orderId, @QueryParam("cursor") String cursor,
                                             @Parameter(description = Page.HISTORY_LIMIT_DESCRIPTION) @QueryParam("limit") Integer limit) {
        return queries.entries(orderId, caller.sites(), cursor, Page.historyLimit(limit));
    }

    @GET
    @Path("/coordination-orders/{orderId}/checks")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "listCoordinationChecks", summary = "The coordination order's leader and supervisor checks with sign-off, "
            + "oldest first, a page at a time (cursor)")
    @APIResponse(responseCode = "200", description = "A page of checks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CheckPage.class)))
    public Page<Map<String, Object>> checks(@PathParam("orderId") String orderId, @QueryParam("cursor") String cursor,
                                            @Parameter(description = Page.HISTORY_LIMIT_DESCRIPTION) @QueryParam("limit") Integer limit) {
        return queries.checks(orderId, caller.sites(), cursor, Page.historyLimit(limit));
    }

    @GET
    @Path("/coordination-orders/{orderId}/timeline")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "getCoordinationTimeline", summary = "Everything recorded about the coordination order, oldest first, a page at "
            + "a time (cursor), each with who did it (user id and role); personal fields read 已删除 once the order's personal data was erased")
    public Page<TimelineEntry> timeline(@PathParam("orderId") String orderId, @QueryParam("cursor") String cursor,
                                        @Parameter(description = Page.HISTORY_LIMIT_DESCRIPTION) @QueryParam("limit") Integer limit) {
        return timelines.visible(FollowupEvents.coordination(orderId), caller.sites(), "coordination order", orderId, cursor,
                Page.historyLimit(limit));
    }

    @POST
    @Path("/coordination-orders/{orderId}/tracker")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TEAM_LEADER, Roles.SUPERVISOR})
    @Operation(operationId = "assignTracker", summary = "Designate (or change) the tracker (team leader)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The coordination order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CoordinationDetail.class)))
    public Response tracker(@PathParam("orderId") String orderId, TrackerBody body, @Context HttpHeaders headers) {
        return coordination(orderId, "tracker", body, headers,
                (c, actor) -> c.assignTracker(body == null ? null : body.trackerId(), actor, clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.AGENT, Roles.TECHNICIAN})
    @Operation(operationId = "recordTrackingEntry", summary = "Record a tracking entry: time, place, contact person and method, content, opinions, plan")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The coordination order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CoordinationDetail.class)))
    public Response entry(@PathParam("orderId") String orderId, EntryBody body, @Context HttpHeaders headers) {
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RequestValidator v = new RequestValidator();
        Instant trackedAt = null;
        if (v.required("trackedAt", body.trackedAt())) {
            trackedAt = v.instant("trackedAt", body.trackedAt());
        }
        v.requiredText("place", body.place(), 200);
        v.requiredText("contactPerson", body.contactPerson(), 50);
        v.requiredText("contactMethod", body.contactMethod(), 100);
        v.requiredText("content", body.content(), 2000);
        v.requiredText("opinions", body.opinions(), 2000);
        v.requiredText("plan", body.plan(), 2000);
        v.throwIfInvalid();
        Instant at = trackedAt;
        return coordination(orderId, "entries", body, headers,
                (c, actor) -> c.recordEntry(at, body.place(), body.contactPerson(), body.contactMethod(), body.content(),
                        body.opinions(), body.plan(), actor, body.correctsEntry(), clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/leader-checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TEAM_LEADER})
    @Operation(operationId = "signOffLeaderCheck", summary = "A team leader's check with sign-off (twice a month)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The coordination order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CoordinationDetail.class)))
    public Response leaderCheck(@PathParam("orderId") String orderId, CheckBody body, @Context HttpHeaders headers) {
        return coordination(orderId, "leader-checks", body, headers,
                (c, actor) -> c.signOffCheck(Cadence.LEADER_CHECK, actor, body == null ? null : body.comment(), clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/supervisor-checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR})
    @Operation(operationId = "signOffSupervisorCheck", summary = "A supervisor's check with sign-off (once a month)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The coordination order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CoordinationDetail.class)))
    public Response supervisorCheck(@PathParam("orderId") String orderId, CheckBody body, @Context HttpHeaders headers) {
        return coordination(orderId, "supervisor-checks", body, headers,
                (c, actor) -> c.signOffCheck(Cadence.SUPERVISOR_CHECK, actor, body == null ? null : body.comment(), clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/exemptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TEAM_LEADER, Roles.SUPERVISOR})
    @Operation(operationId = "exemptFromCadence", summary = "Exempt a special case from a cadence, with the reason (team leader, supervisor)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The coordination order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CoordinationDetail.class)))
    public Response exempt(@PathParam("orderId") String orderId, ExemptionBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        Cadence c2 = v.required("cadence", body == null ? null : body.cadence())
                ? v.enumValue("cadence", body.cadence(), Cadence.class) : null;
        v.throwIfInvalid();
        return coordination(orderId, "exemptions", body, headers,
                (c, actor) -> c.exempt(c2, body.reason(), actor, clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TEAM_LEADER, Roles.TECHNICIAN})
    @Operation(operationId = "resolveCoordinationOrder", summary = "The result, with the customer's and the tracker's signatures")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The coordination order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CoordinationDetail.class)))
    public Response resolve(@PathParam("orderId") String orderId, ResolutionBody body, @Context HttpHeaders headers) {
        return coordination(orderId, "resolution", body, headers,
                (c, actor) -> c.resolve(body == null ? null : body.result(), body == null ? null : body.customerSignatureRef(),
                        body == null ? null : body.trackerSignatureRef(), clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/archive")
    @RolesAllowed({Roles.TEAM_LEADER})
    @Operation(operationId = "archiveCoordinationOrder", summary = "The team leader archives the resolved coordination order")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The coordination order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CoordinationDetail.class)))
    public Response archive(@PathParam("orderId") String orderId, @Context HttpHeaders headers) {
        return coordination(orderId, "archive", null, headers,
                (c, actor) -> c.archive(actor, clock.instant()));
    }

    // ---- callbacks ------------------------------------------------------------------------------

    @GET
    @Path("/callbacks")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "listCallbacks", summary = "The customer center's callback work list, of one of your sites (siteId) or of all of them "
            + "(open callbacks unless status says otherwise, oldest first, at most 100)")
    @APIResponse(responseCode = "200", description = "The callbacks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = FollowupViews.CallbackTask.class)))
    public List<Map<String, Object>> callbacks(@QueryParam("siteId") String siteId, @QueryParam("status") String status) {
        List<String> sites = caller.sites().listFilter(siteId);
        return queries.rowsInSites("select * from callback_task where status = ?1 and {sites} order by seq limit 100", sites,
                status == null ? "OPEN" : status.toUpperCase(Locale.ROOT));
    }

    @POST
    @Path("/callbacks/{orderId}/attempts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AGENT})
    @Operation(operationId = "recordCallbackAttempt", summary = "A callback attempt: not reached (retried up to 3 times), or reached with satisfaction; "
            + "a problem that persists becomes a new report")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The callback after the attempt; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowupViews.CallbackTask.class)))
    public Response attempt(@PathParam("orderId") String orderId, CallbackBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        v.required("reached", body == null ? null : body.reached());
        if (body != null && Boolean.TRUE.equals(body.reached())) {
            v.required("satisfaction", body.satisfaction());
        }
        v.throwIfInvalid();
        String stream = FollowupEvents.callback(orderId);
        return idempotent.run(headers, "/api/v1/callbacks/" + orderId + "/attempts", body, ctx -> {
            BiFunction<Callback, String, List<CallbackEvent>> decision = body.reached()
                    ? (c, actor) -> c.reached(body.satisfaction(), body.comment(), Boolean.TRUE.equals(body.problemPersists()), actor, clock.instant())
                    : (c, actor) -> c.notReached(body.comment(), actor, clock.instant());
            // The callback's site is the one recorded on its stream (the order's): another site's answers 404.
            long version = stores.callbacks().execute(stream, ctx, c -> decision.apply(c, ctx.actor().id()));
            var row = queries.rows("select * from callback_task where order_id = ?1", orderId);
            return new IdempotentCommands.Answer(version, row.isEmpty() ? Map.of() : row.get(0));
        });
    }

    // ---- retention ------------------------------------------------------------------------------

    @GET
    @Path("/retention")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "listRetention", summary = "The retention schedule of one order's records (orderId), or of one of your sites' (siteId) or all of "
            + "them (at most 100): when each expires (null: kept permanently); another site's order lists nothing, as a missing one")
    @APIResponse(responseCode = "200", description = "The retention records",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = FollowupViews.RetentionRecord.class)))
    public List<Map<String, Object>> retention(@QueryParam("siteId") String siteId, @QueryParam("orderId") String orderId) {
        List<String> sites = caller.sites().listFilter(siteId);
        if (orderId != null) {
            return queries.rowsInSites("select * from retention_record where order_id = ?1 and {sites} order by record_kind", sites, orderId);
        }
        return queries.rowsInSites("select * from retention_record where {sites} order by retain_until nulls last, order_id, record_kind "
                + "limit 100", sites);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * A command on an existing coordination order of one of the caller's sites (else 404, as for a
     * missing one); a caller acting as technician must be its tracker (else 403).
     */
    private Response coordination(String orderId, String name, Object body, HttpHeaders headers,
                                  BiFunction<CoordinationOrder, String, List<CoordinationEvent>> decision) {
        String stream = FollowupEvents.coordination(orderId);
        return idempotent.run(headers, "/api/v1/coordination-orders/" + orderId + "/" + name, body, ctx -> {
            long version = stores.coordination().execute(stream, ctx, c -> {
                requireTrackerIfTechnician(c, ctx);
                return decision.apply(c, ctx.actor().id());
            });
            return new IdempotentCommands.Answer(version, queries.coordination(orderId, ctx.sites()));
        });
    }

    /**
     * A technician changes only the coordination orders they track (the "a technician changes
     * only orders assigned to them"; the designated tracker, 指定跟踪人, of DESIGN.md §2 keeps the entries).
     */
    private static void requireTrackerIfTechnician(CoordinationOrder order, CommandContext ctx) {
        if (Roles.TECHNICIAN.equals(ctx.actor().role()) && !ctx.actor().id().equals(order.trackerId())) {
            throw new Forbidden("as technician you may change only the coordination orders you track");
        }
    }

}
