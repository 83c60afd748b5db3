package doorstep.followup.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.followup.domain.Cadence;
import doorstep.followup.domain.CoordinationEvent.*;
import doorstep.followup.domain.RetentionEvent.*;
import doorstep.platform.deadline.Deadlines;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;

/** Cadence and retention deadlines, set and closed by the events that carry them. */
@ApplicationScoped
public class FollowupDeadlineProjection implements Projection {

    public static final String CHECKS = "CHECKS";

    @Inject
    Deadlines deadlines;
    @Inject
    EventCatalog catalog;

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
        String stream = env.streamId();
        String site = env.siteId();
        String weekly = Cadence.WEEKLY_ENTRY.name();
        if (event instanceof CoordinationOrderOpened e) {
            deadlines.schedule(stream, weekly, site, e.firstEntryDueAt());
            deadlines.schedule(stream, CHECKS, site, e.firstChecksDueAt());
        } else if (event instanceof TrackingEntryRecorded e) {
            deadlines.schedule(stream, weekly, site, e.nextEntryDueAt());
        } else if (event instanceof TrackingEntryOverdue e) {
            deadlines.schedule(stream, weekly, site, e.nextEntryDueAt()); // the next missed week is raised too
        } else if (event instanceof CheckMonthClosed e) {
            deadlines.schedule(stream, CHECKS, site, e.nextChecksDueAt());
        } else if (event instanceof CoordinationResolved || event instanceof CoordinationArchived) {
            deadlines.closeAll(stream, env.occurredAt());
        } else if (event instanceof RetentionScheduled e && e.retainUntil() != null) {
            deadlines.schedule(stream, e.recordKind().name(), site, e.retainUntil());
        } else if (event instanceof RetentionExpired e) {
            deadlines.close(stream, e.recordKind().name(), Deadlines.FIRED, env.occurredAt());
        }
    }
}
