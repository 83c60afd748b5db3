package doorstep.dispatch.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

import doorstep.dispatch.api.DispatchViews.*;
import doorstep.dispatch.application.DispatchCommands;
import doorstep.dispatch.domain.CompletionChecks;
import doorstep.dispatch.application.WorkingCalendars;
import doorstep.dispatch.domain.Dispatch;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchStatus;
import doorstep.dispatch.domain.EscalationReason;
import doorstep.dispatch.domain.MaterialLine;
import doorstep.dispatch.domain.Part;
import doorstep.dispatch.domain.PerformedItem;
import doorstep.dispatch.domain.RosterEntry;
import doorstep.dispatch.roster.Technician;
import doorstep.platform.observability.OrderIdInPath;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.CommandResponse;
import doorstep.platform.web.ETags;
import doorstep.platform.web.IdempotentCommands;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.Page;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.TimelineEntry;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * The visit lifecycle of a dispatch order, one sub-resource per command. Every command takes
 * {@code Idempotency-Key} and {@code If-Match} and answers the order with its new {@code ETag}.
 * Who may call what is each method's {@code @RolesAllowed}; reads admit every role. An order of a
 * site not in the caller's token answers 404 exactly as a missing one, on every route; a technician
 * changes only orders assigned to them (403, checked once in {@link DispatchCommands#execute}).
 */
@Path("/api/v1/dispatches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dispatch orders", description = "Assignment, arrival, visits, survey, work, completion, review, archive (上门服务流程)")
@OrderIdInPath
public class DispatchResource {

    @Inject
    DispatchCommands commands;
    @Inject
    DispatchQueries queries;
    @Inject
    IdempotentCommands idempotent;
    @Inject
    WorkingCalendars calendars;
    @Inject
    Clock clock;
    @Inject
    Caller caller;

    // ---- queries ----------------------------------------------------------------------------

    @GET
    @Operation(operationId = "listDispatches", summary = "A site's board: dispatch orders, newest first, filtered by status and overdue, paged")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public Page<DispatchView> board(@QueryParam("siteId") String siteId, @QueryParam("status") String status,
                                    @QueryParam("overdue") Boolean overdue, @QueryParam("cursor") String cursor,
                                    @QueryParam("limit") Integer limit) {
        RequestValidator v = new RequestValidator();
        DispatchStatus s = v.enumValue("status", status, DispatchStatus.class);
        v.throwIfInvalid();
        List<String> sites = caller.sites().listFilter(siteId);
        return queries.list(new DispatchQueries.Filter(sites, s == null ? null : s.name(), null, overdue, false), cursor, Page.limit(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getDispatch", summary = "One dispatch order with its visits")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.VERSIONED_READ)
    @APIResponse(responseCode = "200", description = "The order with its visits; ETag is its version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchDetail.class)))
    public Response get(@PathParam("id") String id) {
        DispatchView view = queries.get(id);
        caller.sites().requireVisible(view.siteId(), DispatchQueries.NOUN, id);
        return Response.ok(new DispatchDetail(view, queries.visits(id))).header(HttpHeaders.ETAG, ETags.of(view.version())).build();
    }

    @GET
    @Path("/{id}/timeline")
    @Operation(operationId = "getDispatchTimeline", summary = "Everything recorded about the visit lifecycle, oldest first, a page at a "
            + "time (cursor)")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    public Page<TimelineEntry> timeline(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                        @Parameter(description = Page.HISTORY_LIMIT_DESCRIPTION) @QueryParam("limit") Integer limit) {
        return queries.timeline(id, caller.sites(), cursor, Page.historyLimit(limit));
    }

    // ---- step 1 -----------------------------------------------------------------------------

    @POST
    @Path("/{id}/assignment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "assignTechnician", summary = "Assign or reassign a technician; the answer shows earlier visits to this order and unit")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AssignmentView.class)))
    @RolesAllowed({Roles.AGENT, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    public Response assign(@PathParam("id") String id, AssignBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        v.requiredText("technicianId", body == null ? null : body.technicianId(), 64);
        v.throwIfInvalid();
        CommandContext ctx = caller.command(headers);
        return idempotent.execute(ctx, "POST", path(id, "assignment"), body, () -> {
            // The roster is read once the order is known to be the caller's (site checked first).
            commands.execute(id, ctx, d -> d.assign(rosterEntry(body.technicianId(), ctx), clock.instant(), calendars.current()));
            DispatchView view = queries.get(id);
            return new CommandResponse(200, null, ETags.of(view.version()),
                    idempotent.toJson(new AssignmentView(view, queries.repeatVisits(id))));
        });
    }

    @POST
    @Path("/{id}/acceptance")
    @Operation(operationId = "acceptDispatch", summary = "The assigned technician accepts the order")
    @RolesAllowed(Roles.TECHNICIAN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response accept(@PathParam("id") String id, @Context HttpHeaders headers) {
        return command(id, "acceptance", null, headers, (d, ctx) -> d.accept(ctx.actor().id(), now()));
    }

    @POST
    @Path("/{id}/reporter-contact")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordReporterContact", summary = "The reporter was phoned: content verified or clarified, tools and materials prepared")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response contact(@PathParam("id") String id, ContactBody body, @Context HttpHeaders headers) {
        ContactBody b = body == null ? new ContactBody(false, null, List.of(), List.of()) : body;
        return command(id, "reporter-contact", b, headers, (d, ctx) -> d.contactReporter(Boolean.TRUE.equals(b.contentClarified()),
                b.clarification(), orEmpty(b.preparedTools()), orEmpty(b.preparedMaterials()), now()));
    }

    @POST
    @Path("/{id}/material-requisitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "requisitionMaterials", summary = "Requisition materials from the warehouse against the order (持派工单到库房领料)")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response requisition(@PathParam("id") String id, RequisitionBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        List<MaterialLine> items = materials(v, "items", body == null ? null : body.items(), true);
        v.throwIfInvalid();
        String requisitionId = "req-" + UUID.randomUUID().toString().substring(0, 8);
        return command(id, "material-requisitions", body, headers, (d, ctx) -> d.requisitionMaterials(requisitionId, items, now()));
    }

    @POST
    @Path("/{id}/material-requisitions/{requisitionId}/issue")
    @Operation(operationId = "issueMaterials", summary = "The warehouse issued a requisition's materials")
    @RolesAllowed(Roles.WAREHOUSE)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response issue(@PathParam("id") String id, @PathParam("requisitionId") String requisitionId, @Context HttpHeaders headers) {
        return command(id, "material-requisitions/" + requisitionId + "/issue", null, headers,
                (d, ctx) -> d.issueMaterials(requisitionId, ctx.actor().id(), now()));
    }

    // ---- step 2 -----------------------------------------------------------------------------

    @POST
    @Path("/{id}/appointment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "bookAppointment", summary = "An appointment proposed to the owner: AGREED moves the arrival deadline, REFUSED escalates")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.AGENT})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response appointment(@PathParam("id") String id, AppointmentBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        Instant at = v.required("appointmentAt", body == null ? null : body.appointmentAt()) ? time(v, "appointmentAt", body.appointmentAt()) : null;
        String consent = body == null ? null : body.ownerConsent();
        if (v.required("ownerConsent", consent)) {
            v.check(consent.equals("AGREED") || consent.equals("REFUSED"), "ownerConsent", "must be AGREED or REFUSED");
        }
        v.throwIfInvalid();
        return command(id, "appointment", body, headers,
                (d, ctx) -> d.bookAppointment(at, consent.equals("AGREED"), ctx.actor().id(), body.note(), now()));
    }

    @POST
    @Path("/{id}/owner-not-home")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reportOwnerNotHome", summary = "Nobody opened the door: the customer center books a new appointment")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response ownerNotHome(@PathParam("id") String id, NoteBody body, @Context HttpHeaders headers) {
        return command(id, "owner-not-home", body, headers, (d, ctx) -> d.ownerNotHome(body == null ? null : body.note(), now()));
    }

    @POST
    @Path("/{id}/escalation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "escalateDispatch", summary = "Bring in the team leader, e.g. for a hard job (较大难度的报事)")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.AGENT})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response escalate(@PathParam("id") String id, EscalationBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        EscalationReason reason = body == null || body.reason() == null ? EscalationReason.HARD_JOB
                : v.enumValue("reason", body.reason(), EscalationReason.class);
        v.throwIfInvalid();
        return command(id, "escalation", body, headers,
                (d, ctx) -> d.escalate(reason, body == null ? null : body.note(), now()));
    }

    // ---- steps 3–6 --------------------------------------------------------------------------

    @POST
    @Path("/{id}/arrival")
    @Operation(operationId = "startVisit", summary = "The assigned technician arrived in the home: a visit starts, handling time runs")
    @RolesAllowed(Roles.TECHNICIAN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response arrive(@PathParam("id") String id, @Context HttpHeaders headers) {
        return command(id, "arrival", null, headers, (d, ctx) -> d.arrive(ctx.actor().id(), now()));
    }

    @POST
    @Path("/{id}/visit-end")
    @Operation(operationId = "endVisit", summary = "The technician left; the visit's time is added to the handling time")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response endVisit(@PathParam("id") String id, @Context HttpHeaders headers) {
        return command(id, "visit-end", null, headers, (d, ctx) -> d.endVisit(now()));
    }

    @POST
    @Path("/{id}/survey")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordSurvey", summary = "Survey result: free or paid, private or common part, warranty")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response survey(@PathParam("id") String id, SurveyBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        v.required("paid", body == null ? null : body.paid());
        Part p = v.required("part", body == null ? null : body.part()) ? v.enumValue("part", body.part(), Part.class) : null;
        v.throwIfInvalid();
        return command(id, "survey", body, headers,
                (d, ctx) -> d.recordSurvey(body.paid(), p, Boolean.TRUE.equals(body.warranty()), body.notes(), now()));
    }

    @POST
    @Path("/{id}/risk-disclosure")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "discloseRisk", summary = "A foreseeable risk was explained to the owner (e.g. drilling without a pipeline drawing)")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response discloseRisk(@PathParam("id") String id, RiskBody body, @Context HttpHeaders headers) {
        return command(id, "risk-disclosure", body, headers, (d, ctx) -> d.discloseRisk(body == null ? null : body.description(), now()));
    }

    @POST
    @Path("/{id}/risk-consent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordRiskConsent", summary = "The owner's answer to the disclosed risk, with their signature when they consent")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response riskConsent(@PathParam("id") String id, RiskConsentBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        v.required("consented", body == null ? null : body.consented());
        v.throwIfInvalid();
        return command(id, "risk-consent", body, headers, (d, ctx) -> d.recordRiskConsent(body.consented(), body.signatureRef(), now()));
    }

    @POST
    @Path("/{id}/work-start")
    @Operation(operationId = "startWork", summary = "Work starts: after the survey, an accepted quote for paid work, and consent to any disclosed risk")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response startWork(@PathParam("id") String id, @Context HttpHeaders headers) {
        return command(id, "work-start", null, headers, (d, ctx) -> d.startWork(now()));
    }

    @POST
    @Path("/{id}/waiting-for-materials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "waitForMaterials", summary = "Materials are missing: the visit ends, a service card is left (留下服务卡)")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response waitForMaterials(@PathParam("id") String id, WaitingBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        List<MaterialLine> missing = materials(v, "missing", body == null ? null : body.missing(), true);
        v.throwIfInvalid();
        return command(id, "waiting-for-materials", body, headers, (d, ctx) -> d.waitForMaterials(missing,
                !Boolean.FALSE.equals(body.serviceCardLeft()), Boolean.TRUE.equals(body.ownerAsksUsToBuy()), now()));
    }

    @POST
    @Path("/{id}/materials-available")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reportMaterialsAvailable", summary = "The owner called back: the materials are there")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.AGENT})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response materialsAvailable(@PathParam("id") String id, NoteBody body, @Context HttpHeaders headers) {
        return command(id, "materials-available", body, headers,
                (d, ctx) -> d.materialsAvailable(body == null ? null : body.note(), now()));
    }

    // ---- step 7 -----------------------------------------------------------------------------

    @POST
    @Path("/{id}/completion")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "completeWork", summary = "Work completed: result, service items with times, materials, the technician's signature")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response complete(@PathParam("id") String id, CompletionBody body, @Context HttpHeaders headers) {
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RequestValidator v = new RequestValidator();
        v.requiredText("result", body.result(), 2000);
        v.requiredText("technicianSignatureRef", body.technicianSignatureRef(), 200);
        List<PerformedItem> items = new ArrayList<>();
        List<ItemBody> rawItems = body.serviceItems() == null ? List.of() : body.serviceItems();
        for (int i = 0; i < rawItems.size(); i++) {
            ItemBody item = rawItems.get(i);
            String f = "serviceItems[" + i + "]";
            if (v.required(f + ".code", item.code()) & v.required(f + ".performedAt", item.performedAt())) {
                Instant at = time(v, f + ".performedAt", item.performedAt());
                if (at != null) {
                    items.add(new PerformedItem(item.code().strip(), at));
                }
            }
        }
        List<MaterialLine> used = materials(v, "materialsUsed", body.materialsUsed(), false);
        CompletionChecks checks = null;
        if (v.required("checks", body.checks())) {
            ChecksBody c = body.checks();
            if (v.required("checks.siteCleaned", c.siteCleaned()) & v.required("checks.testedAndDemonstrated", c.testedAndDemonstrated())
                    & v.required("checks.useExplained", c.useExplained()) & v.maxLength("checks.skippedReason", c.skippedReason(), 500)) {
                checks = new CompletionChecks(c.siteCleaned(), c.testedAndDemonstrated(), c.useExplained(), c.skippedReason());
            }
        }
        v.throwIfInvalid();
        CompletionChecks confirmed = checks;
        return command(id, "completion", body, headers,
                (d, ctx) -> d.complete(body.result(), items, used, body.technicianSignatureRef(), confirmed, now()));
    }

    @POST
    @Path("/{id}/owner-acceptance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordOwnerAcceptance", summary = "The owner accepted the work (验收), signed and rated it 1–5")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response ownerAccepts(@PathParam("id") String id, OwnerAcceptanceBody body, @Context HttpHeaders headers) {
        RequestValidator v = new RequestValidator();
        v.required("rating", body == null ? null : body.rating());
        v.required("signatureRef", body == null ? null : body.signatureRef());
        v.throwIfInvalid();
        return command(id, "owner-acceptance", body, headers,
                (d, ctx) -> d.ownerAccepts(body.signatureRef(), body.rating(), body.comment(), now()));
    }

    @POST
    @Path("/{id}/leader-verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyWithoutOwnerSignature", summary = "Special case: the team leader verified the work; archived without the owner's signature")
    @RolesAllowed(Roles.TEAM_LEADER)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response verify(@PathParam("id") String id, ReasonBody body, @Context HttpHeaders headers) {
        return command(id, "leader-verification", body, headers,
                (d, ctx) -> d.verifyWithoutOwnerSignature(ctx.actor().id(), body == null ? null : body.reason(), now()));
    }

    @POST
    @Path("/{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reviewDispatch", summary = "The team leader reviewed the completed order (same day)")
    @RolesAllowed(Roles.TEAM_LEADER)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response review(@PathParam("id") String id, NoteBody body, @Context HttpHeaders headers) {
        return command(id, "review", body, headers, (d, ctx) -> d.review(ctx.actor().id(), body == null ? null : body.note(), now()));
    }

    @POST
    @Path("/{id}/archive")
    @Operation(operationId = "archiveDispatch", summary = "The customer center archives the reviewed order (same day)")
    @RolesAllowed(Roles.AGENT)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response archive(@PathParam("id") String id, @Context HttpHeaders headers) {
        return command(id, "archive", null, headers, (d, ctx) -> d.archive(ctx.actor().id(), now()));
    }

    @POST
    @Path("/{id}/tracking-continuation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "continueTracking", summary = "Tracking continues without conversion: reason and handler are recorded with the time")
    @RolesAllowed({Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.AGENT})
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response continueTracking(@PathParam("id") String id, TrackingBody body, @Context HttpHeaders headers) {
        return command(id, "tracking-continuation", body, headers,
                (d, ctx) -> d.continueTracking(body == null ? null : body.reason(), body == null ? null : body.handler(), now()));
    }

    @POST
    @Path("/{id}/conversion-exemption")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "exemptFromConversion", summary = "The team leader exempts a special case from conversion to a coordination order")
    @RolesAllowed(Roles.TEAM_LEADER)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)
    @APIResponse(responseCode = "200", description = "The order after the command; ETag is its new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    public Response exempt(@PathParam("id") String id, ReasonBody body, @Context HttpHeaders headers) {
        return command(id, "conversion-exemption", body, headers,
                (d, ctx) -> d.exemptFromConversion(ctx.actor().id(), body == null ? null : body.reason(), now()));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Response command(String id, String name, Object body, HttpHeaders headers,
                             BiFunction<Dispatch, CommandContext, List<DispatchEvent>> decision) {
        return idempotent.run(headers, path(id, name), body, ctx -> {
            commands.execute(id, ctx, d -> decision.apply(d, ctx));
            DispatchView view = queries.get(id);
            return new IdempotentCommands.Answer(view.version(), view);
        });
    }

    /**
     * The roster entry of a technician the caller may see: one of a site not in the caller's token is
     * answered exactly as a missing one (400 naming {@code technicianId}), so the roster of another
     * site cannot be probed; one of another site than the order's is refused by the order itself.
     */
    private static RosterEntry rosterEntry(String technicianId, CommandContext ctx) {
        Technician t = Technician.findById(technicianId);
        if (t == null || !ctx.sites().includes(t.siteId)) {
            throw InvalidRequest.of("technicianId", "no technician with this id");
        }
        return new RosterEntry(t.id, t.name, t.siteId, t.onDuty);
    }

    private Instant now() {
        return clock.instant();
    }

    private static String path(String id, String command) {
        return "/api/v1/dispatches/" + id + "/" + command;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Instant time(RequestValidator v, String field, String text) {
        return v.instant(field, text);
    }

    private static List<MaterialLine> materials(RequestValidator v, String field, List<MaterialBody> raw, boolean required) {
        if (raw == null || raw.isEmpty()) {
            if (required) {
                v.add(field, "name at least one material");
            }
            return List.of();
        }
        List<MaterialLine> lines = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            MaterialBody m = raw.get(i);
            String f = field + "[" + i + "]";
            boolean ok = v.requiredText(f + ".name", m.name(), 100);
            if (v.required(f + ".quantity", m.quantity())) {
                v.check(m.quantity() >= 1, f + ".quantity", "must be at least 1");
            }
            if (ok && m.quantity() != null && m.quantity() >= 1) {
                lines.add(new MaterialLine(m.code(), m.name().strip(), m.quantity()));
            }
        }
        return lines;
    }
}
