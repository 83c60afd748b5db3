package doorstep.dispatch.projection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.dispatch.domain.Dispatch;
import doorstep.platform.deadline.Deadlines;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;

/**
 * The pending deadlines: after each event, exactly what the order itself has pending
 * ({@link Dispatch#pendingDeadlines()}), so the table never holds a deadline the order does not
 * know, and a rebuild from the log gives the same rows.
 */
@ApplicationScoped
public class DeadlineProjection implements Projection {

    @Inject
    Deadlines deadlines;

    @Override
    public String name() {
        return "deadlines";
    }

    @Override
    public void apply(EventEnvelope envelope, Object aggregateAfter) {
        if (!(aggregateAfter instanceof Dispatch order)) {
            return; // the working calendar's events: no deadlines
        }
        Map<String, Instant> pending = new LinkedHashMap<>();
        order.pendingDeadlines().forEach((kind, due) -> pending.put(kind.name(), due));
        deadlines.replace(envelope.streamId(), envelope.siteId(), pending);
    }

    @Override
    public void reset() {
        deadlines.deleteAll();
    }
}
