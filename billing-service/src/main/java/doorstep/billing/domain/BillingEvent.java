package doorstep.billing.domain;

import java.time.Instant;

import doorstep.platform.domain.Nullable;

/** The bill of one dispatch order: quote, consent, charge, payments. Stream id = order id. */
public sealed interface BillingEvent {

    /** A quote for paid work, citing the schedule version in force; the owner sees it before work starts. */
    record QuoteIssued(String quoteId, String orderId, int scheduleVersion, ChargeBreakdown breakdown, long totalFen,
                       String issuedBy, Instant at) implements BillingEvent {
    }

    /** The owner agreed to the quote (征得业主的同意): paid work may start. */
    record QuoteAccepted(String quoteId, String orderId, int scheduleVersion, long totalFen, String signatureRef,
                         Instant acceptedAt) implements BillingEvent {
    }

    record QuoteDeclined(String quoteId, String orderId, @Nullable String reason, Instant declinedAt) implements BillingEvent {
    }

    /** The work was completed: what the owner owes, with its working, citing the accepted quote's schedule version. */
    record ChargeRaised(String chargeId, String orderId, @Nullable String quoteId, ChargeBreakdown breakdown, long totalFen,
                        String technicianId, Instant at) implements BillingEvent {
    }

    /** Completed work the owner does not pay for: free service, a common part (maintenance fund) or warranty work. */
    record NoChargeRecorded(String orderId, NoChargeReason reason, String technicianId, Instant at) implements BillingEvent {
    }

    record PaymentRecorded(String paymentId, String orderId, PaymentMethod method, long amountFen, String payer,
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
