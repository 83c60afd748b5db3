package doorstep.intake.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.intake.application.DispatchOrderCommands;
import doorstep.intake.application.PersonalDataErasures;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.personal.PersonalDataCipher;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reacts to followup: a callback that found the problem back (回访复诉) is reported again as a new
 * dispatch order; an order whose retention ended (派工单保存期限, {@code RetentionExpired}) has its
 * personal data erased here, at the key custodian (D48), unless it is a coordination order.
 */
@ApplicationScoped
public class FollowupEventsConsumer {

    /** The followup events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = Set.of("RepeatComplaintRaised", "RetentionExpired");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchOrderCommands commands;
    @Inject
    PersonalDataErasures erasures;
    @Inject
    PersonalDataCipher personal;

    @Incoming("followup-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("intake-from-followup", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        JsonNode data = personal.reveal(e);
        EventMetadata metadata = EventMetadata.reactingTo(e, Actor.service("intake"));
        if ("RetentionExpired".equals(e.type())) {
            if (data.path("orderId").asText().isBlank()) {
                throw new IllegalArgumentException("RetentionExpired " + e.eventId() + " names no order"); // dead-lettered
            }
            erasures.retentionExpired(data.path("orderId").asText(), data.path("recordKind").asText(), e.siteId(), metadata);
        } else {
            commands.reportRepeat(data.path("orderId").asText(), data.path("content").asText(), metadata);
        }
    }
}
