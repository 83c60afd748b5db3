package doorstep.intake.forms;

import java.util.List;

/**
 * What the printed dispatch order (派工单) shows, every value already written for people ({@link FormText}): empty
 * text where nothing was recorded (yet). Built by {@link DispatchOrderForm} from an order's timeline.
 *
 * @param header     the order number, site, the time the form stands at and the order's standing
 * @param report     the five elements (派工单五要素) and the report's other facts, as last amended
 * @param assignment the technician and the appointment
 * @param visits     each visit and the accumulated handling time (处理时间)
 * @param survey     the survey: paid or free, private or common part, warranty
 * @param bill       service items and materials with their prices, quote, charge, payments, balance
 * @param completion the result (处理结果), completion checks (三到位), tracking or conversion, technician's signature
 * @param acceptance the owner's acceptance, rating and signature, or the team leader's verification without it
 * @param closing    the team leader's review and the customer center's archiving
 */
public record DispatchSheet(Header header, Report report, Assignment assignment, Visits visits, Survey survey, Bill bill,
                            Completion completion, Acceptance acceptance, Closing closing) {

    /** @param asOf the local time of the last event the form shows; {@code events} how many it read */
    public record Header(String orderNumber, String orderId, String siteId, String timeZone, String asOf, int events, String status) {
    }

    /** 报事户位, 报事人, 上门时间, 报事内容, 联系电话, and when, how and by whom it was reported. */
    public record Report(String location, String locationKind, String unitId, String reporterName, String reporterPhone,
                         String reporterPhoneExtension, String reporterPhoneDial, String visitTime, String content,
                         String reportedAt, String channel, String reportingDepartment, String warranty,
                         String legalOwnerName, String legalOwnerPhones, String repeatOf, String amendedAt,
                         String cancelledAt, String cancelReason) {
    }

    /** The technician assigned (the last assignment), when they accepted, and the appointment booked with the owner. */
    public record Assignment(String technicianName, String technicianId, String assignedAt, String arrivalDueAt,
                             String acceptedAt, String appointmentAt, String appointmentBookedBy, String appointmentNote) {
    }

    /**
     * @param handlingSeconds the sum of the ended visits' durations (多次处理应将时间进行累加计时, D22)
     * @param inProgress      a visit has started and not ended: its time is not in the sum yet
     */
    public record Visits(List<Visit> list, String handlingTime, long handlingSeconds, boolean inProgress) {
    }

    /**
     * @param technicianId who visited (a reassigned order's visits may be by different technicians)
     * @param onTime       是/否: arrived in time (15 minutes, or before the appointment)
     */
    public record Visit(int number, String technicianId, String startedAt, String endedAt, String duration, long durationSeconds,
                        String onTime) {
    }

    /** 现场勘察: 有偿服务 or 无偿服务, 私有部位 or 公共部位, under warranty (是/否), the technician's notes. */
    public record Survey(String at, String paid, String part, String warranty, String notes) {
    }

    /**
     * @param charged    a charge was raised: {@code lines} hold its items and materials with unit price and amount
     * @param performed  without a charge, the service items the technician recorded (no price)
     * @param materials  without a charge, the materials the technician recorded (no price)
     * @param balance    what the owner still owes: charge + adjustments − payments + refunds
     */
    public record Bill(boolean charged, List<Line> lines, List<Absorbed> absorbed, String scheduleVersion, String total,
                       String chargedAt, List<Performed> performed, List<MaterialUsed> materials, String noChargeReason,
                       List<Money> adjustments, List<Payment> payments, List<Money> refunds, String balance,
                       String quoteId, String quoteTotal, String quoteAcceptedAt, String quoteSignature) {
    }

    /** A charged line: unit price and amount in yuan. */
    public record Line(String kind, String code, String name, int quantity, String unit, String unitPrice, String amount,
                       String basis) {
    }

    /** A service item not charged because a higher standard was charged in its 30-minute window (就高不就低). */
    public record Absorbed(String code, int window, String price, String chargedInstead) {
    }

    /** A service item the technician recorded as done (unpriced: no charge was raised). */
    public record Performed(String code, String performedAt) {
    }

    /** A material the technician recorded as used (unpriced: no charge was raised); {@code code} empty when off-schedule. */
    public record MaterialUsed(String code, String name, int quantity) {
    }

    /** An adjustment or a refund: amount in yuan, why, by whom, when. */
    public record Money(String amount, String reason, String by, String at) {
    }

    /** A payment received: amount in yuan, method, payer (personal), who received it, when. */
    public record Payment(String amount, String method, String payer, String receivedBy, String at) {
    }

    /**
     * 处理结果 and 三到位 (是/否 each, the reason when one was skipped), tracking continued without conversion, the
     * conversion to a coordination order, and the technician's signature reference.
     */
    public record Completion(String completedAt, String result, String siteCleaned, String testedAndDemonstrated,
                             String useExplained, String skippedReason, List<Continued> continued, String convertedAt,
                             String conversionRule, String coordinationNumber, String technicianId, String technicianSignature) {
    }

    /** 如需继续跟踪(未转协调),必须写明原因及经办人员、时间. */
    public record Continued(String reason, String handler, String at) {
    }

    /** @param verified the team leader verified the work without the owner's signature (特殊情况由班长核实) */
    public record Acceptance(String rating, String comment, String ownerSignature, String signedAt, boolean verified,
                             String verifiedBy, String verifiedReason, String verifiedAt) {
    }

    /** 交班长审核 (team leader's review, same day) and 客户中心归档 (archiving). */
    public record Closing(String reviewedBy, String reviewedAt, String reviewNote, String archivedBy, String archivedAt) {
    }
}
