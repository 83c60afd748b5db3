package doorstep.dispatch.messaging;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.dispatch.application.DispatchCommands;
import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.consumer.ForeignEvents;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.web.NotFound;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Notes the owner's answer to billing's quote on the order, so paid work can start only after
 * acceptance. Reads billing's events as the typed records below, checked against billing's published
 * schemas (D50).
 */
@ApplicationScoped
public class BillingEventsConsumer {

    /** What dispatch reads of billing's {@code QuoteAccepted}. */
    @ForeignEvent(service = "billing")
    record QuoteAccepted(String quoteId, String orderId, Instant acceptedAt) {
    }

    /** What dispatch reads of billing's {@code QuoteDeclined}. */
    @ForeignEvent(service = "billing")
    record QuoteDeclined(String quoteId, String orderId, Instant declinedAt) {
    }

    /** The billing events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = ForeignEvents.names(QuoteAccepted.class, QuoteDeclined.class);

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchCommands commands;
    @Inject
    ForeignEvents foreign;

    @Incoming("billing-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("dispatch-from-billing", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        EventMetadata metadata = EventMetadata.reactingTo(e, IntakeEventsConsumer.DISPATCH);
        if (e.type().equals("QuoteAccepted")) {
            QuoteAccepted accepted = foreign.read(e, QuoteAccepted.class);
            known(accepted.orderId());
            commands.react(accepted.orderId(), e.siteId(), metadata, d -> d.noteQuoteAccepted(accepted.quoteId(), accepted.acceptedAt()));
        } else {
            QuoteDeclined declined = foreign.read(e, QuoteDeclined.class);
            known(declined.orderId());
            commands.react(declined.orderId(), e.siteId(), metadata, d -> d.noteQuoteDeclined(declined.quoteId(), declined.declinedAt()));
        }
    }

    private void known(String orderId) {
        if (!commands.load(orderId).exists()) {
            // Retried, then dead-lettered: a quote for an order dispatch has never seen needs a person.
            throw new NotFound("dispatch order", orderId);
        }
    }
}
