package doorstep.intake.domain;

import java.time.Instant;

/** The order was withdrawn before dispatch, with the reason recorded. */
public record OrderCancelled(String orderId, String reason, Instant cancelledAt) implements DispatchOrderEvent {
}
