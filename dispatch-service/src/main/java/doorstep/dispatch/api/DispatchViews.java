package doorstep.dispatch.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.platform.web.MultiLine;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the dispatch API. */
public final class DispatchViews {

    private DispatchViews() {
    }

    // ---- roster ---------------------------------------------------------------------------------

    public record TechnicianBody(String id, String siteId, String name, String phone, List<String> skills, Boolean onDuty) {
    }

    public record DutyBody(Boolean onDuty) {
    }

    public record TechnicianView(String id, String siteId, String name, String phone, List<String> skills, boolean onDuty) {
    }

    // ---- commands -------------------------------------------------------------------------------

    public record AssignBody(String technicianId) {
    }

    public record ContactBody(Boolean contentClarified, @MultiLine String clarification, List<String> preparedTools, List<String> preparedMaterials) {
    }

    @Schema(description = "An appointment proposed to the owner and their answer")
    public record AppointmentBody(@Schema(description = "ISO-8601 with offset") String appointmentAt,
                                  @Schema(description = "AGREED or REFUSED") String ownerConsent, @MultiLine String note) {
    }

    public record NoteBody(@MultiLine String note) {
    }

    public record MaterialBody(String code, String name, Integer quantity) {
    }

    public record RequisitionBody(List<MaterialBody> items) {
    }

    public record SurveyBody(Boolean paid, @Schema(description = "PRIVATE or COMMON") String part, Boolean warranty, @MultiLine String notes) {
    }

    public record EscalationBody(@Schema(description = "HARD_JOB (others are raised by the system)") String reason, @MultiLine String note) {
    }

    public record WaitingBody(List<MaterialBody> missing, Boolean serviceCardLeft, Boolean ownerAsksUsToBuy) {
    }

    public record RiskBody(@MultiLine String description) {
    }

    public record RiskConsentBody(Boolean consented, String signatureRef) {
    }

    public record ItemBody(String code, @Schema(description = "ISO-8601 with offset") String performedAt) {
    }

    public record CompletionBody(@MultiLine String result, List<ItemBody> serviceItems, List<MaterialBody> materialsUsed,
                                 String technicianSignatureRef, ChecksBody checks) {
    }

    /** 三到位 and 交代注意事项, each true or false; {@code skippedReason} says why one was not done. */
    public record ChecksBody(Boolean siteCleaned, Boolean testedAndDemonstrated, Boolean useExplained,
                             @MultiLine String skippedReason) {
    }

    public record OwnerAcceptanceBody(String signatureRef, Integer rating, @MultiLine String comment) {
    }

    public record ReasonBody(@MultiLine String reason) {
    }

    public record TrackingBody(@MultiLine String reason, String handler) {
    }

    // ---- answers --------------------------------------------------------------------------------

    public record DispatchView(String orderId, String orderNumber, String siteId, String locationKind, String unitId,
                               String unitLabel, String content, String reporterName, String reporterPhone,
                               @Schema(description = "Extension (分机) to dial once the reporter's number answers") String reporterPhoneExtension,
                               @Schema(description = "the order's personal data was erased (D48): reporterName, reporterPhone and "
                                       + "reporterPhoneExtension read 已删除") boolean personalDataErased,
                               boolean warranty,
                               String status, String technicianId, String technicianName, Instant arrivalDueAt,
                               boolean arrivalOverdue, String conversionRule, Instant conversionDueAt, boolean converted,
                               boolean escalated, boolean waitingForMaterials, boolean paid, boolean quoteAccepted, int visits,
                               long handlingSeconds, Integer rating, Instant reportedAt, Instant updatedAt, long version,
                               @Schema(description = "not reviewed by the team leader by the end of the completion day (当日)")
                               boolean reviewOverdue,
                               @Schema(description = "not archived by the customer center by the end of the completion day (当日)")
                               boolean archiveOverdue) {
    }

    public record VisitView(String orderId, int visitNumber, String technicianId, String technicianName, Instant startedAt,
                            Instant endedAt) {
    }

    @Schema(description = "Earlier visits in the last 30 days: a repeat visit is a quality signal")
    public record RepeatVisits(List<VisitView> sameOrder, List<VisitView> sameUnit) {
    }

    public record AssignmentView(DispatchView dispatch, RepeatVisits repeatVisits) {
    }

    public record DispatchDetail(DispatchView dispatch, List<VisitView> visits) {
    }
}
