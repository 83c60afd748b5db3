package doorstep.followup.domain;

import java.time.Instant;
import java.util.List;

import doorstep.platform.domain.Nullable;

/** The customer center's callback (回访) of an archived dispatch order. Stream id {@code <order id>/callback}. */
public sealed interface CallbackEvent {

    record CallbackScheduled(String orderId, List<CallbackPolicy.Reason> reasons, Instant at) implements CallbackEvent {
    }

    /** The owner could not be reached; another attempt follows unless the attempts are used up. */
    record CallbackNotReached(int attempt, @Nullable String note, String agentId, Instant at) implements CallbackEvent {
    }

    record CallbackCompleted(int attempt, int satisfaction, @Nullable String comment, boolean problemPersists, String agentId,
                             Instant at) implements CallbackEvent {
    }

    record CallbackAbandoned(int attempts, Instant at) implements CallbackEvent {
    }

    /** The owner says the problem is back: intake reports it again as a new dispatch order. */
    record RepeatComplaintRaised(String orderId, String content, Instant at) implements CallbackEvent {
    }
}
