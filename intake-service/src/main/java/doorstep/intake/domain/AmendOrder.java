package doorstep.intake.domain;

import java.time.Instant;

/** Command: correct details of an undispatched order; {@code null} leaves an element as it is. */
public record AmendOrder(Reporter reporter, VisitTime visitTime, String content, Boolean warranty, Instant now) {
}
