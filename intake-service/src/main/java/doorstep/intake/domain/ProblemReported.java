package doorstep.intake.domain;

import java.time.Instant;

/**
 * A resident's problem was reported and a dispatch order created with its five elements: location,
 * reporter, visit time, content and contact phone (the reporter's phone). The legal owner is a
 * snapshot from the unit registry at reporting time; {@code null} for public areas.
 */
public record ProblemReported(
        String orderId,
        String orderNumber,
        String siteId,
        Location location,
        LegalOwner legalOwner,
        Reporter reporter,
        VisitTime visitTime,
        String content,
        ReportChannel channel,
        String reportingDepartment,
        boolean warranty,
        Instant reportedAt) implements DispatchOrderEvent {
}
