package doorstep.dispatch.messaging;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.dispatch.application.DispatchCommands;
import doorstep.dispatch.domain.DispatchEvent.DispatchDetailsUpdated;
import doorstep.dispatch.domain.DispatchEvent.DispatchOpened;
import doorstep.dispatch.domain.LocationKind;
import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.consumer.ForeignEvents;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.domain.Nullable;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.personal.PersonalDataErasure;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reacts to intake's reports: opens the dispatch order, follows amendments and withdrawals, and erases
 * the order's personal data when intake (the key custodian) did (D48). Reads intake's events as the typed
 * records below, checked against intake's published schemas (D50), never intake's classes; personal fields
 * arrive revealed: in clear, or 已删除 once the order's key is gone, carried on as they are (never parsed).
 */
@ApplicationScoped
public class IntakeEventsConsumer {

    /** What dispatch reads of intake's {@code ProblemReported}: the five elements, warranty and when. */
    @ForeignEvent(service = "intake")
    record ProblemReported(String orderId, String orderNumber, String siteId, String siteTimeZone, Location location,
                           boolean warranty, VisitTime visitTime, String content, Reporter reporter, Instant reportedAt) {
    }

    /** An order's location (户位): a unit, or a public area. */
    record Location(LocationKind kind, @Nullable String unitId, @Nullable String unitLabel, @Nullable String publicArea) {

        String label() {
            return unitLabel != null ? unitLabel : publicArea;
        }
    }

    /** The visit time: an agreed instant, or null for as soon as possible. */
    record VisitTime(@Nullable Instant agreedAt) {
    }

    /** The reporter (报事人) and the phone to call. */
    record Reporter(String name, Phone phone) {
    }

    /** The number to dial and its extension (分机), which events before D40 lack. */
    record Phone(String canonical, @Nullable(absentInOlderEvents = true) String extension) {
    }

    /** What dispatch reads of intake's {@code OrderAmended}: only the corrected parts are non-null. */
    @ForeignEvent(service = "intake")
    record OrderAmended(@Nullable Reporter reporter, @Nullable VisitTime visitTime, @Nullable String content,
                        @Nullable Boolean warranty) {
    }

    /** What dispatch reads of intake's {@code OrderCancelled}. */
    @ForeignEvent(service = "intake")
    record OrderCancelled(String reason, Instant cancelledAt) {
    }

    /** The intake events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = reactsTo();

    static final Actor DISPATCH = Actor.service("dispatch");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchCommands commands;
    @Inject
    ForeignEvents foreign;
    @Inject
    PersonalDataErasure erasure;

    @Incoming("intake-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("dispatch-from-intake", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        EventMetadata metadata = EventMetadata.reactingTo(e, DISPATCH);
        switch (e.type()) {
            case "ProblemReported" -> {
                ProblemReported r = foreign.read(e, ProblemReported.class);
                DispatchOpened opened = new DispatchOpened(r.orderId(), r.orderNumber(), r.siteId(), r.siteTimeZone(),
                        r.location().kind(), r.location().unitId(), r.location().label(), r.warranty(), r.visitTime().agreedAt(),
                        r.content(), r.reporter().name(), r.reporter().phone().canonical(), r.reportedAt(),
                        r.reporter().phone().extension());
                commands.react(e.streamId(), e.siteId(), metadata, d -> d.open(opened));
            }
            case "OrderAmended" -> {
                OrderAmended a = foreign.read(e, OrderAmended.class);
                DispatchDetailsUpdated update = new DispatchDetailsUpdated(a.content(), a.warranty(),
                        a.visitTime() == null ? null : a.visitTime().agreedAt(), a.reporter() == null ? null : a.reporter().name(),
                        a.reporter() == null ? null : a.reporter().phone().canonical(),
                        a.reporter() == null ? null : a.reporter().phone().extension());
                commands.react(e.streamId(), e.siteId(), metadata, d -> d.updateDetails(update));
            }
            case "OrderCancelled" -> {
                OrderCancelled c = foreign.read(e, OrderCancelled.class);
                commands.react(e.streamId(), e.siteId(), metadata, d -> d.withdraw(c.reason(), c.cancelledAt()));
            }
            case "PersonalDataErased" -> {
                // intake destroyed the order's key: record the erasure here too (its projections mark the rows)
                erasure.confirm(e, e.siteId(), DISPATCH);
            }
            default -> {
                // other intake events do not concern dispatch
            }
        }
    }

    private static Set<String> reactsTo() {
        Set<String> types = new HashSet<>(ForeignEvents.names(ProblemReported.class, OrderAmended.class, OrderCancelled.class));
        types.add("PersonalDataErased"); // the platform's event (D48), read by PersonalDataErasure
        return Set.copyOf(types);
    }
}
