package doorstep.intake.messaging;

import doorstep.intake.projection.OrderDeskProjection;
import doorstep.platform.consumer.IdempotentConsumer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the customer-center desk (D53) with every event of the four topics, intake's own included, each applied once
 * ({@link IdempotentConsumer}, consumer {@code order-desk}). Channels of its own: the desk's faults never hold up intake's
 * reactions to dispatch and followup, nor they the desk.
 */
@ApplicationScoped
public class DeskConsumer {

    /** The name under which the desk records what it processed. */
    public static final String CONSUMER = "order-desk";

    @Inject
    IdempotentConsumer consumer;
    @Inject
    OrderDeskProjection desk;

    @Incoming("desk-intake")
    @Blocking
    public void intake(ConsumerRecord<String, byte[]> record) {
        consumer.handle(CONSUMER, record, desk::record);
    }

    @Incoming("desk-dispatch")
    @Blocking
    public void dispatch(ConsumerRecord<String, byte[]> record) {
        consumer.handle(CONSUMER, record, desk::record);
    }

    @Incoming("desk-billing")
    @Blocking
    public void billing(ConsumerRecord<String, byte[]> record) {
        consumer.handle(CONSUMER, record, desk::record);
    }

    @Incoming("desk-followup")
    @Blocking
    public void followup(ConsumerRecord<String, byte[]> record) {
        consumer.handle(CONSUMER, record, desk::record);
    }
}
