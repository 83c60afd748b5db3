package doorstep.dispatch.projection;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.dispatch.domain.DeadlineKind;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchEvent.*;
import doorstep.platform.deadline.Deadlines;
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

    private static final String FIRED = Deadlines.FIRED;
    private static final String CLOSED = Deadlines.CLOSED;

    @Inject
    Deadlines deadlines;
    @Inject
    EventCatalog catalog;

    @Override
    public String name() {
        return "deadlines";
    }

    @Override
    public void apply(EventEnvelope envelope) {
        if (!(catalog.decode(envelope) instanceof DispatchEvent event)) {
            return; // the working calendar's events
        }
        String order = envelope.streamId();
        Instant at = envelope.occurredAt();
        if (event instanceof TechnicianAssigned e) {
            pending(order, DeadlineKind.ARRIVAL, envelope.siteId(), e.arrivalDueAt());
        } else if (event instanceof AppointmentBooked e) {
            pending(order, DeadlineKind.ARRIVAL, envelope.siteId(), e.arrivalDueAt());
        } else if (event instanceof ConversionDeadlineSet e) {
            pending(order, DeadlineKind.CONVERSION, envelope.siteId(), e.dueAt());
        } else if (event instanceof ConversionDeadlineMoved e) {
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
        deadlines.deleteAll();
    }

    private void pending(String order, DeadlineKind kind, String site, Instant due) {
        deadlines.schedule(order, kind.name(), site, due);
    }

    private void close(String order, DeadlineKind kind, String status, Instant at) {
        deadlines.close(order, kind.name(), status, at);
    }
}
