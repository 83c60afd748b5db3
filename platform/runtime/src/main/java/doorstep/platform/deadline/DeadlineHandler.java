package doorstep.platform.deadline;

import java.time.Instant;

/**
 * What a service does when one of its stored deadlines comes due: load the aggregate, let it decide
 * what the deadline means now, append the events. Runs inside the scheduler's transaction.
 */
public interface DeadlineHandler {

    /** @return how many events were recorded; 0 marks the deadline stale */
    int fire(String streamId, String kind, String siteId, Instant dueAt, Instant now);
}
