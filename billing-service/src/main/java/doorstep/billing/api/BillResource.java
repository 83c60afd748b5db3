package doorstep.billing.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.billing.api.BillingViews.*;
import doorstep.billing.application.BillingCommands;
import doorstep.billing.domain.BillingEvent;
import doorstep.billing.domain.FeeScheduleVersion;
import doorstep.billing.domain.OrderBill;
import doorstep.billing.domain.PaymentMethod;
import doorstep.billing.domain.WorkFacts;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.CommandResponse;
import doorstep.platform.web.ETags;
import doorstep.platform.web.IdempotentCommands;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.Page;
import doorstep.platform.web.TimelineEntry;
import doorstep.platform.web.Timelines;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/** One order's bill: the quote and the owner's consent, the charge with its working, and the money. */
@Path("/api/v1/bills/{orderId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bills", description = "Quotes, charges, payments, adjustments and refunds of a dispatch order")
public class BillResource {

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
    @Inject
    Timelines timelines;

    @GET
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "getBill", summary = "The bill: quote, charge with its working, payments and balance (404 for another site's order)")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BillView.class)))
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.VERSIONED_READ)
    public Response get(@PathParam("orderId") String orderId) {
        BillView bill = visibleView(orderId);
        return Response.ok(bill).header(HttpHeaders.ETAG, ETags.of(bill.version())).build();
    }

    @GET
    @Path("/timeline")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "getBillTimeline", summary = "Everything recorded on the bill, oldest first, a page at a time (cursor), with "
            + "who did it and in which role (404 for another site's order)")
    public Page<TimelineEntry> timeline(@PathParam("orderId") String orderId, @QueryParam("cursor") String cursor,
                                        @Parameter(description = Page.HISTORY_LIMIT_DESCRIPTION) @QueryParam("limit") Integer limit) {
        visibleView(orderId);
        // Billing's own reactions show as billing-service in role system; an erasure (D48) shows where it happened.
        return timelines.page(List.of(orderId, PersonalDataErased.streamOf(orderId)), cursor, Page.historyLimit(limit));
    }

    @POST
    @Path("/quotes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Operation(operationId = "submitQuote", summary = "Quote the planned paid work from the schedule in force (shown to the owner before work)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.CREATING_OR_CHANGING_COMMAND)
    @APIResponse(responseCode = "201", description = "The bill with the new quote; Location and ETag are set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BillView.class)))
    public Response quote(@PathParam("orderId") String orderId, QuoteBody body, @Context HttpHeaders headers) {
        CommandContext ctx = caller.command(headers);
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RequestValidator v = new RequestValidator();
        int minutes = body.estimatedMinutes() == null ? 30 : body.estimatedMinutes();
        v.check(minutes >= 1 && minutes <= 24 * 60, "estimatedMinutes", "must be 1 to 1440");
        List<String> services = body.plannedServices() == null ? List.of() : body.plannedServices();
        List<WorkFacts.UsedMaterial> materials = new ArrayList<>();
        List<PlannedMaterial> raw = body.plannedMaterials() == null ? List.of() : body.plannedMaterials();
        for (int i = 0; i < raw.size(); i++) {
            PlannedMaterial m = raw.get(i);
            v.requiredText("plannedMaterials[" + i + "].name", m.name(), 100);
            if (v.required("plannedMaterials[" + i + "].quantity", m.quantity())) {
                v.check(m.quantity() >= 1, "plannedMaterials[" + i + "].quantity", "must be at least 1");
            }
            if (m.name() != null && m.quantity() != null && m.quantity() >= 1) {
                materials.add(new WorkFacts.UsedMaterial(m.code(), m.name(), m.quantity()));
            }
        }
        v.throwIfInvalid();
        String quoteId = "quote-" + UUID.randomUUID().toString().substring(0, 8);
        return idempotent.execute(ctx, "POST", "/api/v1/bills/" + orderId + "/quotes", body, () -> {
            Instant now = commands.now();
            FeeScheduleVersion schedule = commands.versionInForce(now).map(commands::scheduleVersion).orElse(null);
            WorkFacts planned = WorkFacts.planned(services, materials, now, Duration.ofMinutes(minutes));
            long v2 = commands.onBill(orderId, ctx, b -> b.issueQuote(orderId, quoteId, schedule, planned, commands.inboundPrices(),
                    ctx.actor().id(), now));
            return new CommandResponse(201, "/api/v1/bills/" + orderId, ETags.of(v2), idempotent.toJson(view(orderId)));
        });
    }

    @POST
    @Path("/quotes/{quoteId}/acceptance")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Operation(operationId = "acceptQuote", summary = "The owner accepted the quote, with their signature: paid work may start")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The bill after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BillView.class)))
    public Response accept(@PathParam("orderId") String orderId, @PathParam("quoteId") String quoteId, AcceptanceBody body,
                           @Context HttpHeaders headers) {
        return command(orderId, "quotes/" + quoteId + "/acceptance", body, headers,
                (b, actor) -> b.acceptQuote(quoteId, body == null ? null : body.signatureRef(), commands.now()));
    }

    @POST
    @Path("/quotes/{quoteId}/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Operation(operationId = "declineQuote", summary = "The owner declined the quote")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The bill after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BillView.class)))
    public Response decline(@PathParam("orderId") String orderId, @PathParam("quoteId") String quoteId, DeclineBody body,
                            @Context HttpHeaders headers) {
        return command(orderId, "quotes/" + quoteId + "/decline", body, headers,
                (b, actor) -> b.declineQuote(quoteId, body == null ? null : body.reason(), commands.now()));
    }

    @POST
    @Path("/payments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TECHNICIAN, Roles.AGENT, Roles.TEAM_LEADER})
    @Operation(operationId = "recordPayment", summary = "Record a payment (method, amount in fen, payer)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The bill after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BillView.class)))
    public Response pay(@PathParam("orderId") String orderId, PaymentBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        PaymentMethod method = v.required("method", body == null ? null : body.method())
                ? v.enumValue("method", body.method(), PaymentMethod.class) : null;
        v.required("amountFen", body == null ? null : body.amountFen());
        v.requiredText("payer", body == null ? null : body.payer(), 50);
        v.throwIfInvalid();
        PaymentMethod m = method;
        String paymentId = "pay-" + UUID.randomUUID().toString().substring(0, 8);
        return command(orderId, "payments", body, headers,
                (b, actor) -> b.recordPayment(paymentId, m, body.amountFen(), body.payer().strip(), actor, commands.now()));
    }

    @POST
    @Path("/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TEAM_LEADER)
    @Operation(operationId = "adjustBill", summary = "A team leader's adjustment of the charge, with a reason (the charge is never edited)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The bill after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BillView.class)))
    public Response adjust(@PathParam("orderId") String orderId, AdjustmentBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        v.required("amountFen", body == null ? null : body.amountFen());
        v.throwIfInvalid();
        String id = "adj-" + UUID.randomUUID().toString().substring(0, 8);
        return command(orderId, "adjustments", body, headers,
                (b, actor) -> b.adjust(id, body.amountFen(), body.reason(), actor, commands.now()));
    }

    @POST
    @Path("/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TEAM_LEADER)
    @Operation(operationId = "recordRefund", summary = "A refund by a team leader, with a reason")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The bill after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BillView.class)))
    public Response refund(@PathParam("orderId") String orderId, RefundBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        v.required("amountFen", body == null ? null : body.amountFen());
        v.throwIfInvalid();
        String id = "ref-" + UUID.randomUUID().toString().substring(0, 8);
        return command(orderId, "refunds", body, headers,
                (b, actor) -> b.refund(id, body.amountFen(), body.reason(), actor, commands.now()));
    }

    /** Runs a bill command as the acting user, on an order of one of their sites. */
    private Response command(String orderId, String name, Object body, HttpHeaders headers,
                             BiFunction<OrderBill, String, List<BillingEvent>> decision) {
        return idempotent.run(headers, "/api/v1/bills/" + orderId + "/" + name, body, ctx -> {
            long version = commands.onBill(orderId, ctx, b -> decision.apply(b, ctx.actor().id()));
            return new IdempotentCommands.Answer(version, view(orderId));
        });
    }

    /** The bill, when its order is of one of the caller's sites; checked before anything about it is revealed. */
    private BillView visibleView(String orderId) {
        BillView bill = view(orderId);
        caller.sites().requireVisible(bill.siteId(), BillingCommands.ORDER, orderId);
        return bill;
    }

    /** Whether the order's personal data was erased (D48). */
    private boolean erased(String orderId) {
        return !em.createNativeQuery("select 1 from erased_order where order_id = ?1").setParameter(1, orderId).getResultList().isEmpty();
    }

    BillView view(String orderId) {
        List<?> rows = em.createNativeQuery("select b.order_id, b.site_id, b.technician_id, quote_id, quote_status, quote_total_fen, "
                + "cast(quote as text), schedule_version, charge_total_fen, cast(charge as text), no_charge_reason, adjusted_fen, "
                + "paid_fen, refunded_fen, updated_at, version, k.technician_id "
                + "from bill b left join known_order k on k.order_id = b.order_id where b.order_id = ?1")
                .setParameter(1, orderId).getResultList();
        if (rows.isEmpty()) {
            // An order dispatch opened but nobody billed yet: an empty bill, not an error.
            BillingCommands.KnownOrder known = commands.knownOrder(orderId).orElseThrow(() -> new NotFound(BillingCommands.ORDER, orderId));
            return new BillView(orderId, known.siteId(), known.technicianId(), null, null, null, null, null, null, 0, null, null,
                    0, 0, 0, 0, null, 0, erased(orderId));
        }
        Object[] r = (Object[]) rows.get(0);
        long charge = ((Number) r[8]).longValue();
        long adjusted = ((Number) r[11]).longValue();
        long paid = ((Number) r[12]).longValue();
        long refunded = ((Number) r[13]).longValue();
        try {
            return new BillView((String) r[0], (String) r[1], (String) r[16], (String) r[2], (String) r[3], (String) r[4],
                    r[5] == null ? null : ((Number) r[5]).longValue(), r[6] == null ? null : json.readTree((String) r[6]),
                    r[7] == null ? null : ((Number) r[7]).intValue(), charge, r[9] == null ? null : json.readTree((String) r[9]),
                    (String) r[10], adjusted, paid, refunded, charge + adjusted - paid + refunded,
                    FeeScheduleResource.instant(r[14]), ((Number) r[15]).longValue(), erased(orderId));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
