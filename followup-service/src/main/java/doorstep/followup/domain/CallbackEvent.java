package doorstep.followup.domain;

import java.time.Instant;
import java.util.List;

import doorstep.platform.domain.Nullable;
import doorstep.platform.domain.Personal;

/** The customer center's callback (回访) of an archived dispatch order. Stream id {@code <order id>/callback}. */
public sealed interface CallbackEvent {

    record CallbackScheduled(String orderId, List<CallbackPolicy.Reason> reasons, Instant at) implements CallbackEvent {
    }

    /**
     * The owner could not be reached; another attempt follows unless the attempts are used up. The agent's
     * note is personal data (D48).
     */
    record CallbackNotReached(int attempt, @Nullable @Personal String note, String agentId, Instant at) implements CallbackEvent {
    }

    /** The owner was reached and rated the service; their comment, in their own words, is personal data (D48). */
    record CallbackCompleted(int attempt, int satisfaction, @Nullable @Personal String comment, boolean problemPersists, String agentId,
                             Instant at) implements CallbackEvent {
    }

    record CallbackAbandoned(int attempts, Instant at) implements CallbackEvent {
    }

    /**
     * The owner says the problem is back: intake reports it again as a new dispatch order. {@code content} is
     * the owner's words from the callback (sealed, D48); the new order carries them as its problem description.
     */
    record RepeatComplaintRaised(String orderId, @Personal String content, Instant at) implements CallbackEvent {
    }
}
