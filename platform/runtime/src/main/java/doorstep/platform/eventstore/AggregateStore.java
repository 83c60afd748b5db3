package doorstep.platform.eventstore;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import doorstep.platform.events.EventMetadata;
import doorstep.platform.web.PreconditionFailed;

/**
 * Load an aggregate from its stream, let it decide, append what it decided: the one shape of every
 * command and reaction. Construct one per aggregate type.
 *
 * @param <A> the aggregate
 * @param <E> its event type
 */
public final class AggregateStore<A, E> {

    private final EventStore store;
    private final Supplier<A> blank;
    private final Class<E> eventType;
    private final BiConsumer<A, E> applier;

    public AggregateStore(EventStore store, Supplier<A> blank, Class<E> eventType, BiConsumer<A, E> applier) {
        this.store = store;
        this.blank = blank;
        this.eventType = eventType;
        this.applier = applier;
    }

    public Rehydrated<A> load(String streamId) {
        return store.rehydrate(streamId, blank, eventType, applier);
    }

    /** What a decision did: the stream's version afterwards and how many events it recorded. */
    public record Decision(long version, int recorded) {
    }

    /**
     * Runs a decision in the caller's transaction.
     *
     * @param expectedVersion from {@code If-Match}, if the caller gave one
     */
    public Decision decide(String streamId, String siteId, EventMetadata metadata, OptionalLong expectedVersion,
                       Function<A, List<? extends E>> decision) {
        Rehydrated<A> loaded = load(streamId);
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != loaded.version()) {
            throw new PreconditionFailed(expectedVersion.getAsLong(), loaded.version());
        }
        List<? extends E> events = decision.apply(loaded.aggregate());
        store.append(streamId, loaded.version(), siteId, events, metadata);
        return new Decision(loaded.version() + events.size(), events.size());
    }
}
