package doorstep.billing.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.billing.domain.FeeItem;
import doorstep.platform.web.MultiLine;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the billing API. Money is always integer fen. */
public final class BillingViews {

    private BillingViews() {
    }

    public record FeeItemBody(String code, String name,
                              @Schema(description = "SERVICE or MATERIAL") String category,
                              @Schema(description = "PER_JOB, PER_30_MINUTES or PER_PIECE") String unit,
                              @Schema(description = "in fen (1 yuan = 100 fen)") Long priceFen) {
    }

    public record ScheduleBody(@Schema(description = "ISO-8601 with offset") String effectiveFrom, List<FeeItemBody> items) {
    }

    public record ScheduleView(int version, String status, Instant effectiveFrom, Instant activatedAt, List<FeeItem> items) {
    }

    public record WarehouseMaterialBody(String name, Long inboundPriceFen) {
    }

    public record WarehouseMaterialView(String code, String name, long inboundPriceFen) {
    }

    public record MaterialPriceView(String code, String name, long unitPriceFen, String basis) {
    }

    public record PlannedMaterial(String code, String name, Integer quantity) {
    }

    @Schema(description = "The paid work the technician plans, priced from the schedule in force")
    public record QuoteBody(List<String> plannedServices, List<PlannedMaterial> plannedMaterials,
                            @Schema(description = "expected handling time, for per-30-minute items") Integer estimatedMinutes) {
    }

    public record AcceptanceBody(@Schema(description = "reference to the owner's signature") String signatureRef) {
    }

    public record DeclineBody(@MultiLine String reason) {
    }

    public record PaymentBody(@Schema(description = "CASH, WECHAT_PAY, ALIPAY, BANK_CARD or BANK_TRANSFER") String method,
                              Long amountFen, String payer) {
    }

    public record AdjustmentBody(@Schema(description = "negative reduces the charge") Long amountFen, @MultiLine String reason) {
    }

    public record RefundBody(Long amountFen, @MultiLine String reason) {
    }

    /**
     * An order's bill. {@code technicianId} is the technician the charge was raised for;
     * {@code assignedTechnicianId} the one dispatch assigns the order to now (null before an
     * assignment), the only technician who may quote, record the owner's answer or take payment.
     * {@code personalDataErased}: the order's personal data was erased (D48); its timeline then shows
     * 已删除 for the payer, the owner's signature reference and their reason for declining.
     */
    public record BillView(String orderId, String siteId,
                           @Schema(description = "the technician dispatch assigns the order to now; only they may act on the bill as technician")
                           String assignedTechnicianId,
                           String technicianId, String quoteId, String quoteStatus,
                           Long quoteTotalFen,
                           @Schema(description = "The quote's lines as quoted (items with codes, quantities and prices in fen), null before a quote")
                           JsonNode quote,
                           Integer scheduleVersion, long chargeTotalFen,
                           @Schema(description = "The charge with its working (items, materials, prices in fen), null before work completed")
                           JsonNode charge,
                           String noChargeReason, long adjustedFen, long paidFen, long refundedFen, long balanceFen,
                           Instant updatedAt, long version,
                           @Schema(description = "true once the order's personal data was erased (shown as 已删除)")
                           boolean personalDataErased) {
    }

    public record TechnicianRevenue(String technicianId, long chargedFen, long adjustedFen, long paidFen, long refundedFen) {
    }

    public record RevenueReport(String siteId, String month, long chargedFen, long adjustedFen, long paidFen, long refundedFen,
                                @Schema(description = "charged + adjusted") long netChargedFen,
                                @Schema(description = "paid − refunded") long netReceivedFen,
                                List<TechnicianRevenue> byTechnician) {
    }
}
