package doorstep.intake.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.intake.application.DispatchOrderCommands;
import doorstep.intake.application.PersonalDataErasures;
import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.consumer.ForeignEvents;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
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

    /** What intake reads of followup's {@code RepeatComplaintRaised}: the order the problem is back on, in the resident's words. */
    @ForeignEvent(service = "followup")
    record RepeatComplaintRaised(String orderId, String content) {
    }

    /** What intake reads of followup's {@code RetentionExpired}: whose records, of which kind. */
    @ForeignEvent(service = "followup")
    record RetentionExpired(String orderId, RecordKind recordKind) {
    }

    /** The kinds of records followup's retention schedule keeps (派工单 paid or free, 协调单). */
    enum RecordKind { PAID_DISPATCH_ORDER, FREE_DISPATCH_ORDER, COORDINATION_ORDER }

    /** The followup events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = ForeignEvents.names(RepeatComplaintRaised.class, RetentionExpired.class);

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchOrderCommands commands;
    @Inject
    PersonalDataErasures erasures;
    @Inject
    ForeignEvents foreign;

    @Incoming("followup-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("intake-from-followup", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        EventMetadata metadata = EventMetadata.reactingTo(e, Actor.service("intake"));
        if ("RetentionExpired".equals(e.type())) {
            RetentionExpired expired = foreign.read(e, RetentionExpired.class);
            erasures.retentionExpired(expired.orderId(), expired.recordKind().name(), e.siteId(), metadata);
        } else {
            RepeatComplaintRaised repeat = foreign.read(e, RepeatComplaintRaised.class);
            commands.reportRepeat(repeat.orderId(), repeat.content(), metadata);
        }
    }
}
