package doorstep.dispatch.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchEvent.VisitEnded;
import doorstep.dispatch.domain.DispatchEvent.VisitStarted;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.ProjectionJdbc;

/**
 * Every visit with who made it: the repeat-visit signal shown when assigning. The unit comes from
 * the board row (opened long before any visit) and the name from the roster.
 */
@ApplicationScoped
public class VisitLogProjection implements Projection {

    @Inject
    ProjectionJdbc jdbc;
    @Inject
    EventCatalog catalog;

    @Override
    public String name() {
        return "visit-log";
    }

    @Override
    public void apply(EventEnvelope envelope, Object aggregateAfter) {
        if (!(catalog.decode(envelope) instanceof DispatchEvent event)) {
            return; // the working calendar's events
        }
        if (event instanceof VisitStarted e) {
            jdbc.update("insert into visit_log (order_id, visit_number, site_id, unit_id, technician_id, technician_name, started_at) "
                            + "select ?1, ?2, ?3, b.unit_id, ?4, t.name, ?5 from (select 1) one "
                            + "left join dispatch_board b on b.order_id = ?1 left join technician t on t.id = ?4 "
                            + "on conflict do nothing",
                    envelope.streamId(), e.visitNumber(), envelope.siteId(), e.technicianId(), e.at());
        } else if (event instanceof VisitEnded e) {
            jdbc.update("update visit_log set ended_at = ?3 where order_id = ?1 and visit_number = ?2",
                    envelope.streamId(), e.visitNumber(), e.endedAt());
        }
    }

    @Override
    public void reset() {
        jdbc.update("delete from visit_log");
    }
}
