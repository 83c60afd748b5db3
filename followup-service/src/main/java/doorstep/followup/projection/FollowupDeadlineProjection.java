package doorstep.followup.projection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.followup.application.FollowupStores;
import doorstep.followup.domain.CoordinationEvent;
import doorstep.followup.domain.RetentionEvent;
import doorstep.platform.deadline.Deadlines;
import doorstep.platform.events.EventCatalog;
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
    @Inject
    EventCatalog catalog;
    @Inject
    FollowupStores stores;

    @Override
    public String name() {
        return "followup-deadlines";
    }

    @Override
    public void reset() {
        deadlines.deleteAll();
    }

    @Override
    public void apply(EventEnvelope env) {
        Object event = catalog.decode(env);
        Map<String, Instant> pending = new LinkedHashMap<>();
        if (event instanceof CoordinationEvent) {
            pending.putAll(stores.coordination().stateAfter(env).pendingDeadlines());
        } else if (event instanceof RetentionEvent) {
            stores.retention().stateAfter(env).pendingDeadlines().forEach((kind, end) -> pending.put(kind.name(), end));
        } else {
            return; // callbacks have no deadlines
        }
        deadlines.replace(env.streamId(), env.siteId(), pending);
    }
}
