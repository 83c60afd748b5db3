package doorstep.dispatch.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.dispatch.application.DispatchCommands;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.platform.web.NotFound;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Notes the owner's answer to billing's quote on the order, so paid work can start only after
 * acceptance. Contract: {@code doorstep.billing.QuoteAccepted.v1} / {@code QuoteDeclined.v1} with
 * {@code quoteId}, {@code orderId} and {@code acceptedAt} / {@code declinedAt}.
 */
@ApplicationScoped
public class BillingEventsConsumer {

    /** The billing events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = Set.of("QuoteAccepted", "QuoteDeclined");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchCommands commands;
    @Inject
    PersonalDataCipher personal;

    @Incoming("billing-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("dispatch-from-billing", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        JsonNode data = personal.reveal(e); // QuoteAccepted's signature is personal (D48); this reads ids and times only
        String orderId = IntakeEventsConsumer.text(data, "orderId");
        String quoteId = IntakeEventsConsumer.text(data, "quoteId");
        if (!commands.load(orderId).exists()) {
            // Retried, then dead-lettered: a quote for an order dispatch has never seen needs a person.
            throw new NotFound("dispatch order", orderId);
        }
        EventMetadata metadata = EventMetadata.reactingTo(e, IntakeEventsConsumer.DISPATCH);
        if (e.type().equals("QuoteAccepted")) {
            commands.react(orderId, e.siteId(), metadata,
                    d -> d.noteQuoteAccepted(quoteId, IntakeEventsConsumer.instant(data, "acceptedAt")));
        } else {
            commands.react(orderId, e.siteId(), metadata,
                    d -> d.noteQuoteDeclined(quoteId, IntakeEventsConsumer.instant(data, "declinedAt")));
        }
    }
}
