package doorstep.billing.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import doorstep.billing.domain.BillingEvent.*;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;

/**
 * The bill of one dispatch order. Paid work is quoted from the schedule in force and needs the
 * owner's consent before it starts; the charge is computed at completion from what was done,
 * citing the accepted quote's schedule version; payments, adjustments and refunds follow, and
 * nothing is ever edited in place.
 */
public final class OrderBill {

    private String orderId;
    private String currentQuoteId;
    private boolean currentQuoteDecided;
    private int currentQuoteVersion;
    private long currentQuoteTotal;
    private String acceptedQuoteId;
    private int acceptedScheduleVersion;
    private boolean settled; // a charge or a no-charge was recorded
    private long chargedFen;
    private long adjustedFen;
    private long paidFen;
    private long refundedFen;

    /**
     * Quote the planned work against the schedule in force now (D27). A new quote replaces an undecided one.
     *
     * @param schedule the version in force now; null when none is
     * @throws RuleViolation {@code quote-from-a-published-schedule} when no schedule is in force
     */
    public List<BillingEvent> issueQuote(String orderId, String quoteId, FeeScheduleVersion schedule, WorkFacts planned,
                                         Map<String, Long> inboundPrices, String technicianId, Instant now) {
        if (schedule == null) {
            throw new RuleViolation("quote-from-a-published-schedule", "NO_SCHEDULE", "no fee schedule is in force");
        }
        if (settled) {
            throw new RuleViolation("quote-before-completion", state(), "the work on this order is already settled");
        }
        if (acceptedQuoteId != null) {
            throw new RuleViolation("one-accepted-quote", state(), "quote " + acceptedQuoteId + " is already accepted");
        }
        if (planned.services().isEmpty() && planned.materials().isEmpty()) {
            throw new InvalidValue("plannedServices", "a quote lists at least one service or material");
        }
        ChargeBreakdown breakdown = ChargeCalculator.charge(schedule, planned, inboundPrices);
        return List.of(new QuoteIssued(quoteId, orderId, schedule.version(), breakdown, breakdown.totalFen(), technicianId, now));
    }

    /** 出示收费标准…征得业主的同意: the owner's signature records the consent. */
    public List<BillingEvent> acceptQuote(String quoteId, String signatureRef, Instant now) {
        requireCurrentUndecided(quoteId);
        if (signatureRef == null || signatureRef.isBlank()) {
            throw new InvalidValue("signatureRef", "the owner's consent is recorded with their signature");
        }
        return List.of(new QuoteAccepted(quoteId, orderId, currentQuoteVersion, currentQuoteTotal, signatureRef, now));
    }

    public List<BillingEvent> declineQuote(String quoteId, String reason, Instant now) {
        requireCurrentUndecided(quoteId);
        return List.of(new QuoteDeclined(quoteId, orderId, reason, now));
    }

    /**
     * The work is complete. Paid work is charged from what was done, with the accepted quote's
     * schedule version; otherwise nothing is charged, with the reason. Once per order.
     */
    public List<BillingEvent> complete(String orderId, String chargeId, boolean paid, NoChargeReason freeReason,
                                       FeeScheduleVersion acceptedSchedule, WorkFacts done, Map<String, Long> inboundPrices,
                                       String technicianId, Instant now) {
        if (settled) {
            return List.of(); // a redelivered completion
        }
        if (!paid) {
            return List.of(new NoChargeRecorded(orderId, freeReason, technicianId, now));
        }
        if (acceptedQuoteId == null) {
            throw new RuleViolation("charge-needs-accepted-quote", state(), "paid work was completed without an accepted quote");
        }
        ChargeBreakdown breakdown = ChargeCalculator.charge(acceptedSchedule, done, inboundPrices);
        return List.of(new ChargeRaised(chargeId, orderId, acceptedQuoteId, breakdown, breakdown.totalFen(), technicianId, now));
    }

    public List<BillingEvent> recordPayment(String paymentId, PaymentMethod method, long amountFen, String payer,
                                            String receivedBy, Instant now) {
        requireCharged();
        if (method == null) {
            throw new InvalidValue("method", "is required");
        }
        if (amountFen <= 0) {
            throw new InvalidValue("amountFen", "must be positive");
        }
        if (amountFen > balanceFen()) {
            throw new RuleViolation("pay-no-more-than-owed", state(),
                    "the balance is " + Yuan.format(balanceFen()) + " yuan, " + Yuan.format(amountFen) + " was offered");
        }
        return List.of(new PaymentRecorded(paymentId, orderId, method, amountFen, payer, receivedBy, now));
    }

    /** A team leader's correction; the adjusted charge never goes below zero. */
    public List<BillingEvent> adjust(String adjustmentId, long amountFen, String reason, String by, Instant now) {
        requireCharged();
        requireReason(reason);
        if (amountFen == 0) {
            throw new InvalidValue("amountFen", "an adjustment changes the charge");
        }
        if (chargedFen + adjustedFen + amountFen < 0) {
            throw new InvalidValue("amountFen", "would make the charge negative");
        }
        return List.of(new ChargeAdjusted(adjustmentId, orderId, amountFen, reason.strip(), by, now));
    }

    public List<BillingEvent> refund(String refundId, long amountFen, String reason, String by, Instant now) {
        requireCharged();
        requireReason(reason);
        if (amountFen <= 0) {
            throw new InvalidValue("amountFen", "must be positive");
        }
        if (amountFen > paidFen - refundedFen) {
            throw new RuleViolation("refund-no-more-than-paid", state(), "only " + Yuan.format(paidFen - refundedFen) + " yuan was paid");
        }
        return List.of(new RefundIssued(refundId, orderId, amountFen, reason.strip(), by, now));
    }

    public void apply(BillingEvent event) {
        if (event instanceof QuoteIssued e) {
            orderId = e.orderId();
            currentQuoteId = e.quoteId();
            currentQuoteDecided = false;
            currentQuoteVersion = e.scheduleVersion();
            currentQuoteTotal = e.totalFen();
        } else if (event instanceof QuoteAccepted e) {
            currentQuoteDecided = true;
            acceptedQuoteId = e.quoteId();
            acceptedScheduleVersion = e.scheduleVersion();
        } else if (event instanceof QuoteDeclined) {
            currentQuoteDecided = true;
        } else if (event instanceof ChargeRaised e) {
            orderId = e.orderId();
            settled = true;
            chargedFen = e.totalFen();
        } else if (event instanceof NoChargeRecorded e) {
            orderId = e.orderId();
            settled = true;
        } else if (event instanceof PaymentRecorded e) {
            paidFen += e.amountFen();
        } else if (event instanceof ChargeAdjusted e) {
            adjustedFen += e.amountFen();
        } else if (event instanceof RefundIssued e) {
            refundedFen += e.amountFen();
        }
    }

    /** What the owner still owes: charge + adjustments − payments + refunds. */
    public long balanceFen() {
        return chargedFen + adjustedFen - paidFen + refundedFen;
    }

    public int acceptedScheduleVersion() {
        return acceptedScheduleVersion;
    }

    public String currentQuoteId() {
        return currentQuoteId;
    }

    /** The current quote's standing: null before any quote, then ISSUED, ACCEPTED or DECLINED. */
    public String quoteStatus() {
        if (currentQuoteId == null) {
            return null;
        }
        if (!currentQuoteDecided) {
            return "ISSUED";
        }
        return currentQuoteId.equals(acceptedQuoteId) ? "ACCEPTED" : "DECLINED";
    }

    public long paidFen() {
        return paidFen;
    }

    public long adjustedFen() {
        return adjustedFen;
    }

    public long refundedFen() {
        return refundedFen;
    }

    private String state() {
        if (settled) {
            return chargedFen > 0 || adjustedFen != 0 ? "CHARGED" : "SETTLED";
        }
        return acceptedQuoteId != null ? "QUOTE_ACCEPTED" : currentQuoteId != null ? "QUOTED" : "NEW";
    }

    private void requireCurrentUndecided(String quoteId) {
        if (currentQuoteId == null || !currentQuoteId.equals(quoteId)) {
            throw new RuleViolation("decide-the-current-quote", state(), "quote " + quoteId + " is not this order's current quote");
        }
        if (currentQuoteDecided) {
            throw new RuleViolation("decide-a-quote-once", state(), "quote " + quoteId + " was already decided");
        }
    }

    private void requireCharged() {
        if (!settled) {
            throw new RuleViolation("payments-follow-a-charge", state(), "nothing has been charged on this order");
        }
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidValue("reason", "is required");
        }
    }
}
