package doorstep.platform.deadline;

import java.time.Instant;

/**
 * What a service does when one of its stored deadlines comes due: load the aggregate, let it decide
 * what its own pending deadline of that kind means at {@code now} (judging it at its own due time,
 * never by comparing the stored due instant with its own), append the events. Runs inside the
 * scheduler's transaction.
 */
public interface DeadlineHandler {

    /**
     * @param kind the deadline's kind, as the service's deadline projection named it
     * @param now  the scheduler's clock, at or after the stored due time
     * @return how many events were recorded (0: the aggregate had nothing due, which a consistent
     *         deadline projection never causes)
     */
    int fire(String streamId, String kind, String siteId, Instant now);
}
