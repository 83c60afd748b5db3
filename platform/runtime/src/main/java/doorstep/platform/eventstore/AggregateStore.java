package doorstep.platform.eventstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import doorstep.platform.events.EventEnvelope;
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
    private final Object cacheKey;

    /** Streams whose folded state a transaction keeps at most (a rebuild replays many). */
    private static final int FOLDED_STREAMS_KEPT = 10_000;

    public AggregateStore(EventStore store, Supplier<A> blank, Class<E> eventType, BiConsumer<A, E> applier) {
        this.store = store;
        this.blank = blank;
        this.eventType = eventType;
        this.applier = applier;
        this.cacheKey = List.of(AggregateStore.class, eventType);
    }

    public Rehydrated<A> load(String streamId) {
        return store.rehydrate(streamId, blank, eventType, applier);
    }

    /**
     * The aggregate as it stands just after {@code event}, for a projection that takes derived state
     * (status, due times, flags) from the aggregate that decided it instead of deciding it again.
     * Runs inside a transaction (live: the append's; rebuild: the replay's): the states folded so far
     * are kept for the rest of that transaction, so the events of one append, or a replay in store
     * order, each cost one applied event rather than a reload of the stream.
     *
     * @param event an event of this aggregate's stream, stored in the current transaction or before
     */
    public A stateAfter(EventEnvelope event) {
        Map<String, Rehydrated<A>> folded = store.transactionResource(cacheKey, AggregateStore::lru);
        Rehydrated<A> known = folded.get(event.streamId());
        if (known != null && known.version() == event.streamVersion() - 1) {
            applier.accept(known.aggregate(), eventType.cast(store.decode(event)));
            known = new Rehydrated<>(known.aggregate(), event.streamVersion());
        } else if (known == null || known.version() != event.streamVersion()) {
            A aggregate = blank.get();
            for (EventEnvelope e : store.load(event.streamId(), event.streamVersion())) {
                applier.accept(aggregate, eventType.cast(store.decode(e)));
            }
            known = new Rehydrated<>(aggregate, event.streamVersion());
        }
        folded.put(event.streamId(), known);
        return known.aggregate();
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > FOLDED_STREAMS_KEPT;
            }
        };
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
