package doorstep.intake.domain;

import java.time.Instant;

/** Command: withdraw an undispatched order. */
public record CancelOrder(String reason, Instant now) {
}
