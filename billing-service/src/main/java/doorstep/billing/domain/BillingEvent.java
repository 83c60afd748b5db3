package doorstep.billing.domain;

import java.time.Instant;

import doorstep.platform.domain.Nullable;
import doorstep.platform.domain.Personal;

/**
 * The bill of one dispatch order: quote, consent, charge, payments. Stream id = order id.
 * The owner's signature reference, their reason for declining and the payer's name are personal
 * ({@link Personal}, decision D48): sealed under the order's data key, 已删除 once it is destroyed.
 */
public sealed interface BillingEvent {

    /** A quote for paid work, citing the schedule version in force; the owner sees it before work starts. */
    record QuoteIssued(String quoteId, String orderId, int scheduleVersion, ChargeBreakdown breakdown, long totalFen,
                       String issuedBy, Instant at) implements BillingEvent {
    }

    /** The owner agreed to the quote (征得业主的同意): paid work may start. */
    record QuoteAccepted(String quoteId, String orderId, int scheduleVersion, long totalFen, @Personal String signatureRef,
                         Instant acceptedAt) implements BillingEvent {
    }

    /** The owner declined the quote, in their own words (optional). */
    record QuoteDeclined(String quoteId, String orderId, @Nullable @Personal String reason, Instant declinedAt) implements BillingEvent {
    }

    /** The work was completed: what the owner owes, with its working, citing the accepted quote's schedule version. */
    record ChargeRaised(String chargeId, String orderId, @Nullable String quoteId, ChargeBreakdown breakdown, long totalFen,
                        String technicianId, Instant at) implements BillingEvent {
    }

    /** Completed work the owner does not pay for: free service, a common part (maintenance fund) or warranty work. */
    record NoChargeRecorded(String orderId, NoChargeReason reason, String technicianId, Instant at) implements BillingEvent {
    }

    /** Money received from the owner; {@code payer} is who paid, as the technician wrote it down. */
    record PaymentRecorded(String paymentId, String orderId, PaymentMethod method, long amountFen, @Personal String payer,
                           String receivedBy, Instant at) implements BillingEvent {
    }

    /** A team leader corrected the charge (negative: a reduction), with the reason. The charge itself is never edited. */
    record ChargeAdjusted(String adjustmentId, String orderId, long amountFen, String reason, String adjustedBy, Instant at)
            implements BillingEvent {
    }

    record RefundIssued(String refundId, String orderId, long amountFen, String reason, String issuedBy, Instant at)
            implements BillingEvent {
    }
}
