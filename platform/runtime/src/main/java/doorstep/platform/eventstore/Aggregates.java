package doorstep.platform.eventstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;

/**
 * The service's aggregate types (its {@link AggregateStore} beans), found by the class of their
 * events: what folds a stream when an event arrives without its aggregate (an append outside
 * {@link AggregateStore}, a rebuild).
 */
@ApplicationScoped
public class Aggregates {

    /** How many aggregates a rebuild keeps folded at once; a stream pushed out is folded again from the store. */
    static final int REPLAY_CACHE = 20_000;

    @Inject
    Instance<AggregateStore<?, ?>> stores;
    @Inject
    EventCatalog catalog;
    @Inject
    EventStore store;

    private Optional<AggregateStore<Object, Object>> storeFor(Object event) {
        for (AggregateStore<?, ?> s : stores) {
            if (s.handles(event)) {
                @SuppressWarnings("unchecked")
                AggregateStore<Object, Object> typed = (AggregateStore<Object, Object>) s;
                return Optional.of(typed);
            }
        }
        return Optional.empty();
    }

    /**
     * For an append that did not come with its aggregate: folds the stream as it stands, then each
     * appended event onto it. Events of no registered aggregate type fold to null.
     */
    Function<Object, Object> foldAfter(String streamId, List<?> events) {
        Optional<AggregateStore<Object, Object>> s = events.isEmpty() ? Optional.empty() : storeFor(events.get(0));
        if (s.isEmpty()) {
            return event -> null;
        }
        Object aggregate = s.get().load(streamId).aggregate();
        return event -> s.get().apply(aggregate, event);
    }

    /** A fold of the whole store in its order, for one rebuild: each stream is folded once, event by event. */
    public Replay replay() {
        return replay(REPLAY_CACHE);
    }

    /** As {@link #replay()}, keeping at most {@code streamsKept} aggregates folded at once. */
    public Replay replay(int streamsKept) {
        return new Replay(streamsKept);
    }

    /** Hands out the aggregate after each replayed event. Not thread-safe: one per rebuild. */
    public final class Replay {

        private record Folded(Object aggregate, long version) {
        }

        private final Map<String, Folded> folded;

        private Replay(int streamsKept) {
            folded = new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Folded> eldest) {
                    return size() > streamsKept;
                }
            };
        }

        /**
         * @param event events must come in store order
         * @return the aggregate of the event's stream after the event, or null for an event of no
         *         registered aggregate type
         */
        public Object after(EventEnvelope event) {
            Object decoded = catalog.decode(event);
            Optional<AggregateStore<Object, Object>> s = storeFor(decoded);
            if (s.isEmpty()) {
                return null;
            }
            Folded before = folded.get(event.streamId());
            Object aggregate;
            if (before != null && before.version() == event.streamVersion() - 1) {
                aggregate = before.aggregate();
            } else if (event.streamVersion() == 1) {
                aggregate = s.get().blank(); // a stream's first event: nothing earlier to read (D57: a query per new stream was most of a rebuild of short streams)
            } else {
                aggregate = s.get().blank();
                for (EventEnvelope earlier : store.load(event.streamId())) {
                    if (earlier.streamVersion() >= event.streamVersion()) {
                        break;
                    }
                    s.get().apply(aggregate, catalog.decode(earlier));
                }
            }
            s.get().apply(aggregate, decoded);
            folded.put(event.streamId(), new Folded(aggregate, event.streamVersion()));
            return aggregate;
        }
    }
}
