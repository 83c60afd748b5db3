package doorstep.intake.desk;

import java.time.Instant;
import java.util.List;

import doorstep.intake.desk.DeskEvents.Location;
import doorstep.intake.desk.DeskEvents.VisitTime;

/**
 * One order as the customer-center desk sees it across the four services (D53), as it stood at {@code asOf}:
 * a fold of the order's events in causal order ({@link DeskFold}). Times are instants; money is in fen.
 * Personal fields read 已删除 once the order's personal data was erased (D48).
 *
 * @param stage       the order's latest milestone across the services ({@link DeskStage})
 * @param deadlines   the current deadline of each kind that has applied to the order, each with its own state
 * @param overdue     whether any deadline is {@link DeadlineState#OVERDUE} at {@code asOf}: the desk's attention flag
 * @param events      how many events of the four services the view folds
 * @param lastEventAt when the latest of them happened
 */
public record DeskView(
        String orderId,
        String orderNumber,
        String siteId,
        String siteTimeZone,
        DeskStage stage,
        Location location,
        DeskReporter reporter,
        VisitTime visitTime,
        String content,
        String channel,
        Boolean warranty,
        Instant reportedAt,
        String repeatOf,
        Cancellation cancellation,
        TechnicianView technician,
        Instant appointmentAt,
        List<Deadline> deadlines,
        List<Visit> visits,
        long handlingSeconds,
        WorkView work,
        Acceptance acceptance,
        Instant reviewedAt,
        Instant archivedAt,
        Money money,
        CoordinationView coordination,
        CallbackView callback,
        RetentionView retention,
        boolean personalDataErased,
        boolean overdue,
        Instant asOf,
        int events,
        Instant lastEventAt) {

    /** The reporter (报事人) and their phone (联系电话); personal: clear, or 已删除. */
    public record DeskReporter(String name, String phone, String phoneExtension) {
    }

    /** 取消: by the customer center before dispatch ({@code OrderCancelled}) or withdrawn from dispatch. */
    public record Cancellation(String reason, Instant at) {
    }

    /** The technician now on the order, when they were assigned and accepted (the latest assignment). */
    public record TechnicianView(String id, String name, Instant assignedAt, Instant acceptedAt) {
    }

    /**
     * One deadline of the order (时限): its kind, what set it ({@code basis}: {@code FIFTEEN_MINUTE_RULE} or
     * {@code APPOINTMENT} for an arrival, the conversion rule for a conversion), when it is due, when it was met, its
     * state at the view's instant, and whether it was missed ({@code overdue}: {@code OVERDUE} or {@code MET_LATE}).
     */
    public record Deadline(DeadlineKind kind, String basis, Instant dueAt, Instant metAt, DeadlineState state, boolean overdue) {
    }

    /**
     * One visit (上门) with its duration in seconds; for a visit that met an arrival deadline, whether it was on time
     * (dispatch's judgement) and what set the deadline ({@code FIFTEEN_MINUTE_RULE} or {@code APPOINTMENT}).
     */
    public record Visit(int number, Instant startedAt, Instant endedAt, Long durationSeconds, Boolean onTime, String arrivalBasis) {
    }

    /** 处理结果: the work's result, whether it was paid work, when it was completed. */
    public record WorkView(String result, boolean paid, Instant completedAt) {
    }

    /** The owner's acceptance (验收): rating 1–5 and comment, or verified by a team leader without the owner's signature. */
    public record Acceptance(Integer rating, String comment, boolean signedByOwner, String verifiedBy, Instant at) {
    }

    /**
     * The bill in fen: the quote and its state, the charge, adjustments (signed), payments, refunds and what the owner
     * still owes ({@code balanceFen} = charged + adjusted − paid + refunded, billing's published arithmetic), or why
     * there is no charge.
     */
    public record Money(String quoteId, Long quoteFen, String quoteState, String chargeId, long chargedFen, long adjustedFen,
                        long paidFen, long refundedFen, long balanceFen, String noChargeReason) {
    }

    /** The coordination order (协调单): its number, the conversion, tracker, entries and pages, checks this month, result. */
    public record CoordinationView(String number, String rule, Instant convertedAt, Instant openedAt, String trackerId, int entries, int pages,
                                   Instant lastEntryAt, int leaderChecks, int supervisorChecks, String result,
                                   Instant resolvedAt, Instant archivedAt) {
    }

    /** The callback (回访): its state, attempts, and the resident's satisfaction 1–5 once reached. */
    public record CallbackView(String state, int attempts, Integer satisfaction, Boolean problemPersists, Instant at) {
    }

    /** How long the order's record is kept (保存期限): its kind, until when (null: for ever), and when it expired. */
    public record RetentionView(String recordKind, Instant retainUntil, Instant expiredAt) {
    }
}
