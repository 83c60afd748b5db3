package doorstep.dispatch.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import doorstep.dispatch.domain.DispatchEvent.*;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;

/**
 * A dispatch order's visit lifecycle (上门服务流程). Each command checks the source document's rules
 * against the current state and returns the events to record; state changes only in {@link #apply}.
 * Times are instants; visit times are kept to the second, so handling time is exact and never rounded.
 */
public final class Dispatch {

    /** 15分钟内上门. */
    public static final Duration ARRIVAL_WINDOW = Duration.ofMinutes(15);
    /** 要求比预约时间提前至少3分钟到达. */
    public static final Duration ARRIVE_BEFORE_APPOINTMENT = Duration.ofMinutes(3);

    private String orderId;
    private String siteId;
    private ZoneId zone;
    private LocationKind locationKind;
    private boolean warranty;
    private Instant agreedVisitAt;
    private DispatchStatus status;

    private String technicianId;
    private Instant arrivalDueAt;
    private Instant overdueRaisedFor;
    private ConversionRule conversionRule;
    private Instant conversionDueAt;
    private Instant lastAssignedAt;
    private Instant conversionClockStartedAt;
    private boolean converted;
    private boolean exempted;
    /** 当日: end of the site-local day of completion, when the review and the archive are due. */
    private Instant sameDayDueAt;
    private boolean reviewOverdue;
    private boolean archiveOverdue;

    private int visits;
    private Instant visitStartedAt;
    private long handlingSeconds;
    private boolean surveyed;
    private boolean paid;
    private Part part;
    private boolean surveyedWarranty;
    private final List<DispatchEvent.Visit> visitIntervals = new ArrayList<>();
    private boolean quoteAccepted;
    private boolean riskDisclosed;
    private boolean riskConsented;
    private boolean workStarted;
    private boolean waitingForMaterials;
    private final Map<String, Boolean> requisitionsIssued = new HashMap<>();

    // ---- reactions to intake -----------------------------------------------------------------

    public List<DispatchEvent> open(DispatchOpened opened) {
        if (status != null) {
            return List.of(); // a redelivered report: already open
        }
        return List.of(opened);
    }

    public List<DispatchEvent> updateDetails(DispatchDetailsUpdated update) {
        if (status == null || status.isClosed() || status.isWorkDone()) {
            return List.of();
        }
        return List.of(update);
    }

    public List<DispatchEvent> withdraw(String reason, Instant now) {
        if (status == null || status.isClosed() || status.isWorkDone()) {
            return List.of();
        }
        return List.of(new DispatchWithdrawn(reason, now));
    }

    // ---- step 1 ------------------------------------------------------------------------------

    /**
     * Assigns or reassigns a technician of the order's own site who is on duty (值班). Arrival is due
     * 15 minutes after dispatch, or 3 minutes before a visit time already agreed with the owner. The
     * first dispatch also starts the conversion clock.
     *
     * @throws InvalidValue ({@code technicianId}) for a technician of another site
     * @throws RuleViolation {@code assign-technicians-on-duty} for one who is off duty
     */
    public List<DispatchEvent> assign(RosterEntry technician, Instant now, WorkingCalendar calendar) {
        requireOpen();
        requireIn("assign-before-the-visit", DispatchStatus.OPEN, DispatchStatus.ASSIGNED, DispatchStatus.ACCEPTED,
                DispatchStatus.AWAITING_APPOINTMENT, DispatchStatus.PAUSED);
        String technicianId = technician.technicianId();
        if (!technician.siteId().equals(siteId)) {
            throw new InvalidValue("technicianId", "works at site " + technician.siteId() + ", not at " + siteId);
        }
        if (!technician.onDuty()) {
            throw new RuleViolation("assign-technicians-on-duty", status.name(), technicianId + " is off duty");
        }
        if (technicianId.equals(this.technicianId)) {
            throw new RuleViolation("reassign-to-someone-else", status.name(), "the order is already assigned to " + technicianId);
        }
        Instant due = agreedVisitAt != null && agreedVisitAt.minus(ARRIVE_BEFORE_APPOINTMENT).isAfter(now.plus(ARRIVAL_WINDOW))
                ? agreedVisitAt.minus(ARRIVE_BEFORE_APPOINTMENT)
                : now.plus(ARRIVAL_WINDOW);
        List<DispatchEvent> events = new ArrayList<>();
        events.add(new TechnicianAssigned(technicianId, technician.name(), this.technicianId, now, due));
        if (conversionRule == null) {
            ConversionRule rule = ConversionRule.forOrder(locationKind, warranty);
            events.add(new ConversionDeadlineSet(rule, rule.deadline(now, zone, calendar)));
        }
        return events;
    }

    public List<DispatchEvent> accept(String technicianId, Instant now) {
        requireOpen();
        requireAssignedTo(technicianId);
        requireIn("accept-once", DispatchStatus.ASSIGNED);
        return List.of(new AssignmentAccepted(technicianId, now));
    }

    /** 步骤一: verify the content with the reporter by phone, prepare tools and materials. */
    public List<DispatchEvent> contactReporter(boolean clarified, String clarification, List<String> tools,
                                               List<String> materials, Instant now) {
        requireOpen();
        requireIn("contact-after-assignment", DispatchStatus.ASSIGNED, DispatchStatus.ACCEPTED,
                DispatchStatus.AWAITING_APPOINTMENT, DispatchStatus.PAUSED);
        if (clarified && (clarification == null || clarification.isBlank())) {
            throw new InvalidValue("clarification", "is required when the content was clarified");
        }
        return List.of(new ReporterContacted(clarified, clarified ? clarification.strip() : null,
                List.copyOf(tools), List.copyOf(materials), now));
    }

    public List<DispatchEvent> requisitionMaterials(String requisitionId, List<MaterialLine> items, Instant now) {
        requireOpen();
        requireDispatched();
        if (items.isEmpty()) {
            throw new InvalidValue("items", "name at least one material");
        }
        return List.of(new MaterialsRequisitioned(requisitionId, List.copyOf(items), now));
    }

    public List<DispatchEvent> issueMaterials(String requisitionId, String warehouseClerk, Instant now) {
        requireOpen();
        Boolean issued = requisitionsIssued.get(requisitionId);
        if (issued == null) {
            throw new InvalidValue("requisitionId", "no such requisition on this order");
        }
        if (issued) {
            throw new RuleViolation("issue-a-requisition-once", status.name(), "requisition " + requisitionId + " was already issued");
        }
        return List.of(new MaterialsIssued(requisitionId, warehouseClerk, now));
    }

    // ---- step 2 ------------------------------------------------------------------------------

    /**
     * An appointment proposed to the owner. Agreed: arrival is due 3 minutes before it. Refused:
     * the team leader / customer center takes over (如果业主不同意改变上门时间,交工程班长或呼叫中心处理).
     * The owner's note stays on the (personal) refusal only: the escalation, a staff record in clear,
     * carries no copy of it, so erasing the order's personal data erases the note everywhere (D48).
     */
    public List<DispatchEvent> bookAppointment(Instant appointmentAt, boolean ownerAgrees, String bookedBy, String note, Instant now) {
        requireOpen();
        requireIn("appointment-before-the-visit", DispatchStatus.ASSIGNED, DispatchStatus.ACCEPTED,
                DispatchStatus.AWAITING_APPOINTMENT, DispatchStatus.PAUSED);
        if (!appointmentAt.isAfter(now)) {
            throw new InvalidValue("appointmentAt", "must lie in the future");
        }
        if (!ownerAgrees) {
            return List.of(new AppointmentRefused(appointmentAt, note),
                    new EscalatedToTeamLeader(EscalationReason.APPOINTMENT_REFUSED, null, now));
        }
        return List.of(new AppointmentBooked(appointmentAt, appointmentAt.minus(ARRIVE_BEFORE_APPOINTMENT), bookedBy, note));
    }

    /** 业主不在时,请通知客户中心与业主另行预约. */
    public List<DispatchEvent> ownerNotHome(String note, Instant now) {
        requireOpen();
        requireIn("owner-not-home-at-the-door", DispatchStatus.ASSIGNED, DispatchStatus.ACCEPTED, DispatchStatus.PAUSED);
        return List.of(new OwnerNotHome(note, now));
    }

    /**
     * The deadlines this order has pending, kind → due instant: the one place that says what is
     * pending (the deadline projection stores exactly this). Every due instant is already late (D39):
     * an act is in time only strictly before it.
     */
    public Map<DeadlineKind, Instant> pendingDeadlines() {
        Map<DeadlineKind, Instant> pending = new EnumMap<>(DeadlineKind.class);
        if (status == null || status.isClosed()) {
            return pending;
        }
        boolean waitingForArrival = status == DispatchStatus.ASSIGNED || status == DispatchStatus.ACCEPTED;
        if (waitingForArrival && arrivalDueAt != null && !arrivalDueAt.equals(overdueRaisedFor)) {
            pending.put(DeadlineKind.ARRIVAL, arrivalDueAt);
        }
        if (conversionDueAt != null && !converted && !exempted && !status.isWorkDone()) {
            pending.put(DeadlineKind.CONVERSION, conversionDueAt);
        }
        if (sameDayDueAt != null && !reviewOverdue && (status == DispatchStatus.COMPLETED || status == DispatchStatus.SIGNED_OFF)) {
            pending.put(DeadlineKind.REVIEW, sameDayDueAt);
        }
        if (sameDayDueAt != null && !archiveOverdue) {
            pending.put(DeadlineKind.ARCHIVE, sameDayDueAt);
        }
        return pending;
    }

    /**
     * One of this order's deadlines came due (the scheduler's clock reached the stored due time):
     * the order judges its own pending deadline of that kind, at its own due time, and raises what
     * was missed. Nothing, if that kind is not pending or not due yet.
     */
    public List<DispatchEvent> deadlinePassed(DeadlineKind kind, Instant now) {
        Instant due = pendingDeadlines().get(kind);
        if (due == null || now.isBefore(due)) {
            return List.of();
        }
        return switch (kind) {
            case ARRIVAL -> List.of(new ArrivalOverdue(due, now),
                    new EscalatedToTeamLeader(EscalationReason.ARRIVAL_OVERDUE, "no arrival by " + due, now));
            case CONVERSION -> List.of(new ConvertedToCoordination(conversionRule, due, now));
            case REVIEW -> List.of(new ReviewOverdue(due, now));
            case ARCHIVE -> List.of(new ArchiveOverdue(due, now));
        };
    }

    /**
     * The working calendar changed (a year published, a day corrected): a pending conversion deadline
     * that the calendar decides (质保期内工程, one working day) moves to where the new calendar puts it,
     * visibly. Nothing when it stays, or when the order is converted, exempted, done or closed.
     */
    public List<DispatchEvent> recomputeConversionDeadline(WorkingCalendar calendar, String reason) {
        if (status == null || status.isClosed() || status.isWorkDone() || conversionClockStartedAt == null || converted || exempted) {
            return List.of();
        }
        Instant due = conversionRule.deadline(conversionClockStartedAt, zone, calendar);
        if (due.equals(conversionDueAt)) {
            return List.of();
        }
        return List.of(new ConversionDeadlineMoved(conversionRule, conversionDueAt, due, reason));
    }

    // ---- steps 3–6 -----------------------------------------------------------------------------

    /** Arrival in the home starts a visit; handling time starts now. */
    public List<DispatchEvent> arrive(String technicianId, Instant now) {
        requireOpen();
        requireAssignedTo(technicianId);
        requireIn("arrive-after-assignment", DispatchStatus.ASSIGNED, DispatchStatus.ACCEPTED,
                DispatchStatus.AWAITING_APPOINTMENT, DispatchStatus.PAUSED);
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        boolean onTime = arrivalDueAt == null || now.isBefore(arrivalDueAt); // D39: the due instant is late
        List<DispatchEvent> events = new ArrayList<>();
        if (waitingForMaterials) {
            events.add(new MaterialsAvailable("arrived with the materials", now));
        }
        events.add(new VisitStarted(visits + 1, technicianId, at, onTime));
        return events;
    }

    public List<DispatchEvent> endVisit(Instant now) {
        requireOpen();
        requireIn("end-a-visit-in-progress", DispatchStatus.ON_SITE);
        return List.of(visitEnded(now));
    }

    /** 步骤四: free or paid (有偿), private or common part, under warranty or not. */
    public List<DispatchEvent> recordSurvey(boolean paid, Part part, boolean warranty, String notes, Instant now) {
        requireOpen();
        requireIn("survey-on-site", DispatchStatus.ON_SITE);
        if (paid && (part == Part.COMMON || warranty)) {
            throw new InvalidValue("paid", "common parts and warranty work are not charged to the owner");
        }
        return List.of(new SurveyRecorded(paid, part, warranty, notes, now));
    }

    public List<DispatchEvent> noteQuoteAccepted(String quoteId, Instant acceptedAt) {
        if (status == null || status.isClosed() || quoteAccepted) {
            return List.of();
        }
        return List.of(new QuoteAcceptanceNoted(quoteId, acceptedAt));
    }

    public List<DispatchEvent> noteQuoteDeclined(String quoteId, Instant declinedAt) {
        if (status == null || status.isClosed()) {
            return List.of();
        }
        return List.of(new QuoteDeclineNoted(quoteId, declinedAt));
    }

    /** Foreseeable damage must be told to the owner (预见性判断会损坏的物品,必须告知客户). */
    public List<DispatchEvent> discloseRisk(String description, Instant now) {
        requireOpen();
        requireIn("disclose-risk-on-site", DispatchStatus.ON_SITE);
        if (description == null || description.isBlank()) {
            throw new InvalidValue("description", "is required");
        }
        return List.of(new RiskDisclosed(description.strip(), now));
    }

    public List<DispatchEvent> recordRiskConsent(boolean consented, String signatureRef, Instant now) {
        requireOpen();
        if (!riskDisclosed) {
            throw new RuleViolation("consent-follows-disclosure", status.name(), "no risk was disclosed on this order");
        }
        if (consented && (signatureRef == null || signatureRef.isBlank())) {
            throw new InvalidValue("signatureRef", "the owner's consent to a risk is recorded with their signature");
        }
        List<DispatchEvent> events = new ArrayList<>();
        events.add(new RiskConsentRecorded(consented, signatureRef, now));
        if (!consented) {
            events.add(new EscalatedToTeamLeader(EscalationReason.RISK_REFUSED, "the owner did not accept the risk", now));
        }
        return events;
    }

    /**
     * Work starts only after the survey; paid work only after the owner accepted the quote
     * (出示收费标准…征得业主的同意处理); risky work only after the owner's recorded consent.
     */
    public List<DispatchEvent> startWork(Instant now) {
        requireOpen();
        requireIn("work-on-site", DispatchStatus.ON_SITE);
        if (workStarted) {
            throw new RuleViolation("start-work-once", status.name(), "work has started already");
        }
        if (!surveyed) {
            throw new RuleViolation("survey-before-work", status.name(), "record the survey before starting work");
        }
        if (paid && !quoteAccepted) {
            throw new RuleViolation("paid-work-needs-accepted-quote", status.name(),
                    "paid work starts only after the owner accepted the quote");
        }
        if (riskDisclosed && !riskConsented) {
            throw new RuleViolation("risky-work-needs-owner-consent", status.name(),
                    "the owner's consent to the disclosed risk is not recorded");
        }
        return List.of(new WorkStarted(now));
    }

    /**
     * Brings in the team leader by hand, e.g. for a hard job (较大难度的报事). Only {@code HARD_JOB} is raised
     * by hand; the other reasons are raised by the order's own rules.
     */
    public List<DispatchEvent> escalate(EscalationReason reason, String note, Instant now) {
        if (reason != EscalationReason.HARD_JOB) {
            throw new InvalidValue("reason", "only HARD_JOB is raised by hand; the others are raised by the system");
        }
        requireOpen();
        requireDispatched();
        return List.of(new EscalatedToTeamLeader(reason, note, now));
    }

    /** 差材料: leave a service card, the visit ends, the order waits for the owner. */
    public List<DispatchEvent> waitForMaterials(List<MaterialLine> missing, boolean serviceCardLeft, boolean ownerAsksUsToBuy, Instant now) {
        requireOpen();
        requireIn("wait-for-materials-from-site", DispatchStatus.ON_SITE);
        if (missing.isEmpty()) {
            throw new InvalidValue("missing", "name the missing materials");
        }
        return List.of(visitEnded(now), new WaitingForMaterials(List.copyOf(missing), serviceCardLeft, ownerAsksUsToBuy, now));
    }

    public List<DispatchEvent> materialsAvailable(String note, Instant now) {
        requireOpen();
        if (!waitingForMaterials) {
            throw new RuleViolation("resume-only-when-waiting", status.name(), "the order is not waiting for materials");
        }
        return List.of(new MaterialsAvailable(note, now));
    }

    // ---- step 7 ------------------------------------------------------------------------------

    /**
     * Completion ends the visit: handling time is final. It records 三到位 and step 7's 交代注意事项
     * ({@link CompletionChecks}), which the owner then signs under; the team leader's review and the
     * customer center's archive are due by the end of the site-local day (当日).
     *
     * @throws InvalidValue {@code checks} missing, or {@code checks.skippedReason} missing when one was skipped
     */
    public List<DispatchEvent> complete(String result, List<PerformedItem> items, List<MaterialLine> materials,
                                        String technicianSignatureRef, CompletionChecks checks, Instant now) {
        requireOpen();
        requireIn("complete-on-site", DispatchStatus.ON_SITE);
        if (!workStarted) {
            throw new RuleViolation("start-work-before-completing", status.name(), "work was not started");
        }
        if (result == null || result.isBlank()) {
            throw new InvalidValue("result", "is required");
        }
        if (technicianSignatureRef == null || technicianSignatureRef.isBlank()) {
            throw new InvalidValue("technicianSignatureRef", "the technician signs the dispatch order");
        }
        if (checks == null) {
            throw new InvalidValue("checks", "record whether the site was cleaned, the work tested and demonstrated, "
                    + "and the use explained with its precautions (三到位)");
        }
        if (!checks.allDone() && (checks.skippedReason() == null || checks.skippedReason().isBlank())) {
            throw new InvalidValue("checks.skippedReason", "say why " + String.join(", ", checks.skipped()) + " was not done");
        }
        VisitEnded end = visitEnded(now);
        List<DispatchEvent.Visit> allVisits = new ArrayList<>(visitIntervals);
        allVisits.add(new DispatchEvent.Visit(end.startedAt(), end.endedAt()));
        return List.of(end, new WorkCompleted(result.strip(), List.copyOf(items), List.copyOf(materials),
                technicianSignatureRef, end.handlingSecondsSoFar(), List.copyOf(allVisits), technicianId, paid, part,
                surveyedWarranty, checks.normalised(), endOfDay(now, zone), end.endedAt()));
    }

    /** 验收, 签字, 评价. */
    public List<DispatchEvent> ownerAccepts(String signatureRef, int rating, String comment, Instant now) {
        requireOpen();
        requireIn("sign-off-after-completion", DispatchStatus.COMPLETED);
        if (signatureRef == null || signatureRef.isBlank()) {
            throw new InvalidValue("signatureRef", "is required");
        }
        if (rating < 1 || rating > 5) {
            throw new InvalidValue("rating", "must be 1 to 5");
        }
        return List.of(new OwnerAccepted(signatureRef, rating, comment, now));
    }

    /** 特殊情况可由班长核实后直接归档. */
    public List<DispatchEvent> verifyWithoutOwnerSignature(String teamLeaderId, String reason, Instant now) {
        requireOpen();
        requireIn("sign-off-after-completion", DispatchStatus.COMPLETED);
        if (reason == null || reason.isBlank()) {
            throw new InvalidValue("reason", "a sign-off without the owner needs a reason");
        }
        return List.of(new VerifiedWithoutOwnerSignature(teamLeaderId, reason.strip(), now));
    }

    /** 回到值班室后交值班组长审核. */
    public List<DispatchEvent> review(String teamLeaderId, String note, Instant now) {
        requireOpen();
        requireIn("review-after-sign-off", DispatchStatus.SIGNED_OFF);
        return List.of(new ReviewedByTeamLeader(teamLeaderId, note, now));
    }

    /** 客户中心当日进行归档. */
    public List<DispatchEvent> archive(String agentId, Instant now) {
        requireOpen();
        requireIn("archive-after-review", DispatchStatus.REVIEWED);
        return List.of(new Archived(agentId, now));
    }

    /** 如需继续跟踪(未转协调),必须写明原因及经办人员、时间. */
    public List<DispatchEvent> continueTracking(String reason, String handler, Instant now) {
        requireOpen();
        requireDispatched();
        if (status.isWorkDone()) {
            throw new RuleViolation("track-unfinished-orders", status.name(), "the work is done");
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidValue("reason", "is required");
        }
        if (handler == null || handler.isBlank()) {
            throw new InvalidValue("handler", "is required");
        }
        return List.of(new TrackingContinued(reason.strip(), handler.strip(), now));
    }

    /** 不含特殊情况: the team leader exempts a special case from conversion, with a reason. */
    public List<DispatchEvent> exemptFromConversion(String teamLeaderId, String reason, Instant now) {
        requireOpen();
        if (converted) {
            throw new RuleViolation("exempt-before-conversion", status.name(), "the order was already converted");
        }
        if (exempted) {
            throw new RuleViolation("exempt-once", status.name(), "the order is already exempted");
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidValue("reason", "an exemption needs a reason");
        }
        return List.of(new ConversionExempted(teamLeaderId, reason.strip(), now));
    }

    // ---- state -------------------------------------------------------------------------------

    public void apply(DispatchEvent event) {
        if (event instanceof DispatchOpened e) {
            orderId = e.orderId();
            siteId = e.siteId();
            zone = ZoneId.of(e.siteTimeZone());
            locationKind = e.locationKind();
            warranty = e.warranty();
            agreedVisitAt = e.agreedVisitAt();
            status = DispatchStatus.OPEN;
        } else if (event instanceof DispatchDetailsUpdated e) {
            if (e.warranty() != null) {
                warranty = e.warranty();
            }
            if (e.agreedVisitAt() != null) {
                agreedVisitAt = e.agreedVisitAt();
            }
        } else if (event instanceof DispatchWithdrawn) {
            status = DispatchStatus.WITHDRAWN;
        } else if (event instanceof TechnicianAssigned e) {
            technicianId = e.technicianId();
            arrivalDueAt = e.arrivalDueAt();
            lastAssignedAt = e.assignedAt();
            status = DispatchStatus.ASSIGNED;
        } else if (event instanceof ConversionDeadlineSet e) {
            conversionRule = e.rule();
            conversionDueAt = e.dueAt();
            conversionClockStartedAt = lastAssignedAt; // recorded together with the first TechnicianAssigned (D16)
        } else if (event instanceof ConversionDeadlineMoved e) {
            conversionDueAt = e.dueAt();
        } else if (event instanceof AssignmentAccepted) {
            status = DispatchStatus.ACCEPTED;
        } else if (event instanceof MaterialsRequisitioned e) {
            requisitionsIssued.put(e.requisitionId(), false);
        } else if (event instanceof MaterialsIssued e) {
            requisitionsIssued.put(e.requisitionId(), true);
        } else if (event instanceof ArrivalOverdue e) {
            overdueRaisedFor = e.dueAt();
        } else if (event instanceof AppointmentBooked e) {
            arrivalDueAt = e.arrivalDueAt();
            if (status == DispatchStatus.AWAITING_APPOINTMENT || status == DispatchStatus.PAUSED) {
                status = DispatchStatus.ACCEPTED;
            }
        } else if (event instanceof OwnerNotHome) {
            arrivalDueAt = null;
            status = DispatchStatus.AWAITING_APPOINTMENT;
        } else if (event instanceof VisitStarted e) {
            visits = e.visitNumber();
            visitStartedAt = e.at();
            arrivalDueAt = null;
            waitingForMaterials = false;
            status = DispatchStatus.ON_SITE;
        } else if (event instanceof VisitEnded e) {
            handlingSeconds = e.handlingSecondsSoFar();
            visitIntervals.add(new DispatchEvent.Visit(e.startedAt(), e.endedAt()));
            visitStartedAt = null;
            status = DispatchStatus.PAUSED;
        } else if (event instanceof SurveyRecorded e) {
            surveyed = true;
            paid = e.paid();
            part = e.part();
            surveyedWarranty = e.warranty();
        } else if (event instanceof QuoteAcceptanceNoted) {
            quoteAccepted = true;
        } else if (event instanceof QuoteDeclineNoted) {
            quoteAccepted = false;
        } else if (event instanceof RiskDisclosed) {
            riskDisclosed = true;
            riskConsented = false;
        } else if (event instanceof RiskConsentRecorded e) {
            riskConsented = e.consented();
        } else if (event instanceof WorkStarted) {
            workStarted = true;
        } else if (event instanceof WaitingForMaterials) {
            waitingForMaterials = true;
        } else if (event instanceof MaterialsAvailable) {
            waitingForMaterials = false;
        } else if (event instanceof WorkCompleted e) {
            status = DispatchStatus.COMPLETED;
            sameDayDueAt = e.reviewAndArchiveDueAt() != null ? e.reviewAndArchiveDueAt() : endOfDay(e.at(), zone);
        } else if (event instanceof ReviewOverdue) {
            reviewOverdue = true;
        } else if (event instanceof ArchiveOverdue) {
            archiveOverdue = true;
        } else if (event instanceof OwnerAccepted || event instanceof VerifiedWithoutOwnerSignature) {
            status = DispatchStatus.SIGNED_OFF;
        } else if (event instanceof ReviewedByTeamLeader) {
            status = DispatchStatus.REVIEWED;
        } else if (event instanceof Archived) {
            status = DispatchStatus.ARCHIVED;
        } else if (event instanceof ConversionExempted) {
            exempted = true;
        } else if (event instanceof ConvertedToCoordination) {
            converted = true;
        }
        // AppointmentRefused, EscalatedToTeamLeader, ReporterContacted, TrackingContinued change no state the rules read.
    }

    public DispatchStatus status() {
        return status;
    }

    public boolean exists() {
        return status != null;
    }

    public String siteId() {
        return siteId;
    }

    public String technicianId() {
        return technicianId;
    }

    public long handlingSeconds() {
        return handlingSeconds;
    }

    // What the read models show, as this state machine decided it (null / false / 0 until decided).

    public boolean warranty() {
        return warranty;
    }

    /** When arrival is due now; null when no arrival is awaited (not assigned, owner not home, on site). */
    public Instant arrivalDueAt() {
        return arrivalDueAt;
    }

    public ConversionRule conversionRule() {
        return conversionRule;
    }

    public Instant conversionDueAt() {
        return conversionDueAt;
    }

    public boolean converted() {
        return converted;
    }

    /** The same-day review (当日检查) was missed: raised at the end of the completion day. */
    public boolean reviewOverdue() {
        return reviewOverdue;
    }

    /** The same-day archive (当日归档) was missed: raised at the end of the completion day. */
    public boolean archiveOverdue() {
        return archiveOverdue;
    }

    /**
     * Whether the order is still converted to a coordination order when its conversion deadline
     * passes: dispatched, not converted, not exempted, work not done, not closed.
     */
    public boolean conversionPending() {
        return conversionDueAt != null && !converted && !exempted && !status.isClosed() && !status.isWorkDone();
    }

    public int visits() {
        return visits;
    }

    /** The survey found paid work (有偿). */
    public boolean paid() {
        return paid;
    }

    public boolean quoteAccepted() {
        return quoteAccepted;
    }

    public boolean waitingForMaterials() {
        return waitingForMaterials;
    }

    // ---- rules -------------------------------------------------------------------------------

    /** The first instant of the site-local day after the one {@code at} falls in: 当日 ends there. */
    static Instant endOfDay(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    private VisitEnded visitEnded(Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.SECONDS);
        long seconds = Duration.between(visitStartedAt, end).getSeconds();
        return new VisitEnded(visits, visitStartedAt, end, seconds, handlingSeconds + seconds);
    }

    private void requireOpen() {
        if (status == null) {
            throw new IllegalStateException("no such dispatch order");
        }
        if (status == DispatchStatus.ARCHIVED) {
            throw new RuleViolation("archived-orders-are-closed", status.name(), "order " + orderId + " is archived");
        }
        if (status == DispatchStatus.WITHDRAWN) {
            throw new RuleViolation("withdrawn-orders-are-closed", status.name(), "order " + orderId + " was withdrawn");
        }
    }

    private void requireDispatched() {
        if (technicianId == null) {
            throw new RuleViolation("assign-first", status.name(), "no technician is assigned yet");
        }
    }

    private void requireAssignedTo(String technician) {
        requireDispatched();
        if (!technicianId.equals(technician)) {
            throw new RuleViolation("only-the-assigned-technician", status.name(),
                    "the order is assigned to " + technicianId + ", not " + technician);
        }
    }

    private void requireIn(String rule, DispatchStatus... allowed) {
        if (!Set.of(allowed).contains(status)) {
            throw new RuleViolation(rule, status.name(), "not allowed while the order is " + status.name().toLowerCase().replace('_', ' '));
        }
    }
}
