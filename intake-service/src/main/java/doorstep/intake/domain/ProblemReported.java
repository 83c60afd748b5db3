package doorstep.intake.domain;

import java.time.Instant;

/**
 * A resident's problem was reported and a dispatch order created with its five elements: location,
 * reporter, visit time, content and contact phone (the reporter's phone). The legal owner is a
 * snapshot from the unit registry at reporting time; {@code null} for public areas. The site's time
 * zone travels along so that other services can tell which day "today" is at the site. {@code repeatOf}
 * names the earlier order when a callback found the problem back (回访复诉); otherwise null.
 */
public record ProblemReported(
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
        Instant reportedAt,
        String repeatOf) implements DispatchOrderEvent {
}
