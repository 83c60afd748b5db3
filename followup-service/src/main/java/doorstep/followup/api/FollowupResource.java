package doorstep.followup.api;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.followup.application.FollowupEvents;
import doorstep.followup.application.FollowupStores;
import doorstep.followup.domain.Cadence;
import doorstep.followup.domain.Callback;
import doorstep.followup.domain.CallbackEvent;
import doorstep.followup.domain.CoordinationEvent;
import doorstep.followup.domain.CoordinationOrder;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.web.ETags;
import doorstep.platform.web.IdempotentCommands;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.MultiLine;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.RequestValidator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Coordination orders (协调单): tracking entries, checks with sign-off, exemptions, resolution,
 * archive; the leaders' overdue lists; the customer center's callbacks (回访); retention.
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
    EventStore store;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    // ---- coordination orders --------------------------------------------------------------------

    @GET
    @Path("/coordination-orders")
    @Operation(summary = "Coordination orders, newest first: a tracker's list or a site's (at most 100)")
    public List<Map<String, Object>> list(@QueryParam("siteId") String siteId, @QueryParam("trackerId") String trackerId,
                                          @QueryParam("status") String status) {
        if (trackerId != null) {
            return queries.coordinationList("where tracker_id = ?1", trackerId);
        }
        if (siteId == null) {
            throw InvalidRequest.of("siteId", "give siteId or trackerId");
        }
        return status == null ? queries.coordinationList("where site_id = ?1", siteId)
                : queries.coordinationList("where site_id = ?1 and status = ?2", siteId, status.toUpperCase(Locale.ROOT));
    }

    @GET
    @Path("/coordination-orders/overdue")
    @Operation(summary = "Coordination orders with a missed weekly entry, a missed leader / supervisor check (open ones), "
            + "or a missed same-day archive (resolved ones); cadence one of WEEKLY_ENTRY, LEADER_CHECK, SUPERVISOR_CHECK, ARCHIVE")
    public List<Map<String, Object>> overdue(@QueryParam("siteId") String siteId, @QueryParam("cadence") String cadence) {
        if (siteId == null) {
            throw InvalidRequest.of("siteId", "is required");
        }
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
        return queries.coordinationList("where site_id = ?1 and " + flag, siteId);
    }

    @GET
    @Path("/coordination-orders/{orderId}")
    @Operation(summary = "One coordination order with its entries on numbered pages (续页) and its checks")
    public Response get(@PathParam("orderId") String orderId) {
        Map<String, Object> view = queries.coordination(orderId);
        return Response.ok(view).header(HttpHeaders.ETAG, ETags.of(((Number) view.get("version")).longValue())).build();
    }

    @GET
    @Path("/coordination-orders/{orderId}/timeline")
    @Operation(summary = "Everything recorded about the coordination order, oldest first")
    public List<Map<String, Object>> timeline(@PathParam("orderId") String orderId) {
        var events = store.load(FollowupEvents.coordination(orderId));
        if (events.isEmpty()) {
            throw new NotFound("coordination order", orderId);
        }
        return events.stream().map(e -> Map.<String, Object>of("version", e.streamVersion(), "type", e.type(),
                "occurredAt", e.occurredAt(), "actor", Map.of("id", e.actor().id(), "role", e.actor().role()), "data", tree(e.payload()))).toList();
    }

    @POST
    @Path("/coordination-orders/{orderId}/tracker")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Designate (or change) the tracker (team leader)")
    public Response tracker(@PathParam("orderId") String orderId, TrackerBody body, @Context HttpHeaders headers) {
        return coordination(orderId, "tracker", body, headers, new String[] {"team-leader", "supervisor"},
                (c, actor) -> c.assignTracker(body == null ? null : body.trackerId(), actor, clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a tracking entry: time, place, contact person and method, content, opinions, plan")
    public Response entry(@PathParam("orderId") String orderId, EntryBody body, @Context HttpHeaders headers) {
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RequestValidator v = new RequestValidator();
        Instant trackedAt = null;
        if (v.required("trackedAt", body.trackedAt())) {
            try {
                trackedAt = FollowupQueries.parse(body.trackedAt());
            } catch (DateTimeParseException e) {
                v.add("trackedAt", "must be a date-time with offset, e.g. 2026-12-01T10:00:00+08:00");
            }
        }
        v.requiredText("place", body.place(), 200);
        v.requiredText("contactPerson", body.contactPerson(), 50);
        v.requiredText("contactMethod", body.contactMethod(), 100);
        v.requiredText("content", body.content(), 2000);
        v.requiredText("opinions", body.opinions(), 2000);
        v.requiredText("plan", body.plan(), 2000);
        v.throwIfInvalid();
        Instant at = trackedAt;
        return coordination(orderId, "entries", body, headers, new String[] {"technician", "team-leader", "supervisor", "agent"},
                (c, actor) -> c.recordEntry(at, body.place(), body.contactPerson(), body.contactMethod(), body.content(),
                        body.opinions(), body.plan(), actor, body.correctsEntry(), clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/leader-checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A team leader's check with sign-off (twice a month)")
    public Response leaderCheck(@PathParam("orderId") String orderId, CheckBody body, @Context HttpHeaders headers) {
        return coordination(orderId, "leader-checks", body, headers, new String[] {"team-leader"},
                (c, actor) -> c.signOffCheck(Cadence.LEADER_CHECK, actor, body == null ? null : body.comment(), clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/supervisor-checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor's check with sign-off (once a month)")
    public Response supervisorCheck(@PathParam("orderId") String orderId, CheckBody body, @Context HttpHeaders headers) {
        return coordination(orderId, "supervisor-checks", body, headers, new String[] {"supervisor"},
                (c, actor) -> c.signOffCheck(Cadence.SUPERVISOR_CHECK, actor, body == null ? null : body.comment(), clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/exemptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exempt a special case from a cadence, with the reason (team leader, supervisor)")
    public Response exempt(@PathParam("orderId") String orderId, ExemptionBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        Cadence c2 = v.required("cadence", body == null ? null : body.cadence())
                ? v.enumValue("cadence", body.cadence(), Cadence.class) : null;
        v.throwIfInvalid();
        return coordination(orderId, "exemptions", body, headers, new String[] {"team-leader", "supervisor"},
                (c, actor) -> c.exempt(c2, body.reason(), actor, clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The result, with the customer's and the tracker's signatures")
    public Response resolve(@PathParam("orderId") String orderId, ResolutionBody body, @Context HttpHeaders headers) {
        return coordination(orderId, "resolution", body, headers, new String[] {"technician", "team-leader"},
                (c, actor) -> c.resolve(body == null ? null : body.result(), body == null ? null : body.customerSignatureRef(),
                        body == null ? null : body.trackerSignatureRef(), clock.instant()));
    }

    @POST
    @Path("/coordination-orders/{orderId}/archive")
    @Operation(summary = "The team leader archives the resolved coordination order")
    public Response archive(@PathParam("orderId") String orderId, @Context HttpHeaders headers) {
        return coordination(orderId, "archive", null, headers, new String[] {"team-leader"},
                (c, actor) -> c.archive(actor, clock.instant()));
    }

    // ---- callbacks ------------------------------------------------------------------------------

    @GET
    @Path("/callbacks")
    @Operation(summary = "The customer center's callback work list for a site (open callbacks, oldest first)")
    public List<Map<String, Object>> callbacks(@QueryParam("siteId") String siteId, @QueryParam("status") String status) {
        if (siteId == null) {
            throw InvalidRequest.of("siteId", "is required");
        }
        return queries.rows("select * from callback_task where site_id = ?1 and status = ?2 order by seq limit 100", siteId,
                status == null ? "OPEN" : status.toUpperCase(Locale.ROOT));
    }

    @POST
    @Path("/callbacks/{orderId}/attempts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A callback attempt: not reached (retried up to 3 times), or reached with satisfaction; "
            + "a problem that persists becomes a new report")
    public Response attempt(@PathParam("orderId") String orderId, CallbackBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        v.required("reached", body == null ? null : body.reached());
        if (body != null && Boolean.TRUE.equals(body.reached())) {
            v.required("satisfaction", body.satisfaction());
        }
        v.throwIfInvalid();
        String stream = FollowupEvents.callback(orderId);
        return idempotent.run(headers, new String[] {"agent"}, "/api/v1/callbacks/" + orderId + "/attempts", body, ctx -> {
            String site = stores.fact(orderId).map(FollowupStores.OrderFact::siteId).orElse(null);
            BiFunction<Callback, String, List<CallbackEvent>> decision = body.reached()
                    ? (c, actor) -> c.reached(body.satisfaction(), body.comment(), Boolean.TRUE.equals(body.problemPersists()), actor, clock.instant())
                    : (c, actor) -> c.notReached(body.comment(), actor, clock.instant());
            long version = stores.callbacks().execute(stream, site, ctx, c -> decision.apply(c, ctx.actor().id()));
            var row = queries.rows("select * from callback_task where order_id = ?1", orderId);
            return new IdempotentCommands.Answer(version, row.isEmpty() ? Map.of() : row.get(0));
        });
    }

    // ---- retention ------------------------------------------------------------------------------

    @GET
    @Path("/retention")
    @Operation(summary = "The retention schedule of a site's records: when each expires (null: kept permanently)")
    public List<Map<String, Object>> retention(@QueryParam("siteId") String siteId, @QueryParam("orderId") String orderId) {
        if (orderId != null) {
            return queries.rows("select * from retention_record where order_id = ?1 order by record_kind", orderId);
        }
        if (siteId == null) {
            throw InvalidRequest.of("siteId", "give siteId or orderId");
        }
        return queries.rows("select * from retention_record where site_id = ?1 order by retain_until nulls last limit 100", siteId);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Response coordination(String orderId, String name, Object body, HttpHeaders headers, String[] roles,
                                  BiFunction<CoordinationOrder, String, List<CoordinationEvent>> decision) {
        String stream = FollowupEvents.coordination(orderId);
        return idempotent.run(headers, roles, "/api/v1/coordination-orders/" + orderId + "/" + name, body, ctx -> {
            String site = stores.fact(orderId).map(FollowupStores.OrderFact::siteId).orElse(null);
            long version = stores.coordination().execute(stream, site, ctx, c -> decision.apply(c, ctx.actor().id()));
            return new IdempotentCommands.Answer(version, queries.coordination(orderId));
        });
    }

    private JsonNode tree(String payload) {
        try {
            return json.readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
