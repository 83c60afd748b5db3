package doorstep.billing.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.personal.PersonalDataErasure;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows intake, the custodian of the data keys, for one fact only: an order's personal data was
 * erased (个人信息删除, decision D48; on retention expiry or at the person's request). Billing then erases
 * it too: forgets the key, deletes the stored answers naming the order and records
 * {@link PersonalDataErased} with intake's reason and instant, which marks the bill as erased.
 */
@ApplicationScoped
public class IntakeEventsConsumer {

    /** The intake events this consumer reacts to; the rest of the topic passes by unread. */
    static final Set<String> REACTS_TO = Set.of("PersonalDataErased");

    private static final Actor BILLING = Actor.service("billing");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    PersonalDataErasure erasure;

    @Incoming("intake-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("billing-from-intake", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        erasure.confirm(e, e.siteId(), BILLING);
    }
}
