package doorstep.intake.domain;

import java.time.Instant;

/**
 * Details of an undispatched order were corrected. Only the changed elements are present; the
 * others are {@code null}.
 */
public record OrderAmended(
        String orderId,
        Reporter reporter,
        VisitTime visitTime,
        String content,
        Boolean warranty,
        Instant amendedAt) implements DispatchOrderEvent {
}
