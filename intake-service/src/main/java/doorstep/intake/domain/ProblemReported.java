package doorstep.intake.domain;

import java.time.Instant;

import doorstep.platform.domain.Nullable;

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
        @Nullable LegalOwner legalOwner,
        Reporter reporter,
        VisitTime visitTime,
        String content,
        ReportChannel channel,
        @Nullable String reportingDepartment,
        boolean warranty,
        Instant reportedAt,
        @Nullable String repeatOf) implements DispatchOrderEvent {
}
