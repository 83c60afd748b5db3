package doorstep.intake.domain;

import java.time.Instant;

/** Command: create a dispatch order for a reported problem. */
public record ReportProblem(
        String orderId,
        String orderNumber,
        String siteId,
        String siteTimeZone,
        Location location,
        LegalOwner legalOwner,
        Reporter reporter,
        VisitTime visitTime,
        String content,
        ReportChannel channel,
        String reportingDepartment,
        boolean warranty,
        Instant now,
        String repeatOf) {
}
