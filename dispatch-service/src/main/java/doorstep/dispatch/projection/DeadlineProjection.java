package doorstep.dispatch.projection;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.dispatch.domain.DeadlineKind;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchEvent.*;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;

/**
 * The pending deadlines, derived from the events: set when a due time is recorded, closed by the
 * event that settles it (arrival, completion, exemption, withdrawal) or by the event its firing
 * produced. Rebuilding it from the log gives the same pending set, so nothing fires twice.
 */
@ApplicationScoped
public class DeadlineProjection implements Projection {

    public static final String PENDING = "PENDING";
    public static final String FIRED = "FIRED";
    public static final String CLOSED = "CLOSED";

    @Inject
    EntityManager em;
    @Inject
    EventCatalog catalog;

    @Override
    public String name() {
        return "deadlines";
    }

    @Override
    public void apply(EventEnvelope envelope) {
        DispatchEvent event = (DispatchEvent) catalog.decode(envelope);
        String order = envelope.streamId();
        Instant at = envelope.occurredAt();
        if (event instanceof TechnicianAssigned e) {
            pending(order, DeadlineKind.ARRIVAL, envelope.siteId(), e.arrivalDueAt());
        } else if (event instanceof AppointmentBooked e) {
            pending(order, DeadlineKind.ARRIVAL, envelope.siteId(), e.arrivalDueAt());
        } else if (event instanceof ConversionDeadlineSet e) {
            pending(order, DeadlineKind.CONVERSION, envelope.siteId(), e.dueAt());
        } else if (event instanceof ArrivalOverdue) {
            close(order, DeadlineKind.ARRIVAL, FIRED, at);
        } else if (event instanceof ConvertedToCoordination) {
            close(order, DeadlineKind.CONVERSION, FIRED, at);
        } else if (event instanceof VisitStarted || event instanceof OwnerNotHome) {
            close(order, DeadlineKind.ARRIVAL, CLOSED, at);
        } else if (event instanceof WorkCompleted || event instanceof ConversionExempted) {
            close(order, DeadlineKind.CONVERSION, CLOSED, at);
        } else if (event instanceof DispatchWithdrawn || event instanceof Archived) {
            close(order, DeadlineKind.ARRIVAL, CLOSED, at);
            close(order, DeadlineKind.CONVERSION, CLOSED, at);
        }
    }

    @Override
    public void reset() {
        em.createNativeQuery("delete from deadline").executeUpdate();
    }

    private void pending(String order, DeadlineKind kind, String site, Instant due) {
        em.createNativeQuery("insert into deadline (order_id, kind, site_id, due_at, status) values (?1, ?2, ?3, ?4, 'PENDING') "
                        + "on conflict (order_id, kind) do update set due_at = excluded.due_at, status = 'PENDING', closed_at = null")
                .setParameter(1, order).setParameter(2, kind.name()).setParameter(3, site).setParameter(4, due)
                .executeUpdate();
    }

    private void close(String order, DeadlineKind kind, String status, Instant at) {
        em.createNativeQuery("update deadline set status = ?3, closed_at = ?4 where order_id = ?1 and kind = ?2 and status = 'PENDING'")
                .setParameter(1, order).setParameter(2, kind.name()).setParameter(3, status).setParameter(4, at)
                .executeUpdate();
    }
}
