package doorstep.followup.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.followup.application.FollowupStores;
import doorstep.followup.application.FollowupStores.OrderFact;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.personal.PersonalDataErasure;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows intake, the key custodian, for one thing only: an order's personal data was erased (retention
 * expired, or the person asked; D48). Followup then erases it here too: forgets the key, deletes stored
 * answers naming the order and records {@link PersonalDataErased}, whose projection marks the order's
 * tracking entries and callback 已删除. Coordination orders are erased like any other order when intake
 * says so (intake never does for their retention, which is permanent).
 */
@ApplicationScoped
public class IntakeEventsConsumer {

    /** The intake events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = Set.of("PersonalDataErased");

    private static final Actor FOLLOWUP = Actor.service("followup");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    PersonalDataErasure erasure;
    @Inject
    FollowupStores stores;

    @Incoming("intake-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("followup-from-intake", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        String site = e.siteId() != null ? e.siteId() : stores.fact(e.subject()).map(OrderFact::siteId).orElse(null);
        erasure.confirm(e, site, FOLLOWUP);
    }
}
