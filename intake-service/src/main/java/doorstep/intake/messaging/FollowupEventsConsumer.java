package doorstep.intake.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.intake.application.DispatchOrderCommands;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A callback found the problem back (回访复诉): intake reports it again as a new dispatch order. */
@ApplicationScoped
public class FollowupEventsConsumer {

    /** The followup events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = Set.of("RepeatComplaintRaised");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchOrderCommands commands;
    @Inject
    ObjectMapper json;

    @Incoming("followup-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("intake-from-followup", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        try {
            var data = json.readTree(e.payload());
            commands.reportRepeat(data.path("orderId").asText(), data.path("content").asText(),
                    EventMetadata.reactingTo(e, Actor.service("intake")));
        } catch (java.io.IOException ex) {
            throw new IllegalArgumentException("unreadable followup event", ex);
        }
    }
}
