package doorstep.intake.projection;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.intake.domain.DispatchOrderEvent;
import doorstep.intake.domain.OrderAmended;
import doorstep.intake.domain.OrderCancelled;
import doorstep.intake.domain.ContactPhone;
import doorstep.intake.domain.DispatchOrder;
import doorstep.intake.domain.ProblemReported;
import doorstep.intake.domain.Reporter;
import doorstep.intake.domain.VisitTime;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.projection.Projection;

/**
 * Keeps {@link OrderSummary} in step with the dispatch order (its events and its state), live and on rebuild.
 * On {@link PersonalDataErased} (D48) the row's personal columns become 已删除 (NULL stays NULL) and the
 * row is flagged; a flagged row never takes a personal value from a later event. A replay after the
 * erasure reads the personal fields as 已删除 already (the key is gone), so the rebuilt row equals the live one.
 */
@ApplicationScoped
public class OrderSummaryProjection implements Projection {

    public static final String NAME = "order-summary";

    @Inject
    EventCatalog catalog;

    @Override
    public String name() {
        return NAME;
    }

    /** The status is the {@link DispatchOrder} aggregate's after the event; the rest is what the events record. */
    @Override
    public void apply(EventEnvelope envelope, Object aggregateAfter) {
        Object decoded = catalog.decode(envelope);
        if (decoded instanceof PersonalDataErased erased) {
            OrderSummary row = OrderSummary.findById(erased.orderId());
            if (row != null) { // an erasure of an order intake never had changes nothing here
                erase(row);
            }
            return;
        }
        if (!(decoded instanceof DispatchOrderEvent event)) {
            return;
        }
        DispatchOrder order = (DispatchOrder) aggregateAfter;
        OrderSummary row;
        if (event instanceof ProblemReported e) {
            row = new OrderSummary();
            row.orderId = e.orderId();
            row.orderNumber = e.orderNumber();
            row.siteId = e.siteId();
            row.status = order.status().name();
            row.locationKind = e.location().kind().name();
            row.unitId = e.location().unitId();
            row.unitLabel = e.location().unitLabel();
            row.publicArea = e.location().publicArea();
            if (e.legalOwner() != null) {
                row.ownerName = e.legalOwner().name();
                row.ownerPhones = e.legalOwner().phones().stream().map(ContactPhone::written).toList();
            }
            setReporter(row, e.reporter());
            setVisit(row, e.visitTime());
            row.content = e.content();
            row.channel = e.channel().name();
            row.reportingDepartment = e.reportingDepartment();
            row.warranty = e.warranty();
            row.reportedAt = e.reportedAt();
            row.seq = envelope.globalPosition();
            stamp(row, envelope);
            row.persist();
            return;
        }
        row = OrderSummary.findById(envelope.streamId());
        if (row == null) {
            throw new IllegalStateException("no summary for order " + envelope.streamId());
        }
        if (event instanceof OrderAmended e) {
            if (e.reporter() != null) {
                setReporter(row, e.reporter());
            }
            if (e.visitTime() != null) {
                setVisit(row, e.visitTime());
            }
            if (e.content() != null) {
                row.content = e.content();
            }
            if (e.warranty() != null) {
                row.warranty = e.warranty();
            }
        } else if (event instanceof OrderCancelled e) {
            row.cancelReason = e.reason();
            row.cancelledAt = e.cancelledAt();
        }
        row.status = order.status().name();
        stamp(row, envelope);
        if (row.personalDataErased) {
            erase(row); // a replica's cached key may still have revealed a clear value: never show it again
        }
    }

    /** Replaces every personal column with 已删除 (NULL stays NULL; each owner phone of the list) and flags the row. */
    static void erase(OrderSummary row) {
        row.ownerName = erased(row.ownerName);
        row.ownerPhones = row.ownerPhones == null ? null : row.ownerPhones.stream().map(p -> Personal.ERASED).toList();
        row.reporterName = erased(row.reporterName);
        row.reporterPhone = erased(row.reporterPhone);
        row.reporterFallbackDial = erased(row.reporterFallbackDial);
        row.reporterPhoneExtension = erased(row.reporterPhoneExtension);
        row.personalDataErased = true;
    }

    private static String erased(String value) {
        return value == null ? null : Personal.ERASED;
    }

    private static void stamp(OrderSummary row, EventEnvelope envelope) {
        row.version = envelope.streamVersion();
        row.updatedAt = envelope.occurredAt();
    }

    @Override
    public void reset() {
        OrderSummary.deleteAll();
    }

    /** A rebuild's page: the summaries of its orders written by earlier pages are loaded in one query, not one by one. */
    @Override
    public void beforePage(List<EventEnvelope> page) {
        List<String> orders = page.stream().map(EventEnvelope::subject).distinct().toList();
        OrderSummary.list("orderId in ?1", orders);
    }

    private static void setReporter(OrderSummary row, Reporter reporter) {
        row.reporterName = reporter.name();
        row.reporterPhone = reporter.phone().canonical();
        row.reporterPhoneKind = reporter.phone().kind().name();
        row.reporterFallbackDial = reporter.phone().fallbackDial();
        row.reporterPhoneExtension = reporter.phone().extension();
    }

    private static void setVisit(OrderSummary row, VisitTime visit) {
        row.visitAsap = visit.asSoonAsPossible();
        row.visitAgreedAt = visit.agreedAt();
    }
}
