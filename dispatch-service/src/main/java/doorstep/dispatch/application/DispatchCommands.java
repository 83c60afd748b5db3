package doorstep.dispatch.application;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import doorstep.dispatch.domain.Dispatch;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.eventstore.Rehydrated;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.NotFound;

/** Load the dispatch order from its events, let it decide, append what it decided. */
@ApplicationScoped
public class DispatchCommands {

    @Inject
    EventStore store;

    /** A user's command: honours If-Match. @return the order's version afterwards */
    @Transactional(Transactional.TxType.MANDATORY)
    public long execute(String orderId, CommandContext context, Function<Dispatch, List<DispatchEvent>> decision) {
        Rehydrated<Dispatch> loaded = load(orderId);
        if (!loaded.exists()) {
            throw new NotFound("dispatch order", orderId);
        }
        context.checkVersion(loaded.version());
        return append(orderId, loaded, decision.apply(loaded.aggregate()), context.metadata());
    }

    /**
     * A reaction (to another service's event, or to a deadline): no If-Match; the order may not exist yet.
     * @return how many events were recorded (0: the order had nothing to do)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int react(String orderId, String siteId, EventMetadata metadata, Function<Dispatch, List<DispatchEvent>> decision) {
        Rehydrated<Dispatch> loaded = load(orderId);
        List<DispatchEvent> events = decision.apply(loaded.aggregate());
        store.append(orderId, loaded.version(), siteId, events, metadata);
        return events.size();
    }

    public Rehydrated<Dispatch> load(String orderId) {
        return aggregates().load(orderId);
    }

    /** The dispatch orders' store: load, decide, append, and the state after an event for projections. */
    public AggregateStore<Dispatch, DispatchEvent> aggregates() {
        return new AggregateStore<>(store, Dispatch::new, DispatchEvent.class, Dispatch::apply);
    }

    private long append(String orderId, Rehydrated<Dispatch> loaded, List<DispatchEvent> events, EventMetadata metadata) {
        store.append(orderId, loaded.version(), loaded.aggregate().siteId(), events, metadata);
        return loaded.version() + events.size();
    }
}
