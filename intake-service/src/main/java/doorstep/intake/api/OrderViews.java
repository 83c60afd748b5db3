package doorstep.intake.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import doorstep.intake.projection.OrderSummary;
import doorstep.platform.web.MultiLine;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the dispatch order API. */
public final class OrderViews {

    private OrderViews() {
    }

    public record ReporterBody(
            @Schema(description = "At least the surname", example = "王") String name,
            @Schema(description = "Mobile or landline with area code; spaces, dashes, +86 and full-width digits are accepted, "
                    + "an extension after 转, 分机, ext, x or #", example = "138 1234 5678") String phone) {
    }

    @Schema(description = "Report a problem (报事). Give either unitId (户内) or siteId + publicArea (公共区域).")
    public record ReportBody(
            @Schema(description = "Required for a public area; optional with unitId") String siteId,
            String unitId,
            @Schema(example = "3栋大堂") String publicArea,
            ReporterBody reporter,
            @Schema(description = "ASAP, or an agreed ISO-8601 time with offset", example = "ASAP") String visitTime,
            @Schema(example = "厨房水管漏水") @MultiLine String content,
            @Schema(enumeration = {"CUSTOMER_CENTER", "OTHER_DEPARTMENT"}, defaultValue = "CUSTOMER_CENTER") String channel,
            @Schema(description = "Required when channel is OTHER_DEPARTMENT") String reportingDepartment,
            @Schema(description = "Work under warranty (质保期内工程)", defaultValue = "false") Boolean warranty) {
    }

    @Schema(description = "Correct an undispatched order; absent fields stay as they are")
    public record AmendBody(ReporterBody reporter, String visitTime, @MultiLine String content, Boolean warranty) {
    }

    public record CancelBody(@MultiLine String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocationView(String kind, String unitId, String unitLabel, String publicArea) {
    }

    public record OwnerView(String name, List<String> phones) {
    }

    public record PhoneView(
            @Schema(description = "11 digits, or area code and number: dial this first", example = "028-87654321") String canonical,
            @Schema(enumeration = {"MOBILE", "LANDLINE"}) String kind,
            @Schema(description = "Try this when the number dials as empty (空号): 0 + a mobile that may be from another city") String fallbackDial,
            @Schema(description = "Extension (分机) to dial once the number answers", example = "8012") String extension) {
    }

    public record ReporterView(String name, PhoneView phone) {
    }

    public record VisitTimeView(boolean asSoonAsPossible, Instant agreedAt) {
    }

    public record CancellationView(String reason, Instant cancelledAt) {
    }

    public record OrderView(
            String id,
            String number,
            String siteId,
            String status,
            LocationView location,
            OwnerView legalOwner,
            ReporterView reporter,
            VisitTimeView visitTime,
            String content,
            String channel,
            String reportingDepartment,
            boolean warranty,
            Instant reportedAt,
            CancellationView cancellation,
            long version,
            Instant updatedAt,
            @Schema(description = "The order's personal data was erased (D48): the owner's and reporter's names and phones read 已删除")
            boolean personalDataErased) {

        static OrderView of(OrderSummary s) {
            return new OrderView(s.orderId, s.orderNumber, s.siteId, s.status,
                    new LocationView(s.locationKind, s.unitId, s.unitLabel, s.publicArea),
                    s.ownerName == null && s.ownerPhones == null ? null : new OwnerView(s.ownerName, s.ownerPhones),
                    new ReporterView(s.reporterName, new PhoneView(s.reporterPhone, s.reporterPhoneKind, s.reporterFallbackDial, s.reporterPhoneExtension)),
                    new VisitTimeView(s.visitAsap, s.visitAgreedAt),
                    s.content, s.channel, s.reportingDepartment, s.warranty, s.reportedAt,
                    s.cancelReason == null ? null : new CancellationView(s.cancelReason, s.cancelledAt),
                    s.version, s.updatedAt, s.personalDataErased);
        }
    }


}
