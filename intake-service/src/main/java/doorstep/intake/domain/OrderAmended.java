package doorstep.intake.domain;

import java.time.Instant;

import doorstep.platform.domain.Nullable;

/**
 * Details of an undispatched order were corrected. Only the changed elements are present; the
 * others are {@code null}.
 */
public record OrderAmended(
        String orderId,
        @Nullable Reporter reporter,
        @Nullable VisitTime visitTime,
        @Nullable String content,
        @Nullable Boolean warranty,
        Instant amendedAt) implements DispatchOrderEvent {
}
