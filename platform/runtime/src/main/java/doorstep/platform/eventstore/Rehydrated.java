package doorstep.platform.eventstore;

/**
 * An aggregate folded from its stream, with the version of the last event applied (0: no events)
 * and the site its events were recorded for (null: no events, or an aggregate of no site).
 */
public record Rehydrated<A>(A aggregate, long version, String siteId) {

    public boolean exists() {
        return version > 0;
    }
}
