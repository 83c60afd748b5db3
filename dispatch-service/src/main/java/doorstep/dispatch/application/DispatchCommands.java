package doorstep.dispatch.application;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import doorstep.dispatch.domain.Dispatch;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.eventstore.Rehydrated;
import doorstep.platform.web.CommandContext;

/** Dispatch orders through the platform's one command path: load, decide, append ({@link AggregateStore}). */
@ApplicationScoped
public class DispatchCommands {

    @Inject
    AggregateStore<Dispatch, DispatchEvent> orders;

    /** The dispatch order aggregate type, for commands, reactions and the projections' folds. */
    @Produces
    @Singleton
    static AggregateStore<Dispatch, DispatchEvent> dispatchOrders(EventStore store) {
        return new AggregateStore<>(store, "dispatch order", Dispatch::new, DispatchEvent.class, Dispatch::apply, Dispatch::siteId);
    }

    /** A user's command: honours If-Match; 404 for an unknown order. @return the order's version afterwards */
    @Transactional(Transactional.TxType.MANDATORY)
    public long execute(String orderId, CommandContext context, Function<Dispatch, List<DispatchEvent>> decision) {
        return orders.execute(orderId, context, decision::apply);
    }

    /**
     * A reaction (to another service's event, or to a deadline): no If-Match; the order may not exist yet.
     * @return how many events were recorded (0: the order had nothing to do)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int react(String orderId, String siteId, EventMetadata metadata, Function<Dispatch, List<DispatchEvent>> decision) {
        return orders.react(orderId, siteId, metadata, decision::apply);
    }

    public Rehydrated<Dispatch> load(String orderId) {
        return orders.load(orderId);
    }
}
