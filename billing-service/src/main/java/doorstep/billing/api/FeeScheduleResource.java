package doorstep.billing.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.billing.api.BillingViews.FeeItemBody;
import doorstep.billing.api.BillingViews.ScheduleBody;
import doorstep.billing.api.BillingViews.ScheduleView;
import doorstep.billing.application.BillingCommands;
import doorstep.billing.domain.FeeItem;
import doorstep.billing.domain.ItemCategory;
import doorstep.billing.domain.ItemUnit;
import doorstep.billing.domain.Yuan;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.CommandResponse;
import doorstep.platform.web.ETags;
import doorstep.platform.web.IdempotentCommands;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The published fee schedule (统一收费标准, shown openly to owners: 公开出示): the version in force is
 * readable by anyone without a token, as JSON and as a printable page; the other published versions by
 * every role; drafts only by administrators. Changed only by new versions, drafted and published by a
 * company-wide administrator.
 */
@Path("/api/v1/fee-schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fee schedules", description = "Versioned, publicly readable special-service fee schedules")
public class FeeScheduleResource {

    @Inject
    BillingCommands commands;
    @Inject
    IdempotentCommands idempotent;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    Caller caller;

    @GET
    @Path("/current")
    @PermitAll
    @Operation(operationId = "getCurrentFeeSchedule", summary = "The schedule in force now (public, no token needed)")
    public ScheduleView current() {
        int version = commands.versionInForce(commands.now())
                .orElseThrow(() -> new NotFound("fee schedule", "in force now"));
        return view(version);
    }

    @GET
    @Path("/current.html")
    @Produces(MediaType.TEXT_HTML)
    @PermitAll
    @Operation(operationId = "printCurrentFeeSchedule", summary = "The schedule in force now as a printable page, to show the owner (公开出示统一收费标准)")
    public String currentPage() {
        ScheduleView s = current();
        StringBuilder rows = new StringBuilder();
        for (FeeItem i : s.items()) {
            rows.append("<tr><td>").append(esc(i.code())).append("</td><td>").append(esc(i.name())).append("</td><td>")
                    .append(i.category() == ItemCategory.SERVICE ? "服务" : "材料").append("</td><td>").append(unitText(i.unit()))
                    .append("</td><td class=\"n\">").append(Yuan.format(i.priceFen())).append("</td></tr>\n");
        }
        return "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>特约服务收费标准</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #444;padding:4px 10px}"
                + ".n{text-align:right}@media print{body{margin:0}}</style></head><body>\n"
                + "<h1>特约服务收费标准</h1><p>版本 v" + s.version() + ",自 " + s.effectiveFrom() + " 起执行。"
                + "同一派工单30分钟内涉及多项不同收费标准的服务,按就高不就低原则收费,不重复计费;材料另计。"
                + "收费表未列材料按入库价上浮30%(管理费)计价,精确到角。</p>\n"
                + "<table><thead><tr><th>编号</th><th>项目</th><th>类别</th><th>单位</th><th>单价(元)</th></tr></thead><tbody>\n"
                + rows + "</tbody></table></body></html>\n";
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "listFeeSchedules", summary = "All published versions, newest first; administrators also see drafts")
    public List<ScheduleView> list() {
        @SuppressWarnings("unchecked")
        List<Number> versions = em.createNativeQuery("select version from fee_schedule_version "
                + "where status = 'ACTIVE' or cast(?1 as boolean) order by version desc").setParameter(1, seesDrafts()).getResultList();
        return versions.stream().map(v -> view(v.intValue())).toList();
    }

    @GET
    @Path("/{version}")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "getFeeSchedule", summary = "One version; a draft only to administrators (to anyone else it does not exist)")
    public ScheduleView get(@PathParam("version") int version) {
        ScheduleView schedule = view(version);
        if (!"ACTIVE".equals(schedule.status()) && !seesDrafts()) {
            throw new NotFound(BillingCommands.SCHEDULE, String.valueOf(version));
        }
        return schedule;
    }

    /** Drafts are work in progress of the administrators who keep the schedule: nobody else has a use for them. */
    private boolean seesDrafts() {
        return caller.hasRole(Roles.ADMIN);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "draftFeeSchedule", summary = "Draft a new version (admin)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.CREATING_COMMAND)
    @APIResponse(responseCode = "201", description = "The new draft version; Location and ETag are set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
    public Response draft(ScheduleBody body, @Context HttpHeaders headers) {
        CommandContext ctx = caller.command(headers);
        Instant from = effectiveFrom(body);
        List<FeeItem> items = items(body);
        return idempotent.execute(ctx, "POST", "/api/v1/fee-schedules", body, () -> {
            int version = commands.nextScheduleVersion();
            long v = commands.onSchedule(version, ctx, s -> s.draft(version, from, items, ctx.actor().id()));
            return new CommandResponse(201, "/api/v1/fee-schedules/" + version, ETags.of(v), idempotent.toJson(view(version)));
        });
    }

    @POST
    @Path("/{version}/revision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "reviseFeeSchedule", summary = "Replace a draft's items and start date (admin); an active version is never edited")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The version after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
    public Response revise(@PathParam("version") int version, ScheduleBody body, @Context HttpHeaders headers) {
        CommandContext ctx = caller.command(headers);
        Instant from = effectiveFrom(body);
        List<FeeItem> items = items(body);
        return idempotent.execute(ctx, "POST", "/api/v1/fee-schedules/" + version + "/revision", body, () -> {
            requireExists(version);
            long v = commands.onSchedule(version, ctx, s -> s.revise(from, items, ctx.actor().id()));
            return new CommandResponse(200, null, ETags.of(v), idempotent.toJson(view(version)));
        });
    }

    @POST
    @Path("/{version}/activation")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "activateFeeSchedule", summary = "Publish a draft (admin): from its effective date on, quotes cite it")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The version after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
    public Response activate(@PathParam("version") int version, @Context HttpHeaders headers) {
        CommandContext ctx = caller.command(headers);
        return idempotent.execute(ctx, "POST", "/api/v1/fee-schedules/" + version + "/activation", null, () -> {
            requireExists(version);
            long v = commands.onSchedule(version, ctx, s -> s.activate(commands.now(), ctx.actor().id()));
            return new CommandResponse(200, null, ETags.of(v), idempotent.toJson(view(version)));
        });
    }

    private void requireExists(int version) {
        if (!commands.schedule(version).exists()) {
            throw new NotFound(BillingCommands.SCHEDULE, String.valueOf(version));
        }
    }

    ScheduleView view(int version) {
        List<?> rows = em.createNativeQuery("select version, status, effective_from, activated_at, cast(items as text) "
                + "from fee_schedule_version where version = ?1").setParameter(1, version).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound(BillingCommands.SCHEDULE, String.valueOf(version));
        }
        Object[] r = (Object[]) rows.get(0);
        try {
            return new ScheduleView(((Number) r[0]).intValue(), (String) r[1], instant(r[2]), instant(r[3]),
                    json.readValue((String) r[4], new TypeReference<List<FeeItem>>() {
                    }));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) v).toInstant();
    }

    private static Instant effectiveFrom(ScheduleBody body) {
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        if (body.effectiveFrom() == null) {
            throw InvalidRequest.of("effectiveFrom", "is required");
        }
        try {
            return OffsetDateTime.parse(body.effectiveFrom()).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidRequest.of("effectiveFrom", "must be a date-time with offset, e.g. 2027-01-01T00:00:00+08:00");
        }
    }

    private static List<FeeItem> items(ScheduleBody body) {
        RequestValidator v = new RequestValidator();
        List<FeeItem> items = new ArrayList<>();
        List<FeeItemBody> raw = body.items() == null ? List.of() : body.items();
        if (raw.isEmpty()) {
            v.add("items", "a schedule lists at least one item");
        }
        for (int i = 0; i < raw.size(); i++) {
            FeeItemBody b = raw.get(i);
            String f = "items[" + i + "]";
            ItemCategory category = enumOf(v, f + ".category", b.category(), ItemCategory.class);
            ItemUnit unit = enumOf(v, f + ".unit", b.unit(), ItemUnit.class);
            v.required(f + ".priceFen", b.priceFen());
            v.maxLength(f + ".name", b.name(), 100);
            if (category != null && unit != null && b.priceFen() != null) {
                FeeItem item = v.parse(f, () -> new FeeItem(b.code(), b.name(), category, unit, b.priceFen()));
                if (item != null) {
                    items.add(item);
                }
            }
        }
        v.throwIfInvalid();
        return items;
    }

    private static <E extends Enum<E>> E enumOf(RequestValidator v, String field, String text, Class<E> type) {
        return v.required(field, text) ? v.enumValue(field, text, type) : null;
    }

    private static String unitText(ItemUnit unit) {
        return switch (unit) {
            case PER_JOB -> "次";
            case PER_30_MINUTES -> "每30分钟";
            case PER_PIECE -> "个";
        };
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
