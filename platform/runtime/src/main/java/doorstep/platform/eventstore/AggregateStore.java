package doorstep.platform.eventstore;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import doorstep.platform.events.EventMetadata;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.PreconditionFailed;

/**
 * The one command path of every service: load an aggregate from its stream, let it decide, append
 * what it decided, and hand the service's projections the aggregate as it stands after each new
 * event (so a read model takes status, due times and flags from the aggregate that decided them,
 * never deciding them again). A service produces one per aggregate type as a CDI bean; the event
 * store finds them to fold streams for rebuilds (see {@link Aggregates}).
 *
 * @param <A> the aggregate (plain Java, mutable, changed only by its applier)
 * @param <E> its event type (a sealed interface, disjoint from the service's other aggregates' events)
 */
public final class AggregateStore<A, E> {

    private final EventStore store;
    private final String noun;
    private final Supplier<A> blank;
    private final Class<E> eventType;
    private final BiConsumer<A, E> applier;
    private final Function<A, String> siteOf;

    /**
     * @param noun    what the aggregate is called in a 404, e.g. {@code dispatch order}
     * @param siteOf  the site an existing aggregate belongs to (null for aggregates of no site)
     */
    public AggregateStore(EventStore store, String noun, Supplier<A> blank, Class<E> eventType, BiConsumer<A, E> applier,
                          Function<A, String> siteOf) {
        this.store = store;
        this.noun = noun;
        this.blank = blank;
        this.eventType = eventType;
        this.applier = applier;
        this.siteOf = siteOf;
    }

    /** The aggregate folded from all events of its stream (a blank one at version 0 when there are none). */
    public Rehydrated<A> load(String streamId) {
        return store.rehydrate(streamId, blank, eventType, applier);
    }

    /** What a decision did: the stream's version afterwards and how many events it recorded. */
    public record Decision(long version, int recorded) {
    }

    /**
     * Runs a decision in the caller's transaction.
     *
     * @param siteId          the site recorded on the events; null: the loaded aggregate's site
     * @param expectedVersion from {@code If-Match}, if the caller gave one
     * @throws PreconditionFailed when the stream is not at {@code expectedVersion}
     * @throws ConcurrencyConflict when another transaction appended to the stream meanwhile
     */
    public Decision decide(String streamId, String siteId, EventMetadata metadata, OptionalLong expectedVersion,
                           Function<A, List<? extends E>> decision) {
        return run(streamId, siteId, metadata, expectedVersion, false, decision);
    }

    /**
     * A user's command on an existing aggregate: honours the context's {@code If-Match}.
     *
     * @return the stream's version afterwards
     * @throws NotFound when the stream has no events
     */
    public long execute(String streamId, CommandContext context, Function<A, List<? extends E>> decision) {
        return execute(streamId, null, context, decision);
    }

    /** As {@link #execute(String, CommandContext, Function)}, recording {@code siteId} (null: the aggregate's own). */
    public long execute(String streamId, String siteId, CommandContext context, Function<A, List<? extends E>> decision) {
        return run(streamId, siteId, context.metadata(), context.expectedVersion(), true, decision).version();
    }

    /**
     * A reaction (to another service's event or to a deadline): no {@code If-Match}, and the aggregate
     * may not exist yet.
     *
     * @param siteId the site recorded on the events; null: the aggregate's own
     * @return how many events were recorded (0: the aggregate had nothing to do)
     */
    public int react(String streamId, String siteId, EventMetadata metadata, Function<A, List<? extends E>> decision) {
        return decide(streamId, siteId, metadata, OptionalLong.empty(), decision).recorded();
    }

    private Decision run(String streamId, String siteId, EventMetadata metadata, OptionalLong expectedVersion, boolean mustExist,
                         Function<A, List<? extends E>> decision) {
        Rehydrated<A> loaded = load(streamId);
        if (mustExist && !loaded.exists()) {
            throw new NotFound(noun, streamId);
        }
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != loaded.version()) {
            throw new PreconditionFailed(expectedVersion.getAsLong(), loaded.version());
        }
        A aggregate = loaded.aggregate();
        List<? extends E> events = decision.apply(aggregate);
        String site = siteId != null ? siteId : loaded.exists() ? siteOf.apply(aggregate) : null;
        store.append(streamId, loaded.version(), site, events, metadata, event -> apply(aggregate, event));
        return new Decision(loaded.version() + events.size(), events.size());
    }

    /** Whether {@code event} belongs to this aggregate type. */
    boolean handles(Object event) {
        return eventType.isInstance(event);
    }

    A blank() {
        return blank.get();
    }

    A apply(A aggregate, Object event) {
        applier.accept(aggregate, eventType.cast(event));
        return aggregate;
    }
}
