package doorstep.intake.application;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import doorstep.intake.domain.AmendOrder;
import doorstep.intake.domain.CancelOrder;
import doorstep.intake.domain.DispatchOrder;
import doorstep.intake.domain.DispatchOrderEvent;
import doorstep.intake.domain.LegalOwner;
import doorstep.intake.domain.Location;
import doorstep.intake.domain.ContactPhone;
import doorstep.intake.domain.ProblemReported;
import doorstep.intake.domain.ReportChannel;
import doorstep.intake.domain.ReportProblem;
import doorstep.intake.domain.Reporter;
import doorstep.intake.domain.VisitTime;
import doorstep.intake.registry.Site;
import doorstep.intake.registry.Unit;
import doorstep.intake.registry.UnitRegistry;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;

/**
 * Runs intake's commands on the platform's one command path ({@link AggregateStore}: load the order
 * from its events, let the aggregate decide, append what it decided). Always inside the caller's
 * transaction (see IdempotentCommands). What stays here is looking things up: the unit registry,
 * the order number, the original of a repeat complaint.
 */
@ApplicationScoped
public class DispatchOrderCommands {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** A report whose location is already resolved: a unit id or a public area of a site. */
    public record Report(String siteId, String unitId, String publicArea, ReporterInput reporter, VisitTime visitTime,
                         String content, ReportChannel channel, String reportingDepartment, boolean warranty) {
    }

    /**
     * The reporter as the request gives them: a checked name and a parsed number. The number's fallback
     * dial string depends on the site's area code, so the {@link Reporter} is made once the site is known.
     */
    public record ReporterInput(String name, PhoneNumber phone) {
    }

    @Inject
    AggregateStore<DispatchOrder, DispatchOrderEvent> orders;
    @Inject
    EventStore store;
    @Inject
    UnitRegistry registry;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    doorstep.platform.events.EventCatalog catalog;

    /**
     * Reports a problem for a unit of one of the caller's sites, or for a public area of one of them.
     *
     * @return the new order's id
     * @throws NotFound naming the unit (or, for a public area, the site) when it does not exist or is of a
     *                  site the caller does not work on: the same answer, so that nobody learns of another
     *                  site's units by reporting against them
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String report(Report r, CommandContext context) {
        Instant now = clock.instant();
        Location location;
        LegalOwner owner = null;
        String siteId;
        if (r.unitId() != null) {
            Unit unit = registry.findUnit(r.unitId()).orElseThrow(() -> new NotFound("unit", r.unitId()));
            context.sites().requireVisible(unit.siteId, "unit", r.unitId());
            if (r.siteId() != null && !r.siteId().equals(unit.siteId)) {
                throw InvalidRequest.of("siteId", "does not match the unit's site " + unit.siteId);
            }
            siteId = unit.siteId;
            location = Location.inUnit(unit.id, unit.label());
        } else {
            siteId = r.siteId();
            context.sites().requireVisible(siteId, "site", siteId);
            if (registry.findSite(siteId).isEmpty()) {
                throw new NotFound("site", siteId);
            }
            location = Location.publicArea(r.publicArea());
        }
        Site site = registry.findSite(siteId).orElseThrow();
        if (r.unitId() != null) {
            Unit unit = registry.findUnit(r.unitId()).orElseThrow();
            // The registry holds numbers in written form (canonical, 转 extension), which read back unchanged.
            owner = new LegalOwner(unit.ownerName, unit.ownerPhones.stream()
                    .map(p -> ContactPhone.dialledFrom(PhoneNumber.parse(p), site.areaCode)).toList());
        }
        String orderId = UUID.randomUUID().toString();
        String number = nextOrderNumber(now, ZoneId.of(site.timeZone));

        ReportProblem report = new ReportProblem(orderId, number, siteId, site.timeZone, location, owner,
                reporter(r.reporter(), site), r.visitTime(), r.content(), r.channel(), r.reportingDepartment(), r.warranty(), now, null);
        orders.decide(orderId, siteId, context, order -> order.report(report));
        return orderId;
    }

    /**
     * @return the order's version afterwards
     * @throws NotFound when there is no such order, or it is of a site the caller does not work on
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long amend(String orderId, ReporterInput reporter, VisitTime visitTime, String content, Boolean warranty, CommandContext context) {
        Instant now = clock.instant();
        return orders.execute(orderId, context, order -> order.amend(new AmendOrder(
                reporter == null ? null : reporter(reporter, registry.findSite(order.siteId()).orElseThrow()), visitTime, content, warranty, now)));
    }

    /**
     * @return the order's version afterwards
     * @throws NotFound when there is no such order, or it is of a site the caller does not work on
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long cancel(String orderId, String reason, CommandContext context) {
        CancelOrder cancellation = new CancelOrder(reason, clock.instant());
        return orders.execute(orderId, context, order -> order.cancel(cancellation));
    }

    /**
     * Reaction to a callback that found the problem back (回访复诉): a new order for the same place and
     * reporter, as soon as possible, naming the original. @return the new order's id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String reportRepeat(String originalId, String complaint, EventMetadata metadata) {
        List<doorstep.platform.events.EventEnvelope> history = store.load(originalId);
        if (history.isEmpty()) {
            throw new NotFound("order", originalId); // retried, then dead-lettered
        }
        ProblemReported original = (ProblemReported) catalog.decode(history.get(0));
        Instant now = clock.instant();
        String orderId = UUID.randomUUID().toString();
        ReportProblem report = DispatchOrder.repeatComplaint(original, orderId,
                nextOrderNumber(now, ZoneId.of(original.siteTimeZone())), complaint, now);
        orders.decide(orderId, original.siteId(), metadata, OptionalLong.empty(), order -> order.report(report));
        return orderId;
    }

    /** Reaction to dispatch's assignment. @return events recorded (0 when there was nothing to note) */
    @Transactional(Transactional.TxType.MANDATORY)
    public int noteDispatched(String orderId, String technicianId, Instant at, EventMetadata metadata) {
        if (!orders.load(orderId).exists()) {
            throw new NotFound("order", orderId); // retried, then dead-lettered: dispatch knows an order intake does not
        }
        return orders.react(orderId, null, metadata, order -> order.noteDispatched(technicianId, at));
    }

    /** The dispatch order aggregate type, for commands, reactions and the projections' folds. */
    @Produces
    @Singleton
    static AggregateStore<DispatchOrder, DispatchOrderEvent> dispatchOrders(EventStore store) {
        return new AggregateStore<>(store, "order", DispatchOrder::new, DispatchOrderEvent.class, DispatchOrder::apply,
                DispatchOrder::siteId);
    }

    private static Reporter reporter(ReporterInput in, Site site) {
        return new Reporter(in.name(), ContactPhone.dialledFrom(in.phone(), site.areaCode));
    }

    /** {@code PG20261129-000042}: 派工 and the reporting day at the site; the counter never resets. */
    private String nextOrderNumber(Instant now, ZoneId zone) {
        long n = ((Number) em.createNativeQuery("select nextval('order_number_seq')").getSingleResult()).longValue();
        return "PG" + LocalDate.ofInstant(now, zone).format(DAY) + "-" + String.format("%06d", n);
    }
}
