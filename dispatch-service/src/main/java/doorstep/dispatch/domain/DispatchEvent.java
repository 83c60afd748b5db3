package doorstep.dispatch.domain;

import java.time.Instant;
import java.util.List;

import doorstep.platform.domain.Nullable;
import doorstep.platform.domain.Personal;

/**
 * What happens to a dispatch order (派工单) from the engineering department's side, in the order of
 * the source document's steps 1–7. Published on {@code doorstep.dispatch.events}, one JSON Schema per
 * event under {@code /schemas/dispatch/}. Fields marked {@link Personal} (the reporter's name and phone, the
 * owner's words and signatures) are sealed under the order's data key and read 已删除 once the order's
 * personal data was erased (D48); technicians' and team leaders' notes are staff records and stay in clear.
 */
public sealed interface DispatchEvent {

    // ---- opened from intake's report, kept in step with it ------------------------------------

    /**
     * Intake reported the problem: the dispatch order waits for a technician. {@code reporterPhone} is
     * the number to dial (canonical), {@code reporterPhoneExtension} the extension (分机) to dial after
     * it, or null. Version 2: the extension is always present; version 1 events written before D40 lack it
     * and are read through an upcaster ({@code DispatchEvents}, D50).
     */
    record DispatchOpened(String orderId, String orderNumber, String siteId, String siteTimeZone,
                          LocationKind locationKind, @Nullable String unitId, @Nullable String unitLabel, boolean warranty,
                          @Nullable Instant agreedVisitAt, String content, @Personal String reporterName, @Personal String reporterPhone,
                          Instant reportedAt, @Personal @Nullable String reporterPhoneExtension) implements DispatchEvent {
    }

    /**
     * Intake corrected details before dispatch; absent parts are null. With a new {@code reporterPhone},
     * {@code reporterPhoneExtension} is its extension (null: none). Version 2 like {@link DispatchOpened}.
     */
    record DispatchDetailsUpdated(@Nullable String content, @Nullable Boolean warranty, @Nullable Instant agreedVisitAt,
                                  @Personal @Nullable String reporterName, @Personal @Nullable String reporterPhone,
                                  @Personal @Nullable String reporterPhoneExtension) implements DispatchEvent {
    }

    /** Intake withdrew the order. Its deadlines end. */
    record DispatchWithdrawn(String reason, Instant at) implements DispatchEvent {
    }

    // ---- step 1: dispatch and preparation -----------------------------------------------------

    /** The customer center assigned (or reassigned) a technician; arrival is due by {@code arrivalDueAt}. */
    record TechnicianAssigned(String technicianId, String technicianName, @Nullable String previousTechnicianId,
                              Instant assignedAt, Instant arrivalDueAt) implements DispatchEvent {
    }

    /** Set at the first dispatch: when the order becomes a coordination order unless completed. */
    record ConversionDeadlineSet(ConversionRule rule, Instant dueAt) implements DispatchEvent {
    }

    /**
     * The working calendar changed after the deadline was set: the conversion deadline moves from
     * {@code previousDueAt} to {@code dueAt}; {@code reason} names the calendar change.
     */
    record ConversionDeadlineMoved(ConversionRule rule, Instant previousDueAt, Instant dueAt, String reason) implements DispatchEvent {
    }

    record AssignmentAccepted(String technicianId, Instant at) implements DispatchEvent {
    }

    /** The technician phoned the reporter and verified (or clarified) the content; tools and materials prepared. */
    record ReporterContacted(boolean contentClarified, @Personal @Nullable String clarification, List<String> preparedTools,
                             List<String> preparedMaterials, Instant at) implements DispatchEvent {
    }

    record MaterialsRequisitioned(String requisitionId, List<MaterialLine> items, Instant at) implements DispatchEvent {
    }

    record MaterialsIssued(String requisitionId, String issuedBy, Instant at) implements DispatchEvent {
    }

    // ---- step 2: arrival time, appointments ---------------------------------------------------

    /** Nobody arrived by the deadline and no appointment covered it. Raised once per deadline. */
    record ArrivalOverdue(Instant dueAt, Instant detectedAt) implements DispatchEvent {
    }

    /** The owner agreed a visit time: arrive at least 3 minutes before it. */
    record AppointmentBooked(Instant appointmentAt, Instant arrivalDueAt, String bookedBy, @Personal @Nullable String note)
            implements DispatchEvent {
    }

    /** The owner did not agree to the proposed time. */
    record AppointmentRefused(Instant proposedAt, @Personal @Nullable String note) implements DispatchEvent {
    }

    /** The owner was not home: the customer center books a new appointment. */
    record OwnerNotHome(@Personal @Nullable String note, Instant at) implements DispatchEvent {
    }

    record EscalatedToTeamLeader(EscalationReason reason, @Nullable String note, Instant at) implements DispatchEvent {
    }

    // ---- steps 3–6: visits, survey, work ------------------------------------------------------

    /** Arrival in the home: handling time starts. */
    record VisitStarted(int visitNumber, String technicianId, Instant at, boolean onTime) implements DispatchEvent {
    }

    /** The visit ended; handling time is counted to the second and accumulates across visits. */
    record VisitEnded(int visitNumber, Instant startedAt, Instant endedAt, long durationSeconds,
                      long handlingSecondsSoFar) implements DispatchEvent {
    }

    record SurveyRecorded(boolean paid, Part part, boolean warranty, @Nullable String notes, Instant at) implements DispatchEvent {
    }

    /** Billing's quote was accepted by the owner: paid work may start. */
    record QuoteAcceptanceNoted(String quoteId, Instant acceptedAt) implements DispatchEvent {
    }

    record QuoteDeclineNoted(String quoteId, Instant declinedAt) implements DispatchEvent {
    }

    /** A foreseeable risk was explained to the owner (e.g. drilling without a pipeline drawing). */
    record RiskDisclosed(String description, Instant at) implements DispatchEvent {
    }

    record RiskConsentRecorded(boolean consented, @Personal @Nullable String signatureRef, Instant at) implements DispatchEvent {
    }

    record WorkStarted(Instant at) implements DispatchEvent {
    }

    /** Materials are missing: a service card was left, the owner buys them or asks us to. */
    record WaitingForMaterials(List<MaterialLine> missing, boolean serviceCardLeft, boolean ownerAsksUsToBuy, Instant at)
            implements DispatchEvent {
    }

    /** The owner called back: the materials are there, work can go on. */
    record MaterialsAvailable(@Nullable @Personal String note, Instant at) implements DispatchEvent {
    }

    // ---- step 7: completion, sign-off, review, archive ----------------------------------------

    /**
     * The work is done. Self-contained for billing: the survey's answer (paid, part, warranty), every
     * visit's interval (handling time is their sum) and the technician who did it.
     */
    record WorkCompleted(String result, List<PerformedItem> serviceItems, List<MaterialLine> materialsUsed,
                         @Personal String technicianSignatureRef, long handlingSeconds, List<Visit> visits, String technicianId,
                         boolean paid, @Nullable Part part, boolean warranty, CompletionChecks checks,
                         Instant reviewAndArchiveDueAt, Instant at) implements DispatchEvent {
    }

    /** One visit's interval in the home. */
    record Visit(Instant startedAt, Instant endedAt) {
    }

    /** The owner accepted the work (验收), signed and rated it. */
    record OwnerAccepted(@Personal String signatureRef, int rating, @Personal @Nullable String comment, Instant at) implements DispatchEvent {
    }

    /** Special case: the team leader verified the work and lets it be archived without the owner's signature. */
    record VerifiedWithoutOwnerSignature(String teamLeaderId, String reason, Instant at) implements DispatchEvent {
    }

    record ReviewedByTeamLeader(String teamLeaderId, @Nullable String note, Instant at) implements DispatchEvent {
    }

    record Archived(String archivedBy, Instant at) implements DispatchEvent {
    }

    // ---- tracking and conversion --------------------------------------------------------------

    /** Tracking goes on without conversion: reason, handler and time recorded, as the source requires. */
    record TrackingContinued(String reason, String handler, Instant at) implements DispatchEvent {
    }

    record ConversionExempted(String teamLeaderId, String reason, Instant at) implements DispatchEvent {
    }

    /** Not completed in time: followup-service opens a coordination order (协调单) with a tracker. */
    record ConvertedToCoordination(ConversionRule rule, Instant dueAt, Instant at) implements DispatchEvent {
    }

    // ---- same-day review and archive (当日) ------------------------------------------------------

    /** The team leader had not reviewed the completed order by the end of the completion day. */
    record ReviewOverdue(Instant dueAt, Instant detectedAt) implements DispatchEvent {
    }

    /** The customer center had not archived the completed order by the end of the completion day. */
    record ArchiveOverdue(Instant dueAt, Instant detectedAt) implements DispatchEvent {
    }
}
