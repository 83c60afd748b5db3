package doorstep.followup.domain;

import java.time.Instant;
import java.util.List;

import doorstep.platform.domain.Nullable;

/**
 * How long an order's records are kept (派工单、协调单保存期限). Stream id {@code <order id>/retention}.
 * {@link RetentionExpired} names what must become unreadable and where, so a privacy process can act on it.
 */
public sealed interface RetentionEvent {

    /** {@code retainUntil} null: kept permanently (coordination orders). */
    record RetentionScheduled(String orderId, RecordKind recordKind, Instant from, @Nullable Instant retainUntil)
            implements RetentionEvent {
    }

    record RetentionExpired(String orderId, RecordKind recordKind, Instant retainUntil, List<String> personalData,
                            List<String> services, Instant at) implements RetentionEvent {
    }
}
