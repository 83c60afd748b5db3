package doorstep.platform.eventstore;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import doorstep.platform.events.EventMetadata;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.PreconditionFailed;
import org.jboss.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(AggregateStore.class);

    private final EventStore store;
    private final String noun;
    private final Supplier<A> blank;
    private final Class<E> eventType;
    private final BiConsumer<A, E> applier;
    private final Function<A, String> siteOf;
    private final Function<String, String> publicId;
    private final SnapshotStore snapshotStore;
    private final Snapshots<A, ? extends Record> snapshots;

    /**
     * @param noun    what the aggregate is called in a 404, e.g. {@code dispatch order}
     * @param siteOf  the site an existing aggregate belongs to (null for aggregates of no site)
     */
    public AggregateStore(EventStore store, String noun, Supplier<A> blank, Class<E> eventType, BiConsumer<A, E> applier,
                          Function<A, String> siteOf) {
        this(store, noun, blank, eventType, applier, siteOf, Function.identity());
    }

    /**
     * As above, for aggregates whose stream id is not the id users know them by.
     *
     * @param publicId the id a 404 names for a stream id, e.g. {@code PG…/coordination} → {@code PG…}
     */
    public AggregateStore(EventStore store, String noun, Supplier<A> blank, Class<E> eventType, BiConsumer<A, E> applier,
                          Function<A, String> siteOf, Function<String, String> publicId) {
        this(store, noun, blank, eventType, applier, siteOf, publicId, null, null);
    }

    private AggregateStore(EventStore store, String noun, Supplier<A> blank, Class<E> eventType, BiConsumer<A, E> applier,
                           Function<A, String> siteOf, Function<String, String> publicId, SnapshotStore snapshotStore,
                           Snapshots<A, ? extends Record> snapshots) {
        this.snapshotStore = snapshotStore;
        this.snapshots = snapshots;
        this.store = store;
        this.noun = noun;
        this.blank = blank;
        this.eventType = eventType;
        this.applier = applier;
        this.siteOf = siteOf;
        this.publicId = publicId;
    }

    /**
     * The same store, keeping a snapshot of each stream as commands cross every {@code shape.every()}
     * events, and loading from the latest snapshot of that shape (D58): for aggregates whose streams
     * grow without bound. Loads fold the same aggregate with or without snapshots.
     */
    public <S extends Record> AggregateStore<A, E> withSnapshots(SnapshotStore snapshotStore, Snapshots<A, S> shape) {
        return new AggregateStore<>(store, noun, blank, eventType, applier, siteOf, publicId, snapshotStore, shape);
    }

    /**
     * The aggregate folded from all events of its stream (a blank one at version 0 when there are
     * none); with snapshots, the latest snapshot restored and the events after it folded on.
     */
    public Rehydrated<A> load(String streamId) {
        if (snapshots != null) {
            return loadFromSnapshot(streamId, snapshots);
        }
        return store.rehydrate(streamId, blank, eventType, applier);
    }

    private <S extends Record> Rehydrated<A> loadFromSnapshot(String streamId, Snapshots<A, S> shape) {
        Rehydrated<A> start = snapshotStore.find(streamId, shape).map(s -> {
            try {
                return new Rehydrated<>(shape.restore().apply(s.state()), s.version(), s.siteId());
            } catch (RuntimeException e) { // a snapshot the aggregate cannot take: ignored, the next one replaces it
                LOG.warnf("snapshot of %s at version %d does not restore (%s): folding from events", streamId, s.version(), e);
                return null;
            }
        }).orElseGet(() -> new Rehydrated<>(blank.get(), 0, null));
        return store.rehydrate(streamId, start, eventType, applier);
    }

    private <S extends Record> void snapshotIfDue(String streamId, Snapshots<A, S> shape, A after, long before, int recorded,
                                                   String site) {
        if (shape.due(before, recorded)) {
            snapshotStore.save(streamId, shape, shape.take().apply(after), before + recorded, site);
        }
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
        return run(streamId, siteId, metadata, expectedVersion, false, null, decision);
    }

    /**
     * A user's command on an aggregate that may not exist yet (e.g. the first event of a bill):
     * honours the context's {@code If-Match} and the user's sites.
     *
     * @param siteId the site recorded on the events; null: the aggregate's own
     * @throws NotFound when the aggregate's site is not one of the user's (as for a missing aggregate)
     * @throws doorstep.platform.web.Forbidden when the aggregate has no site and the user is not company-wide
     */
    public Decision decide(String streamId, String siteId, CommandContext context, Function<A, List<? extends E>> decision) {
        return run(streamId, siteId, context.metadata(), context.expectedVersion(), false, context.sites(), decision);
    }

    /**
     * A user's command on an existing aggregate of one of the user's sites: honours the context's
     * {@code If-Match}.
     *
     * @return the stream's version afterwards
     * @throws NotFound when the stream has no events, or belongs to a site the user does not work on
     */
    public long execute(String streamId, CommandContext context, Function<A, List<? extends E>> decision) {
        return execute(streamId, null, context, decision);
    }

    /** As {@link #execute(String, CommandContext, Function)}, recording {@code siteId} (null: the aggregate's own). */
    public long execute(String streamId, String siteId, CommandContext context, Function<A, List<? extends E>> decision) {
        return run(streamId, siteId, context.metadata(), context.expectedVersion(), true, context.sites(), decision).version();
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

    /** @param scope the sites of the user who commands; null for a reaction (no user) */
    private Decision run(String streamId, String siteId, EventMetadata metadata, OptionalLong expectedVersion, boolean mustExist,
                         SiteScope scope, Function<A, List<? extends E>> decision) {
        Rehydrated<A> loaded = load(streamId);
        if (mustExist && !loaded.exists()) {
            throw new NotFound(noun, publicId.apply(streamId));
        }
        A aggregate = loaded.aggregate();
        String site = siteId != null ? siteId : loaded.exists() ? siteOf(loaded) : null;
        if (scope != null) {
            // Another site's aggregate is answered exactly as a missing one, before anything about its state;
            // an aggregate of no site is company-wide data, which only a user of every site changes (403).
            String existing = loaded.exists() ? siteOf(loaded) : site;
            if (existing == null && site == null) {
                scope.requireCompanyWide("a " + noun);
            } else {
                scope.requireVisible(existing, noun, publicId.apply(streamId));
                scope.requireVisible(site, noun, publicId.apply(streamId));
            }
        }
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != loaded.version()) {
            throw new PreconditionFailed(expectedVersion.getAsLong(), loaded.version());
        }
        List<? extends E> events = decision.apply(aggregate);
        store.append(streamId, loaded.version(), site, events, metadata, event -> apply(aggregate, event));
        if (snapshots != null) {
            snapshotIfDue(streamId, snapshots, aggregate, loaded.version(), events.size(), site != null ? site : loaded.siteId());
        }
        return new Decision(loaded.version() + events.size(), events.size());
    }

    /** The site of an existing aggregate: its own answer, else the site its events were recorded for. */
    private String siteOf(Rehydrated<A> loaded) {
        String own = siteOf.apply(loaded.aggregate());
        return own != null ? own : loaded.siteId();
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
