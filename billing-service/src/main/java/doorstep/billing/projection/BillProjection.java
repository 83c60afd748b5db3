package doorstep.billing.projection;

import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.billing.domain.BillingEvent;
import doorstep.billing.domain.BillingEvent.*;
import doorstep.billing.domain.OrderBill;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.ProjectionJdbc;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each order's bill (quote, charge with its working, money in and out), one revenue entry per
 * money movement for the reports, and the orders whose personal data was erased (D48). None of
 * these rows holds a personal value: the payer, the owner's signature and their reason for
 * declining stay in the (sealed) events, so an erasure only marks the order.
 */
@ApplicationScoped
public class BillProjection implements Projection {

    @Inject
    ProjectionJdbc jdbc;
    @Inject
    EventCatalog catalog;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "doorstep.reports.time-zone")
    ZoneId reportZone;

    @Override
    public String name() {
        return "bills";
    }

    @Override
    public void reset() {
        jdbc.update("delete from bill");
        jdbc.update("delete from revenue_entry");
        jdbc.update("delete from erased_order");
    }

    /** The quote's standing and the money sums are the {@link OrderBill}'s after the event; the rest is what events record. */
    @Override
    public void apply(EventEnvelope envelope, Object aggregateAfter) {
        if (!(aggregateAfter instanceof OrderBill bill)) {
            if ("PersonalDataErased".equals(envelope.type()) && catalog.decode(envelope) instanceof PersonalDataErased erased) {
                erased(envelope, erased);
            }
            return; // otherwise a fee schedule's event
        }
        BillingEvent event = (BillingEvent) catalog.decode(envelope);
        String order = envelope.streamId();
        jdbc.update("insert into bill (order_id, site_id, updated_at, version) values (?1, ?2, ?3, ?4) on conflict do nothing",
                order, envelope.siteId(), envelope.occurredAt(), envelope.streamVersion());
        if (event instanceof QuoteIssued e) {
            set(order, "quote_id = ?2, quote_total_fen = ?3, schedule_version = ?4, quote = cast(?5 as jsonb)",
                    e.quoteId(), e.totalFen(), e.scheduleVersion(), toJson(e.breakdown()));
        } else if (event instanceof ChargeRaised e) {
            set(order, "charge_total_fen = ?2, charge = cast(?3 as jsonb), technician_id = ?4", e.totalFen(), toJson(e.breakdown()), e.technicianId());
            revenue(envelope, "CHARGE", e.totalFen(), e.technicianId());
        } else if (event instanceof NoChargeRecorded e) {
            set(order, "no_charge_reason = ?2, technician_id = ?3", e.reason().name(), e.technicianId());
        } else if (event instanceof PaymentRecorded e) {
            revenue(envelope, "PAYMENT", e.amountFen(), null);
        } else if (event instanceof ChargeAdjusted e) {
            revenue(envelope, "ADJUSTMENT", e.amountFen(), null);
        } else if (event instanceof RefundIssued e) {
            revenue(envelope, "REFUND", e.amountFen(), null);
        }
        if (bill.quoteStatus() != null) {
            set(order, "quote_status = ?2", bill.quoteStatus());
        }
        set(order, "paid_fen = ?2, adjusted_fen = ?3, refunded_fen = ?4, updated_at = ?5, version = ?6",
                bill.paidFen(), bill.adjustedFen(), bill.refundedFen(), envelope.occurredAt(), envelope.streamVersion());
    }

    /** The order's personal data was erased: once, with the first erasure's reason and instant. */
    private void erased(EventEnvelope envelope, PersonalDataErased erased) {
        jdbc.update("insert into erased_order (order_id, site_id, reason, erased_at) values (?1, ?2, ?3, ?4) on conflict do nothing",
                erased.orderId(), envelope.siteId(), erased.reason().name(), erased.erasedAt());
    }

    private void revenue(EventEnvelope e, String kind, long amount, String technician) {
        // Technician: the charge's, for every later movement of the same order.
        jdbc.update("insert into revenue_entry (event_id, order_id, site_id, technician_id, month, kind, amount_fen, at) "
                        + "values (?1, ?2, ?3, coalesce(nullif(?4, ''), (select technician_id from bill where order_id = ?2)), ?5, ?6, ?7, ?8) "
                        + "on conflict do nothing",
                e.eventId(), e.streamId(), e.siteId(), technician == null ? "" : technician,
                LocalDate.ofInstant(e.occurredAt(), reportZone).toString().substring(0, 7), kind, amount, e.occurredAt());
    }

    private void set(String order, String assignments, Object... values) {
        Object[] all = new Object[values.length + 1];
        all[0] = order;
        System.arraycopy(values, 0, all, 1, values.length);
        jdbc.update("update bill set " + assignments + " where order_id = ?1", all);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
