package doorstep.followup.application;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.followup.domain.RecordKind;
import doorstep.platform.deadline.DeadlineHandler;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventMetadata;

/** Due cadences and archives go to the coordination order; due retention ends to the order's retention schedule. */
@ApplicationScoped
public class FollowupDeadlines implements DeadlineHandler {

    private static final Actor SCHEDULER = Actor.service("followup");

    @Inject
    FollowupStores stores;

    @Override
    public int fire(String streamId, String kind, String siteId, Instant now) {
        EventMetadata metadata = new EventMetadata(SCHEDULER, UUID.randomUUID(), null);
        if (streamId.endsWith("/retention")) {
            return stores.retention().decide(streamId, siteId, metadata, OptionalLong.empty(),
                    r -> r.due(RecordKind.valueOf(kind), now)).recorded();
        }
        return stores.coordination().decide(streamId, siteId, metadata, OptionalLong.empty(),
                c -> c.cadenceDue(kind, now)).recorded();
    }
}
