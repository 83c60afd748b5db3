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
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.Forbidden;

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

    /**
     * A user's command: 404 for an unknown order or one of a site the user does not work on (exactly the
     * same answer), then If-Match; a user acting as technician may change only an order assigned to them
     * (issue 11; DESIGN.md §1: 工程人员 work the orders dispatched to them).
     *
     * @return the order's version afterwards
     * @throws Forbidden (403) when the acting role is technician and the order is not assigned to the token's user
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long execute(String orderId, CommandContext context, Function<Dispatch, List<DispatchEvent>> decision) {
        return orders.execute(orderId, context, d -> {
            requireAssignedTechnician(orderId, d, context);
            return decision.apply(d);
        });
    }

    /** The one place of "a technician changes only orders assigned to them"; other roles pass. */
    private static void requireAssignedTechnician(String orderId, Dispatch order, CommandContext context) {
        if (Roles.TECHNICIAN.equals(context.actor().role()) && !context.actor().id().equals(order.technicianId())) {
            throw new Forbidden("dispatch order " + orderId + (order.technicianId() == null
                    ? " is assigned to no technician yet" : " is assigned to another technician"));
        }
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
