package doorstep.billing.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.billing.domain.FeeSchedule;
import doorstep.billing.domain.FeeScheduleEvent;
import doorstep.billing.domain.FeeScheduleEvent.*;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.ProjectionJdbc;

/** The schedule versions with their items and status: what the public page and quotes read. */
@ApplicationScoped
public class FeeScheduleProjection implements Projection {

    @Inject
    ProjectionJdbc jdbc;
    @Inject
    EventCatalog catalog;
    @Inject
    ObjectMapper json;

    @Override
    public String name() {
        return "fee-schedules";
    }

    /** The version's status is the {@link FeeSchedule}'s after the event. */
    @Override
    public void apply(EventEnvelope envelope, Object aggregateAfter) {
        if (!(aggregateAfter instanceof FeeSchedule schedule)) {
            return; // a bill's event
        }
        FeeScheduleEvent event = (FeeScheduleEvent) catalog.decode(envelope);
        try {
            if (event instanceof FeeScheduleDrafted e) {
                jdbc.update("insert into fee_schedule_version (version, status, effective_from, items) values (?1, ?4, ?2, cast(?3 as jsonb))",
                        e.version(), e.effectiveFrom(), json.writeValueAsString(e.items()), schedule.state());
            } else if (event instanceof FeeScheduleRevised e) {
                jdbc.update("update fee_schedule_version set effective_from = ?2, items = cast(?3 as jsonb) where version = ?1",
                        e.version(), e.effectiveFrom(), json.writeValueAsString(e.items()));
            } else if (event instanceof FeeScheduleActivated e) {
                jdbc.update("update fee_schedule_version set status = ?3, activated_at = ?2 where version = ?1",
                        e.version(), e.activatedAt(), schedule.state());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void reset() {
        jdbc.update("delete from fee_schedule_version");
    }
}
