package doorstep.intake.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.intake.api.DeskQueries.DeskChange;
import doorstep.intake.api.DeskQueries.DeskListItem;
import doorstep.intake.desk.DeskFigures;
import doorstep.intake.desk.DeskStage;
import doorstep.intake.desk.DeskView;
import doorstep.intake.forms.CoordinationOrderForm;
import doorstep.intake.forms.DispatchOrderForm;
import doorstep.intake.projection.OrderDeskProjection;
import doorstep.intake.registry.Site;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.ApiHeaders;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.TimelineEntry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The customer-center desk (客服中心, D53): one order across the four services, live or as it stood at an instant, its
 * timeline across the services, the list with filters, a live feed of changes (Server-Sent Events), the dashboard, and
 * the printable dispatch and coordination orders (D55).
 */
@Path("/api/v1/desk")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Order desk")
public class DeskResource {

    /** The SSE event name of a change. */
    static final String CHANGE_EVENT = "order-changed";
    /** The SSE event name that tells a client its Last-Event-ID is of another history: reload, then follow on. */
    static final String RESET_EVENT = "reset";
    /** How many changes one poll of the feed reads at most. */
    static final int FEED_BATCH = 200;

    @Inject
    DeskQueries queries;
    @Inject
    OrderDeskProjection desk;
    @Inject
    Caller caller;
    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "doorstep.desk.feed.poll", defaultValue = "PT0.25S")
    Duration feedPoll;
    @ConfigProperty(name = "doorstep.desk.feed.keep-alive", defaultValue = "PT15S")
    Duration keepAlive;

    @GET
    @Path("/orders")
    @Operation(operationId = "listDeskOrders", summary = "Orders of the token's sites across the four services, filtered, sorted "
            + "and paged (cursor); a siteId not in the token answers 404")
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.ADMIN})
    public Page<DeskListItem> list(@QueryParam("siteId") String siteId,
                                   @Parameter(description = "REPORTED, DISPATCHED, APPOINTED, VISITING, WAITING, COMPLETED, ARCHIVED, "
                                           + "COORDINATING, COORDINATION_RESOLVED, COORDINATION_ARCHIVED or CANCELLED")
                                   @QueryParam("stage") String stage,
                                   @QueryParam("technicianId") String technicianId,
                                   @Parameter(description = "true: only orders with a deadline overdue now; false: only the others")
                                   @QueryParam("overdue") Boolean overdue,
                                   @Parameter(description = "ISO-8601 date-time with offset, inclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("reportedFrom") String reportedFrom,
                                   @Parameter(description = "ISO-8601 date-time with offset, exclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("reportedTo") String reportedTo,
                                   @Parameter(description = "Text in the order number, unit, public area or reporter's name") @QueryParam("q") String q,
                                   @Parameter(description = "-reportedAt (default), reportedAt, -lastEventAt, lastEventAt or nextDueAt")
                                   @QueryParam("sort") String sort,
                                   @QueryParam("cursor") String cursor,
                                   @Parameter(description = "1 to 100, default 20") @QueryParam("limit") Integer limit) {
        RequestValidator v = new RequestValidator();
        DeskStage stageFilter = v.enumValue("stage", stage, DeskStage.class);
        Instant from = instant(v, "reportedFrom", reportedFrom);
        Instant to = instant(v, "reportedTo", reportedTo);
        v.maxLength("q", q, 100);
        v.throwIfInvalid();
        DeskQueries.Sort order = DeskQueries.Sort.of(sort);
        List<String> sites = caller.sites().listFilter(siteId);
        String text = q == null || q.isBlank() ? null : q.strip();
        return queries.list(new DeskQueries.Filter(sites, stageFilter, blankToNull(technicianId), overdue, from, to, text), order,
                cursor, Page.limit(limit));
    }

    @GET
    @Path("/orders/{orderId}")
    @Operation(operationId = "getDeskOrder", summary = "The order across the four services: its facts, stage, technician, "
            + "appointment, deadlines (each with its overdue flag), visits and handling time, quote, charge and balance, "
            + "coordination order, callback, retention; with asOf, exactly as it stood at that instant")
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.ADMIN})
    public DeskView get(@PathParam("orderId") String orderId,
                        @Parameter(description = "ISO-8601 date-time with offset: the order as it stood then (default: now)", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                        @QueryParam("asOf") String asOf) {
        return queries.view(orderId, parseAsOf(asOf), caller.sites());
    }

    @GET
    @Path("/orders/{orderId}/timeline")
    @Operation(operationId = "getDeskTimeline", summary = "Every event of the order from every service, in causal order, a page at a "
            + "time (cursor), each with its service, actor and time (the evidence); with asOf, those that had happened by then")
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.ADMIN})
    public Page<TimelineEntry> timeline(@PathParam("orderId") String orderId,
                                        @Parameter(description = "ISO-8601 date-time with offset", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("asOf") String asOf,
                                        @QueryParam("cursor") String cursor,
                                        @Parameter(description = Page.HISTORY_LIMIT_DESCRIPTION) @QueryParam("limit") Integer limit) {
        return queries.timeline(orderId, parseAsOf(asOf), caller.sites(), cursor, Page.historyLimit(limit));
    }

    @GET
    @Path("/orders/{orderId}/dispatch-order.html")
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    @Operation(operationId = "printDispatchOrder", summary = "The dispatch order (派工单) as the technician shows it and the owner "
            + "signs it, print-ready HTML: the five elements, visits and handling time, items and materials with their prices, "
            + "result, rating, signatures (D55); with asOf, as it stood then")
    @APIResponse(responseCode = "200", description = "An HTML document (zh-CN) to print",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public String printDispatchOrder(@PathParam("orderId") String orderId,
                                     @Parameter(description = "ISO-8601 date-time with offset", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("asOf") String asOf) {
        return DispatchOrderForm.render(printable(orderId, asOf));
    }

    @GET
    @Path("/orders/{orderId}/coordination-order.html")
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    @Operation(operationId = "printCoordinationOrder", summary = "The coordination order (协调单) with its numbered continuation "
            + "pages (续页), print-ready HTML: entries, checks, result, signatures (D55); 404 while the order is no coordination order")
    @APIResponse(responseCode = "200", description = "An HTML document (zh-CN) to print, a page break before each continuation page",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public String printCoordinationOrder(@PathParam("orderId") String orderId,
                                         @Parameter(description = "ISO-8601 date-time with offset", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("asOf") String asOf) {
        return CoordinationOrderForm.render(printable(orderId, asOf));
    }

    /** The order's cross-service timeline the forms are printed from, cut at {@code asOf} when given. */
    private List<TimelineEntry> printable(String orderId, String asOf) {
        return queries.timeline(orderId, parseAsOf(asOf), caller.sites());
    }

    /** The {@code asOf} parameter: null when absent; @throws InvalidRequest naming it when it is no date-time with offset */
    private static Instant parseAsOf(String text) {
        RequestValidator v = new RequestValidator();
        Instant at = instant(v, "asOf", text);
        v.throwIfInvalid();
        return at;
    }

    @GET
    @Path("/feed")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "followDeskFeed", summary = "Live feed of order changes (Server-Sent Events, event name "
            + "'order-changed', id = the change's number, data = DeskChange JSON); resumable with Last-Event-ID without gap or "
            + "repeat; without it, starts after the latest change (or after the 'after' number). A number beyond the latest "
            + "(the desk was rebuilt) first gets an event 'reset' whose id is the latest number: reload, then follow on")
    @APIResponse(responseCode = "200", description = "A stream of text/event-stream events; comments keep it alive",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(type = SchemaType.STRING, description = "id: <seq>\\nevent: order-changed\\ndata: <DeskChange JSON>")))
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.ADMIN})
    @Blocking // the feed's start is read from the database; its polls run on worker threads too
    public Multi<OutboundSseEvent> feed(@QueryParam("siteId") String siteId,
                                        @Parameter(description = "Start after this change number (when no Last-Event-ID is sent)")
                                        @QueryParam("after") Long after,
                                        @Parameter(description = "The last change number the client received") @HeaderParam("Last-Event-ID") String lastEventId,
                                        @Context Sse sse) {
        long requested = start(lastEventId, after);
        List<String> sites = caller.sites().listFilter(siteId);
        if (sites != null && sites.isEmpty()) {
            throw new NotFound("site", "any"); // a token of no site has no feed
        }
        long latest = queries.latestChange();
        // A number the feed never reached (the desk was rebuilt from the topics, the database restored): the client's
        // state is of another history. It is told so first ("reset", with the latest number as its id), then follows on.
        boolean reset = requested > latest;
        long start = reset ? latest : requested;
        Multi<OutboundSseEvent> first = reset
                ? Multi.createFrom().item(sse.newEventBuilder().id(Long.toString(latest)).name(RESET_EVENT)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data("{\"latestSeq\":" + latest + "}").reconnectDelay(1000).build())
                : Multi.createFrom().empty();
        AtomicLong last = new AtomicLong(start);
        AtomicLong lastSentAt = new AtomicLong(System.nanoTime());
        Multi<OutboundSseEvent> following = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(feedPoll)
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .concatMap(tick -> {
                    List<DeskChange> changes = queries.changesAfter(last.get(), sites, FEED_BATCH);
                    if (changes.isEmpty()) {
                        if (System.nanoTime() - lastSentAt.get() >= keepAlive.toNanos()) {
                            lastSentAt.set(System.nanoTime());
                            return Multi.createFrom().item(sse.newEventBuilder().comment("keep-alive").build());
                        }
                        return Multi.createFrom().empty();
                    }
                    last.set(changes.get(changes.size() - 1).seq());
                    lastSentAt.set(System.nanoTime());
                    return Multi.createFrom().iterable(changes).map(c -> sse.newEventBuilder().id(Long.toString(c.seq()))
                            .name(CHANGE_EVENT).mediaType(MediaType.APPLICATION_JSON_TYPE).data(toJson(c)).reconnectDelay(1000).build());
                });
        return Multi.createBy().concatenating().streams(first, following);
    }

    @GET
    @Path("/figures")
    @Operation(operationId = "getDeskFigures", summary = "Dashboard of a site over whole days in its time zone, from the events: "
            + "on-time arrival (15-minute rule and appointments), average handling time, conversion to coordination orders, "
            + "overdue coordination orders, average rating and callback satisfaction, paid revenue")
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.ADMIN})
    public DeskFigures figures(@QueryParam("siteId") String siteId,
                               @Parameter(description = "First day, yyyy-MM-dd in the site's time zone", schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
                               @Parameter(description = "Last day, inclusive, yyyy-MM-dd in the site's time zone", schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to) {
        RequestValidator v = new RequestValidator();
        v.required("siteId", blankToNull(siteId));
        LocalDate first = date(v, "from", from);
        LocalDate last = date(v, "to", to);
        if (first != null && last != null) {
            v.check(!last.isBefore(first), "to", "must not be before from");
            v.check(!last.isAfter(first.plusYears(2)), "to", "a period is at most two years");
        }
        v.throwIfInvalid();
        caller.sites().requireVisible(siteId, "site", siteId);
        Site site = Site.findById(siteId);
        if (site == null) {
            throw new NotFound("site", siteId);
        }
        ZoneId zone = ZoneId.of(site.timeZone);
        return queries.figures(siteId, first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant());
    }

    @POST
    @Path("/rebuild")
    @Operation(operationId = "rebuildDesk", summary = "Fold every order of the desk again from the events it holds (admin); "
            + "answers how many orders were folded")
    @RolesAllowed(Roles.ADMIN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.REGISTRY_COMMAND)
    public Map<String, Long> rebuild() {
        return Map.of("orders", desk.rebuild());
    }

    private String toJson(DeskChange change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a desk change", e);
        }
    }

    /** Where a feed starts: after the client's Last-Event-ID, else after {@code after}, else after the latest change. */
    private long start(String lastEventId, Long after) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                long id = Long.parseLong(lastEventId.strip());
                if (id < 0) {
                    throw new NumberFormatException();
                }
                return id;
            } catch (NumberFormatException e) {
                throw InvalidRequest.of("Last-Event-ID", "must be the id of an event this feed sent (a whole number)");
            }
        }
        if (after != null) {
            if (after < 0) {
                throw InvalidRequest.of("after", "must be 0 or more");
            }
            return after;
        }
        return queries.latestChange();
    }

    private static Instant instant(RequestValidator v, String field, String text) {
        return v.instant(field, text);
    }

    private static LocalDate date(RequestValidator v, String field, String text) {
        if (text == null || text.isBlank()) {
            v.add(field, "is required: a day, e.g. 2026-11-01");
            return null;
        }
        return v.date(field, text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
