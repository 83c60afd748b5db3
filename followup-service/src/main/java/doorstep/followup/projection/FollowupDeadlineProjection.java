package doorstep.followup.projection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.followup.domain.CoordinationOrder;
import doorstep.followup.domain.Retention;
import doorstep.platform.deadline.Deadlines;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;

/**
 * Cadence, archive and retention deadlines: after each event of a coordination order or a retention
 * schedule, exactly what that aggregate has pending ({@code pendingDeadlines()}), so the table is a
 * function of the events and a rebuild gives the same rows.
 */
@ApplicationScoped
public class FollowupDeadlineProjection implements Projection {

    @Inject
    Deadlines deadlines;

    @Override
    public String name() {
        return "followup-deadlines";
    }

    @Override
    public void reset() {
        deadlines.deleteAll();
    }

    @Override
    public void apply(EventEnvelope env, Object aggregateAfter) {
        Map<String, Instant> pending = new LinkedHashMap<>();
        if (aggregateAfter instanceof CoordinationOrder c) {
            pending.putAll(c.pendingDeadlines());
        } else if (aggregateAfter instanceof Retention r) {
            r.pendingDeadlines().forEach((kind, end) -> pending.put(kind.name(), end));
        } else {
            return; // callbacks have no deadlines
        }
        deadlines.replace(env.streamId(), env.siteId(), pending);
    }
}
