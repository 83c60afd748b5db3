package doorstep.followup.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import doorstep.followup.domain.CallbackEvent.*;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;

/** One callback: scheduled by the policy, attempted until reached or the attempts run out. */
public final class Callback {

    public static final int MAX_ATTEMPTS = 3;

    public enum Status { OPEN, COMPLETED, ABANDONED }

    private String orderId;
    private Status status;
    private int attempts;

    public List<CallbackEvent> schedule(String orderId, List<CallbackPolicy.Reason> reasons, Instant now) {
        if (status != null || reasons.isEmpty()) {
            return List.of();
        }
        return List.of(new CallbackScheduled(orderId, List.copyOf(reasons), now));
    }

    public List<CallbackEvent> notReached(String note, String agentId, Instant now) {
        requireOpen();
        List<CallbackEvent> events = new ArrayList<>();
        events.add(new CallbackNotReached(attempts + 1, note, agentId, now));
        if (attempts + 1 >= MAX_ATTEMPTS) {
            events.add(new CallbackAbandoned(attempts + 1, now));
        }
        return events;
    }

    public List<CallbackEvent> reached(int satisfaction, String comment, boolean problemPersists, String agentId, Instant now) {
        requireOpen();
        if (satisfaction < 1 || satisfaction > 5) {
            throw new InvalidValue("satisfaction", "must be 1 to 5");
        }
        if (problemPersists && (comment == null || comment.isBlank())) {
            throw new InvalidValue("comment", "say what is wrong again: it becomes a new report");
        }
        List<CallbackEvent> events = new ArrayList<>();
        String said = comment == null || comment.isBlank() ? null : comment; // a blank comment is no comment
        events.add(new CallbackCompleted(attempts + 1, satisfaction, said, problemPersists, agentId, now));
        if (problemPersists) {
            events.add(new RepeatComplaintRaised(orderId, comment.strip(), now));
        }
        return events;
    }

    public void apply(CallbackEvent event) {
        if (event instanceof CallbackScheduled e) {
            orderId = e.orderId();
            status = Status.OPEN;
        } else if (event instanceof CallbackNotReached e) {
            attempts = e.attempt();
        } else if (event instanceof CallbackCompleted e) {
            attempts = e.attempt();
            status = Status.COMPLETED;
        } else if (event instanceof CallbackAbandoned) {
            status = Status.ABANDONED;
        }
    }

    public boolean exists() {
        return status != null;
    }

    public Status status() {
        return status;
    }

    /** Attempts made so far. */
    public int attempts() {
        return attempts;
    }

    private void requireOpen() {
        if (status == null) {
            throw new IllegalStateException("no callback scheduled");
        }
        if (status != Status.OPEN) {
            throw new RuleViolation("callback-while-open", status.name(), "the callback is " + status.name().toLowerCase());
        }
    }
}
