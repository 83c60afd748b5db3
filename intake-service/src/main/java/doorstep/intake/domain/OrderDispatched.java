package doorstep.intake.domain;

import java.time.Instant;

/**
 * Dispatch-service assigned a technician: from now on the order belongs to the visit lifecycle and
 * intake no longer amends or cancels it. Recorded in reaction to {@code doorstep.dispatch.TechnicianAssigned}.
 */
public record OrderDispatched(String orderId, String technicianId, Instant dispatchedAt) implements DispatchOrderEvent {
}
