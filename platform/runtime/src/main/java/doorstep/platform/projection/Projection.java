package doorstep.platform.projection;

import doorstep.platform.events.EventEnvelope;

/**
 * A read model fed by the service's own event store. The same {@link #apply} runs live (inside the
 * transaction that appends the event) and during a rebuild (replaying the store from the start),
 * so a rebuilt read model equals the live one. Implementations are CDI beans.
 */
public interface Projection {

    /** A stable name, used by operators, e.g. {@code order-summary}. */
    String name();

    /** Updates the read model for one event; ignores events it does not care about. */
    void apply(EventEnvelope event);

    /** Deletes all of the read model's rows. Called inside the rebuild's transaction. */
    void reset();
}
