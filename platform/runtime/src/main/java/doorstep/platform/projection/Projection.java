package doorstep.platform.projection;

import java.util.List;

import doorstep.platform.events.EventEnvelope;

/**
 * A read model fed by the service's own event store. The same {@code apply} runs live (inside the
 * transaction that appends the event) and during a rebuild (replaying the store from the start),
 * so a rebuilt read model equals the live one. Implementations are CDI beans.
 * <p>
 * Derived state — a status, a due time, a flag — is taken from the aggregate handed to
 * {@link #apply(EventEnvelope, Object)}, the aggregate that decided it as it stands after the
 * event, never decided again from the events: one state machine per aggregate.
 */
public interface Projection {

    /** A stable name, used by operators, e.g. {@code order-summary}. */
    String name();

    /**
     * Updates the read model for one event; ignores events it does not care about.
     *
     * @param aggregateAfter the event's aggregate after the event (the service's own aggregate type
     *                       for this event class), or null for an event of no registered aggregate
     */
    void apply(EventEnvelope event, Object aggregateAfter);

    /**
     * A rebuild is about to apply these events (store order, one page): a projection may load the rows they
     * touch in one query instead of one by one. Does nothing by default.
     */
    default void beforePage(List<EventEnvelope> page) {
    }

    /** Deletes all of the read model's rows. Called inside the rebuild's transaction. */
    void reset();
}
