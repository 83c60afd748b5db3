package doorstep.intake.messaging;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.intake.application.DispatchOrderCommands;
import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.consumer.ForeignEvents;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Notes on intake's order when dispatch assigns a technician, so intake stops amending it. */
@ApplicationScoped
public class DispatchEventsConsumer {

    /** What intake reads of dispatch's {@code TechnicianAssigned}. */
    @ForeignEvent(service = "dispatch")
    record TechnicianAssigned(String technicianId, Instant assignedAt) {
    }

    /** The dispatch events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = ForeignEvents.names(TechnicianAssigned.class);

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchOrderCommands commands;
    @Inject
    ForeignEvents foreign;

    @Incoming("dispatch-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("intake-from-dispatch", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        TechnicianAssigned assigned = foreign.read(e, TechnicianAssigned.class);
        EventMetadata metadata = EventMetadata.reactingTo(e, Actor.service("intake"));
        commands.noteDispatched(e.streamId(), assigned.technicianId(), assigned.assignedAt(), metadata);
    }
}
