package doorstep.followup.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.followup.application.FollowupEvents;
import doorstep.followup.application.FollowupStores;
import doorstep.followup.application.FollowupStores.OrderFact;
import doorstep.followup.domain.RecordKind;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.platform.web.NotFound;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows dispatch: remembers each order's site, technician, payment and rating; opens a
 * coordination order on conversion; on archiving, schedules the callback (by policy) and the
 * retention of the dispatch order's records.
 */
@ApplicationScoped
public class DispatchEventsConsumer {

    /** The dispatch events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = Set.of("DispatchOpened", "TechnicianAssigned", "SurveyRecorded", "OwnerAccepted", "ConvertedToCoordination", "Archived");

    private static final Actor FOLLOWUP = Actor.service("followup");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    FollowupStores stores;
    @Inject
    EntityManager em;
    @Inject
    PersonalDataCipher personal;
    @Inject
    Clock clock;

    @Incoming("dispatch-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("followup-from-dispatch", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        JsonNode d = personal.reveal(e); // reads no personal field, but never a sealed one as text
        String order = e.subject();
        switch (e.type()) {
            case "DispatchOpened" -> em.createNativeQuery("insert into order_fact (order_id, order_number, site_id, site_time_zone, unit_label) "
                            + "values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                    .setParameter(1, order).setParameter(2, d.path("orderNumber").asText()).setParameter(3, d.path("siteId").asText())
                    .setParameter(4, d.path("siteTimeZone").asText()).setParameter(5, d.path("unitLabel").asText(""))
                    .executeUpdate();
            case "TechnicianAssigned" -> update(order, "technician_id = ?2", d.path("technicianId").asText());
            case "SurveyRecorded" -> update(order, "paid = ?2", d.path("paid").asBoolean());
            case "OwnerAccepted" -> update(order, "rating = ?2", d.path("rating").asInt());
            case "ConvertedToCoordination" -> open(e, order, d);
            case "Archived" -> archived(e, order, Instant.parse(d.path("at").asText()));
            default -> {
                // other dispatch events do not concern followup
            }
        }
    }

    private void open(EventEnvelope e, String order, JsonNode d) {
        OrderFact fact = known(order);
        ZoneId zone = ZoneId.of(fact.siteTimeZone());
        Instant now = clock.instant();
        String number = stores.nextCoordinationNumber(now, zone);
        EventMetadata metadata = EventMetadata.reactingTo(e, FOLLOWUP);
        stores.coordination().decide(FollowupEvents.coordination(order), fact.siteId(), metadata, OptionalLong.empty(),
                c -> c.open(order, number, fact.siteId(), fact.siteTimeZone(), d.path("rule").asText(),
                        Instant.parse(d.path("at").asText()), fact.technicianId(), now));
        stores.retention().decide(FollowupEvents.retention(order), fact.siteId(), metadata, OptionalLong.empty(),
                r -> r.schedule(order, RecordKind.COORDINATION_ORDER, now, zone));
    }

    private void archived(EventEnvelope e, String order, Instant archivedAt) {
        OrderFact fact = known(order);
        ZoneId zone = ZoneId.of(fact.siteTimeZone());
        update(order, "archived_at = ?2", archivedAt);
        EventMetadata metadata = EventMetadata.reactingTo(e, FOLLOWUP);
        var reasons = stores.callbackPolicy().reasons(order, fact.paid(), fact.rating());
        stores.callbacks().decide(FollowupEvents.callback(order), fact.siteId(), metadata, OptionalLong.empty(),
                c -> c.schedule(order, reasons, archivedAt));
        RecordKind kind = RecordKind.ofDispatchOrder(fact.paid());
        stores.retention().decide(FollowupEvents.retention(order), fact.siteId(), metadata, OptionalLong.empty(),
                r -> r.schedule(order, kind, archivedAt, zone));
    }

    private OrderFact known(String order) {
        // Retried, then dead-lettered: dispatch's own events arrive in order, so this means a lost DispatchOpened.
        return stores.fact(order).orElseThrow(() -> new NotFound("dispatch order", order));
    }

    private void update(String order, String assignment, Object value) {
        em.createNativeQuery("update order_fact set " + assignment + " where order_id = ?1")
                .setParameter(1, order).setParameter(2, value).executeUpdate();
    }
}
