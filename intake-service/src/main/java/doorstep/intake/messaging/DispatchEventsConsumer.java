package doorstep.intake.messaging;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.intake.application.DispatchOrderCommands;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.personal.PersonalDataCipher;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Notes on intake's order when dispatch assigns a technician, so intake stops amending it. */
@ApplicationScoped
public class DispatchEventsConsumer {

    /** The dispatch events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = Set.of("TechnicianAssigned");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchOrderCommands commands;
    @Inject
    PersonalDataCipher personal;

    @Incoming("dispatch-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("intake-from-dispatch", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        JsonNode data = personal.reveal(e);
        EventMetadata metadata = EventMetadata.reactingTo(e, Actor.service("intake"));
        commands.noteDispatched(e.streamId(), data.path("technicianId").asText(),
                Instant.parse(data.path("assignedAt").asText()), metadata);
    }
}
