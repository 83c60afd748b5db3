package doorstep.followup.application;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import doorstep.followup.domain.Callback;
import doorstep.followup.domain.CallbackEvent;
import doorstep.followup.domain.CallbackPolicy;
import doorstep.followup.domain.CoordinationEvent;
import doorstep.followup.domain.CoordinationOrder;
import doorstep.followup.domain.Retention;
import doorstep.followup.domain.RetentionEvent;
import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.eventstore.SnapshotStore;
import doorstep.platform.eventstore.Snapshots;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The three kinds of followup aggregate, and what followup knows of each dispatch order. */
@ApplicationScoped
public class FollowupStores {

    /** What followup learned about a dispatch order from dispatch's events. */
    public record OrderFact(String orderId, String orderNumber, String siteId, String siteTimeZone, String technicianId,
                            boolean paid, Integer rating) {
    }

    @Inject
    EntityManager em;

    @ConfigProperty(name = "doorstep.callbacks.every-paid-order", defaultValue = "true")
    boolean everyPaid;
    @ConfigProperty(name = "doorstep.callbacks.low-rating-at-or-below", defaultValue = "3")
    int lowRating;
    @ConfigProperty(name = "doorstep.callbacks.share-of-rest-percent", defaultValue = "20")
    int share;

    @Inject
    AggregateStore<CoordinationOrder, CoordinationEvent> coordination;
    @Inject
    AggregateStore<Callback, CallbackEvent> callbacks;
    @Inject
    AggregateStore<Retention, RetentionEvent> retention;

    // The three aggregate types (D29), for commands, reactions and the projections' folds. Their site
    // is the order's, which followup learned from dispatch: reactions name it when they open a stream;
    // users' commands take it from the stream's events (the aggregates hold no site of their own).

    @Produces
    @Singleton
    static AggregateStore<CoordinationOrder, CoordinationEvent> coordinationOrders(EventStore store, SnapshotStore snapshots) {
        return new AggregateStore<>(store, "coordination order", CoordinationOrder::new, CoordinationEvent.class,
                CoordinationOrder::apply, c -> null, FollowupEvents::orderOf)
                .withSnapshots(snapshots, COORDINATION_SNAPSHOTS);
    }

    /**
     * A coordination order's stream grows for as long as it stays open (D58): a snapshot every
     * 20 events keeps a command's load to one snapshot and at most 19 events.
     */
    static final Snapshots<CoordinationOrder, CoordinationOrder.Snapshot> COORDINATION_SNAPSHOTS = new Snapshots<>(
            CoordinationOrder.Snapshot.class, CoordinationOrder.SNAPSHOT_VERSION, 20, CoordinationOrder::snapshot,
            CoordinationOrder::restore);

    @Produces
    @Singleton
    static AggregateStore<Callback, CallbackEvent> callbackTasks(EventStore store) {
        return new AggregateStore<>(store, "callback", Callback::new, CallbackEvent.class, Callback::apply, c -> null,
                FollowupEvents::orderOf);
    }

    @Produces
    @Singleton
    static AggregateStore<Retention, RetentionEvent> retentionSchedules(EventStore store) {
        return new AggregateStore<>(store, "retention schedule", Retention::new, RetentionEvent.class, Retention::apply, r -> null,
                FollowupEvents::orderOf);
    }

    public AggregateStore<CoordinationOrder, CoordinationEvent> coordination() {
        return coordination;
    }

    public AggregateStore<Callback, CallbackEvent> callbacks() {
        return callbacks;
    }

    public AggregateStore<Retention, RetentionEvent> retention() {
        return retention;
    }

    public CallbackPolicy callbackPolicy() {
        return new CallbackPolicy(everyPaid, lowRating, share);
    }

    public Optional<OrderFact> fact(String orderId) {
        List<?> rows = em.createNativeQuery("select order_id, order_number, site_id, site_time_zone, technician_id, paid, rating "
                + "from order_fact where order_id = ?1").setParameter(1, orderId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.get(0);
        return Optional.of(new OrderFact((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (Boolean) r[5],
                r[6] == null ? null : ((Number) r[6]).intValue()));
    }

    public String nextCoordinationNumber(java.time.Instant now, java.time.ZoneId zone) {
        long n = ((Number) em.createNativeQuery("select nextval('coordination_number_seq')").getSingleResult()).longValue();
        return "XT" + java.time.LocalDate.ofInstant(now, zone).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                + "-" + String.format("%06d", n);
    }
}
