package doorstep.dispatch.messaging;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.dispatch.application.DispatchCommands;
import doorstep.dispatch.domain.DispatchEvent.DispatchDetailsUpdated;
import doorstep.dispatch.domain.DispatchEvent.DispatchOpened;
import doorstep.dispatch.domain.LocationKind;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.platform.personal.PersonalDataErasure;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reacts to intake's reports: opens the dispatch order, follows amendments and withdrawals, and erases
 * the order's personal data when intake (the key custodian) did (D48). Reads intake's published JSON
 * (its schema is the contract), never intake's classes, with its personal fields revealed: in clear, or
 * 已删除 once the order's key is gone, which is carried on as it is (never parsed).
 */
@ApplicationScoped
public class IntakeEventsConsumer {

    /** The intake events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = Set.of("ProblemReported", "OrderAmended", "OrderCancelled", "PersonalDataErased");

    static final Actor DISPATCH = Actor.service("dispatch");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DispatchCommands commands;
    @Inject
    PersonalDataCipher personal;
    @Inject
    PersonalDataErasure erasure;

    @Incoming("intake-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("dispatch-from-intake", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        JsonNode data = personal.reveal(e);
        EventMetadata metadata = EventMetadata.reactingTo(e, DISPATCH);
        switch (e.type()) {
            case "ProblemReported" -> {
                JsonNode location = data.path("location");
                DispatchOpened opened = new DispatchOpened(text(data, "orderId"), text(data, "orderNumber"), text(data, "siteId"),
                        text(data, "siteTimeZone"), LocationKind.valueOf(text(location, "kind")), text(location, "unitId"),
                        label(location), data.path("warranty").asBoolean(), instant(data.path("visitTime"), "agreedAt"),
                        text(data, "content"), text(data.path("reporter"), "name"),
                        text(data.path("reporter").path("phone"), "canonical"), instant(data, "reportedAt"),
                        text(data.path("reporter").path("phone"), "extension"));
                commands.react(e.streamId(), e.siteId(), metadata, d -> d.open(opened));
            }
            case "OrderAmended" -> {
                JsonNode reporter = data.path("reporter");
                DispatchDetailsUpdated update = new DispatchDetailsUpdated(text(data, "content"),
                        data.path("warranty").isBoolean() ? data.get("warranty").asBoolean() : null,
                        instant(data.path("visitTime"), "agreedAt"), text(reporter, "name"),
                        text(reporter.path("phone"), "canonical"), text(reporter.path("phone"), "extension"));
                commands.react(e.streamId(), e.siteId(), metadata, d -> d.updateDetails(update));
            }
            case "OrderCancelled" ->
                    commands.react(e.streamId(), e.siteId(), metadata, d -> d.withdraw(text(data, "reason"), instant(data, "cancelledAt")));
            case "PersonalDataErased" -> {
                // intake destroyed the order's key: record the erasure here too (its projections mark the rows)
                erasure.confirm(e, e.siteId(), DISPATCH);
            }
            default -> {
                // other intake events do not concern dispatch
            }
        }
    }

    private static String label(JsonNode location) {
        String unit = text(location, "unitLabel");
        return unit != null ? unit : text(location, "publicArea");
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    static Instant instant(JsonNode node, String field) {
        String t = text(node, field);
        return t == null ? null : Instant.parse(t);
    }
}
