package doorstep.billing.application;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import doorstep.billing.domain.BillingEvent;
import doorstep.billing.domain.FeeSchedule;
import doorstep.billing.domain.FeeScheduleEvent;
import doorstep.billing.domain.FeeScheduleVersion;
import doorstep.billing.domain.OrderBill;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.eventstore.Rehydrated;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.Forbidden;
import doorstep.platform.web.NotFound;

/**
 * Bills and schedule versions through the platform's one command path ({@link AggregateStore}: load
 * from the events, let the aggregate decide, append what it decided), and the look-ups they need.
 */
@ApplicationScoped
public class BillingCommands {

    /** What a bill's order is called in a 404 (missing, or of another site: one answer). */
    public static final String ORDER = "dispatch order (not yet known to billing)";
    /** What a fee schedule version is called in a 404. */
    public static final String SCHEDULE = "fee schedule version";

    @Inject
    AggregateStore<FeeSchedule, FeeScheduleEvent> schedules;
    @Inject
    AggregateStore<OrderBill, BillingEvent> bills;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    // ---- fee schedules ------------------------------------------------------------------------

    /** The fee schedule version aggregate type (company-wide: no site). */
    @Produces
    @Singleton
    static AggregateStore<FeeSchedule, FeeScheduleEvent> feeSchedules(EventStore store) {
        return new AggregateStore<>(store, "fee schedule version", FeeSchedule::new, FeeScheduleEvent.class, FeeSchedule::apply,
                s -> null, BillingEvents::scheduleVersionOf);
    }

    /** The bill aggregate type; a bill's site is its order's, which billing learned from dispatch. */
    @Produces
    @Singleton
    static AggregateStore<OrderBill, BillingEvent> orderBills(EventStore store) {
        return new AggregateStore<>(store, "bill", OrderBill::new, BillingEvent.class, OrderBill::apply, b -> null);
    }

    public Rehydrated<FeeSchedule> schedule(int version) {
        return schedules.load(BillingEvents.scheduleStream(version));
    }

    public FeeScheduleVersion scheduleVersion(int version) {
        Rehydrated<FeeSchedule> s = schedule(version);
        if (!s.exists()) {
            throw new NotFound(SCHEDULE, String.valueOf(version));
        }
        return s.aggregate().snapshot();
    }

    /** The version in force at {@code at} (FeeSchedule.versionInForce), among the active ones the read model lists. */
    public Optional<Integer> versionInForce(Instant at) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select version, effective_from from fee_schedule_version where status = 'ACTIVE'")
                .getResultList();
        return FeeSchedule.versionInForce(rows.stream()
                .map(r -> new FeeSchedule.Active(((Number) r[0]).intValue(), instant(r[1]))).toList(), at);
    }

    private static Instant instant(Object column) {
        return column instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) column;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int nextScheduleVersion() {
        // serialise drafting so two admins never take the same number
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('doorstep-fee-schedule-version'))").getSingleResult();
        Number max = (Number) em.createNativeQuery("select coalesce(max(version), 0) from fee_schedule_version").getSingleResult();
        return max.intValue() + 1;
    }

    /**
     * A command on a schedule version, new (drafting) or existing (If-Match honoured). Schedules are
     * company-wide: only a user of every site may change them.
     *
     * @return its version afterwards
     * @throws doorstep.platform.web.Forbidden (403) for a user whose token names particular sites
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long onSchedule(int version, CommandContext context, Function<FeeSchedule, List<FeeScheduleEvent>> decision) {
        context.sites().requireCompanyWide("the fee schedule");
        return schedules.decide(BillingEvents.scheduleStream(version), null, context, decision::apply).version();
    }

    // ---- bills --------------------------------------------------------------------------------

    public Rehydrated<OrderBill> bill(String orderId) {
        return bills.load(orderId);
    }

    /**
     * A user's command on an order billing knows of, in one of the user's sites (the bill belongs to
     * the order's site, as dispatch published it). A user acting as technician may change only the
     * bill of an order dispatch assigned to them (issue 11; DESIGN.md §1: 工程人员 work the orders
     * dispatched to them), as dispatch's own command path requires; other roles pass.
     *
     * @return the bill's version afterwards
     * @throws NotFound  ({@value #ORDER}) when billing does not know the order, or it is of a site the user
     *                   does not work on: the same answer for both
     * @throws Forbidden (403) when the acting role is technician and the order is assigned to someone else
     *                   or to no one yet; nothing is written
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long onBill(String orderId, CommandContext context, Function<OrderBill, List<BillingEvent>> decision) {
        KnownOrder order = knownOrder(orderId).orElseThrow(() -> new NotFound(ORDER, orderId));
        // Checked here with the noun and id a missing order is answered with; the store checks again.
        context.sites().requireVisible(order.siteId(), ORDER, orderId);
        requireAssignedTechnician(order, context);
        return bills.decide(orderId, order.siteId(), context, decision::apply).version();
    }

    /** The one place of "a technician changes only orders assigned to them" in billing. */
    private static void requireAssignedTechnician(KnownOrder order, CommandContext context) {
        if (Roles.TECHNICIAN.equals(context.actor().role()) && !context.actor().id().equals(order.technicianId())) {
            throw new Forbidden("dispatch order " + order.orderId() + (order.technicianId() == null
                    ? " is assigned to no technician yet" : " is assigned to another technician"));
        }
    }

    /** A reaction to dispatch's events. @return events recorded */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reactOnBill(String orderId, String siteId, EventMetadata metadata, Function<OrderBill, List<BillingEvent>> decision) {
        return bills.react(orderId, siteId, metadata, decision::apply);
    }

    /** The site of an order billing learnt from dispatch; empty for an order billing does not know. */
    public Optional<String> siteOf(String orderId) {
        return knownOrder(orderId).map(KnownOrder::siteId);
    }

    /**
     * An order as billing learnt it from dispatch's events.
     *
     * @param technicianId the technician it is assigned to now; null before dispatch assigns one
     */
    public record KnownOrder(String orderId, String siteId, String technicianId) {
    }

    /** The order as billing learnt it from dispatch; empty for an order billing does not know. */
    public Optional<KnownOrder> knownOrder(String orderId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select site_id, technician_id from known_order where order_id = ?1")
                .setParameter(1, orderId).getResultList();
        return rows.stream().findFirst().map(r -> new KnownOrder(orderId, (String) r[0], (String) r[1]));
    }

    /** Inbound unit prices by warehouse code, for materials not on the schedule. */
    public Map<String, Long> inboundPrices() {
        Map<String, Long> prices = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select code, inbound_price_fen from warehouse_material").getResultList();
        rows.forEach(r -> prices.put((String) r[0], ((Number) r[1]).longValue()));
        return prices;
    }

    public Instant now() {
        return clock.instant();
    }
}
