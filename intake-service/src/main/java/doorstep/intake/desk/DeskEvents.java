package doorstep.intake.desk;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.domain.Nullable;

/**
 * What the order desk reads of each service's events (decision D53): only the fields its view shows, as
 * typed records held to the producers' published schemas like every consumer's ({@code @ForeignEvent},
 * D50). Events of other types are kept and shown in the timeline, but change nothing in the view.
 */
public final class DeskEvents {

    private DeskEvents() {
    }

    // intake (报事, the customer center)

    /** The five elements (派工单五要素) and the rest of the report. */
    @ForeignEvent(service = "intake")
    public record ProblemReported(String orderId, String orderNumber, String siteId, String siteTimeZone, Location location,
                                  Reporter reporter, VisitTime visitTime, String content, String channel, boolean warranty,
                                  Instant reportedAt, @Nullable String repeatOf) {
    }

    /** Where the problem is: in a unit (户位) or a public area. */
    public record Location(String kind, @Nullable String unitId, @Nullable String unitLabel, @Nullable String publicArea) {
    }

    /** Who reported it; {@code name} is personal (clear, or 已删除). */
    public record Reporter(String name, Phone phone) {
    }

    /** A phone as written on the order; {@code canonical} is personal. */
    public record Phone(String canonical, @Nullable(absentInOlderEvents = true) String extension) {
    }

    /** 上门时间: as soon as possible, or a time agreed with the reporter. */
    public record VisitTime(boolean asSoonAsPossible, @Nullable Instant agreedAt) {
    }

    @ForeignEvent(service = "intake")
    public record OrderAmended(@Nullable Reporter reporter, @Nullable VisitTime visitTime, @Nullable String content,
                               @Nullable Boolean warranty, Instant amendedAt) {
    }

    @ForeignEvent(service = "intake")
    public record OrderCancelled(String reason, Instant cancelledAt) {
    }

    @ForeignEvent(service = "intake")
    public record OrderDispatched(String technicianId, Instant dispatchedAt) {
    }

    /** The custodian destroyed the order's key: every personal value reads 已删除 from now on (D48). */
    @ForeignEvent(service = "intake", type = "PersonalDataErased")
    public record PersonalDataErased(Instant erasedAt) {
    }

    // dispatch (上门服务)

    @ForeignEvent(service = "dispatch")
    public record TechnicianAssigned(String technicianId, String technicianName, Instant assignedAt, Instant arrivalDueAt,
                                     @Nullable String previousTechnicianId) {
    }

    @ForeignEvent(service = "dispatch")
    public record AssignmentAccepted(String technicianId, Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record AppointmentBooked(Instant appointmentAt, Instant arrivalDueAt) {
    }

    @ForeignEvent(service = "dispatch")
    public record ArrivalOverdue(Instant dueAt, Instant detectedAt) {
    }

    @ForeignEvent(service = "dispatch")
    public record VisitStarted(int visitNumber, Instant at, boolean onTime, String technicianId) {
    }

    @ForeignEvent(service = "dispatch")
    public record VisitEnded(int visitNumber, Instant startedAt, Instant endedAt, long durationSeconds, long handlingSecondsSoFar) {
    }

    @ForeignEvent(service = "dispatch")
    public record OwnerNotHome(Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record WorkStarted(Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record WaitingForMaterials(Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record MaterialsAvailable(Instant at) {
    }

    /** The work is done: its result, the handling time to the second (D22) and the review-and-archive due time. */
    @ForeignEvent(service = "dispatch")
    public record WorkCompleted(String result, long handlingSeconds, boolean paid, Instant reviewAndArchiveDueAt, Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record OwnerAccepted(int rating, @Nullable String comment, Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record VerifiedWithoutOwnerSignature(String teamLeaderId, Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record ReviewedByTeamLeader(String teamLeaderId, Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record Archived(Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record ReviewOverdue(Instant dueAt) {
    }

    @ForeignEvent(service = "dispatch")
    public record ArchiveOverdue(Instant dueAt) {
    }

    @ForeignEvent(service = "dispatch")
    public record ConversionDeadlineSet(Instant dueAt, String rule) {
    }

    @ForeignEvent(service = "dispatch")
    public record ConversionDeadlineMoved(Instant dueAt, String rule) {
    }

    @ForeignEvent(service = "dispatch")
    public record ConversionExempted(Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record ConvertedToCoordination(String rule, Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record EscalatedToTeamLeader(String reason, Instant at) {
    }

    @ForeignEvent(service = "dispatch")
    public record DispatchWithdrawn(String reason, Instant at) {
    }

    // billing (特约服务收费)

    @ForeignEvent(service = "billing")
    public record QuoteIssued(String quoteId, long totalFen, Instant at) {
    }

    @ForeignEvent(service = "billing")
    public record QuoteAccepted(String quoteId, Instant acceptedAt) {
    }

    @ForeignEvent(service = "billing")
    public record QuoteDeclined(String quoteId, Instant declinedAt) {
    }

    @ForeignEvent(service = "billing")
    public record ChargeRaised(String chargeId, long totalFen, Instant at) {
    }

    @ForeignEvent(service = "billing")
    public record ChargeAdjusted(long amountFen, Instant at) {
    }

    @ForeignEvent(service = "billing")
    public record PaymentRecorded(long amountFen, Instant at) {
    }

    @ForeignEvent(service = "billing")
    public record RefundIssued(long amountFen, Instant at) {
    }

    @ForeignEvent(service = "billing")
    public record NoChargeRecorded(String reason, Instant at) {
    }

    // followup (协调单, 回访, 保存期限)

    @ForeignEvent(service = "followup")
    public record CoordinationOrderOpened(String coordinationNumber, String conversionRule, Instant convertedAt,
                                          @Nullable String trackerId, Instant firstEntryDueAt, Instant firstChecksDueAt, Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record TrackerAssigned(String trackerId, Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record TrackingEntryRecorded(int entryNumber, int page, Instant trackedAt, Instant nextEntryDueAt, Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record TrackingEntryOverdue(Instant dueAt, Instant nextEntryDueAt) {
    }

    @ForeignEvent(service = "followup")
    public record CheckSignedOff(String cadence, Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record CheckMonthClosed(String month, Instant nextChecksDueAt) {
    }

    @ForeignEvent(service = "followup")
    public record CheckOverdue(String cadence, String month) {
    }

    @ForeignEvent(service = "followup")
    public record CoordinationResolved(String result, Instant archiveDueAt, Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record CoordinationArchiveOverdue(Instant dueAt) {
    }

    @ForeignEvent(service = "followup")
    public record CoordinationArchived(Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record CallbackScheduled(Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record CallbackNotReached(int attempt, Instant at) {
    }

    /** The callback (回访) reached the resident: satisfaction 1–5 and whether the problem persists. */
    @ForeignEvent(service = "followup")
    public record CallbackCompleted(int satisfaction, boolean problemPersists, Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record CallbackAbandoned(int attempts, Instant at) {
    }

    @ForeignEvent(service = "followup")
    public record RetentionScheduled(String recordKind, @Nullable Instant retainUntil) {
    }

    @ForeignEvent(service = "followup")
    public record RetentionExpired(Instant at) {
    }

    /**
     * The record each event of the desk's interest is read as, by {@code <service>.<type>}: the types the view
     * folds. Every other event of an order is kept for the timeline only.
     */
    public static final Map<String, Class<? extends Record>> READS = reads();

    /** Events that are not about an order (calendars, fee schedules): the desk does not keep them. */
    public static final Set<String> NOT_ABOUT_AN_ORDER = Set.of("dispatch.CalendarYearPublished", "dispatch.CalendarDayCorrected",
            "billing.FeeScheduleDrafted", "billing.FeeScheduleRevised", "billing.FeeScheduleActivated");

    private static Map<String, Class<? extends Record>> reads() {
        Function<Class<? extends Record>, String> key = c -> {
            ForeignEvent contract = c.getAnnotation(ForeignEvent.class);
            return contract.service() + "." + (contract.type().isEmpty() ? c.getSimpleName() : contract.type());
        };
        Map<String, Class<? extends Record>> reads = new java.util.TreeMap<>();
        for (Class<?> nested : DeskEvents.class.getDeclaredClasses()) {
            if (nested.isAnnotationPresent(ForeignEvent.class)) {
                @SuppressWarnings("unchecked")
                Class<? extends Record> record = (Class<? extends Record>) nested;
                reads.put(key.apply(record), record);
            }
        }
        return Map.copyOf(reads);
    }
}
