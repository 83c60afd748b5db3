package doorstep.dispatch.deadline;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.dispatch.application.DispatchCommands;
import doorstep.dispatch.domain.DeadlineKind;
import doorstep.platform.deadline.DeadlineHandler;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventMetadata;

/** A due deadline of a dispatch order: the order judges its own deadline of that kind (Dispatch.deadlinePassed). */
@ApplicationScoped
public class DispatchDeadlines implements DeadlineHandler {

    private static final Actor SCHEDULER = Actor.service("dispatch");

    @Inject
    DispatchCommands commands;

    @Override
    public int fire(String streamId, String kind, String siteId, Instant now) {
        EventMetadata metadata = new EventMetadata(SCHEDULER, UUID.randomUUID(), null);
        DeadlineKind k = DeadlineKind.valueOf(kind);
        return commands.react(streamId, siteId, metadata, d -> d.deadlinePassed(k, now));
    }
}
