package doorstep.billing.application;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import doorstep.billing.domain.BillingEvent;
import doorstep.billing.domain.FeeSchedule;
import doorstep.billing.domain.FeeScheduleEvent;
import doorstep.billing.domain.FeeScheduleVersion;
import doorstep.billing.domain.OrderBill;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.eventstore.Rehydrated;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.NotFound;

/** Loads bills and schedules from their events, lets them decide, appends what they decided. */
@ApplicationScoped
public class BillingCommands {

    @Inject
    EventStore store;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    // ---- fee schedules ------------------------------------------------------------------------

    public Rehydrated<FeeSchedule> schedule(int version) {
        return store.rehydrate(BillingEvents.scheduleStream(version), FeeSchedule::new, FeeScheduleEvent.class, FeeSchedule::apply);
    }

    public FeeScheduleVersion scheduleVersion(int version) {
        Rehydrated<FeeSchedule> s = schedule(version);
        if (!s.exists()) {
            throw new NotFound("fee schedule version", String.valueOf(version));
        }
        return s.aggregate().snapshot();
    }

    /** The active version with the latest start not after {@code at}. */
    public Optional<Integer> versionInForce(Instant at) {
        List<?> rows = em.createNativeQuery("select version from fee_schedule_version where status = 'ACTIVE' and effective_from <= ?1 "
                + "order by effective_from desc, version desc limit 1").setParameter(1, at).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(((Number) rows.get(0)).intValue());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int nextScheduleVersion() {
        // serialise drafting so two admins never take the same number
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('doorstep-fee-schedule-version'))").getSingleResult();
        Number max = (Number) em.createNativeQuery("select coalesce(max(version), 0) from fee_schedule_version").getSingleResult();
        return max.intValue() + 1;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long onSchedule(int version, CommandContext context, Function<FeeSchedule, List<FeeScheduleEvent>> decision) {
        Rehydrated<FeeSchedule> loaded = schedule(version);
        if (version > 0 && loaded.exists()) {
            context.checkVersion(loaded.version());
        }
        List<FeeScheduleEvent> events = decision.apply(loaded.aggregate());
        store.append(BillingEvents.scheduleStream(version), loaded.version(), null, events, context.metadata());
        return loaded.version() + events.size();
    }

    // ---- bills --------------------------------------------------------------------------------

    public Rehydrated<OrderBill> bill(String orderId) {
        return store.rehydrate(orderId, OrderBill::new, BillingEvent.class, OrderBill::apply);
    }

    /** A user's command on an order billing knows of. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long onBill(String orderId, CommandContext context, Function<OrderBill, List<BillingEvent>> decision) {
        String site = siteOf(orderId).orElseThrow(() -> new NotFound("dispatch order (not yet known to billing)", orderId));
        Rehydrated<OrderBill> loaded = bill(orderId);
        context.checkVersion(loaded.version());
        List<BillingEvent> events = decision.apply(loaded.aggregate());
        store.append(orderId, loaded.version(), site, events, context.metadata());
        return loaded.version() + events.size();
    }

    /** A reaction to dispatch's events. @return events recorded */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reactOnBill(String orderId, String siteId, EventMetadata metadata, Function<OrderBill, List<BillingEvent>> decision) {
        Rehydrated<OrderBill> loaded = bill(orderId);
        List<BillingEvent> events = decision.apply(loaded.aggregate());
        store.append(orderId, loaded.version(), siteId, events, metadata);
        return events.size();
    }

    public Optional<String> siteOf(String orderId) {
        List<?> rows = em.createNativeQuery("select site_id from known_order where order_id = ?1").setParameter(1, orderId).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0));
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
