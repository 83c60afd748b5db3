package doorstep.followup.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.followup.application.FollowupEvents;
import doorstep.followup.application.FollowupStores;
import doorstep.followup.application.FollowupStores.OrderFact;
import doorstep.followup.domain.RecordKind;
import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.consumer.ForeignEvents;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.domain.Nullable;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.web.NotFound;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows dispatch: remembers each order's site, technician, payment and rating; opens a
 * coordination order on conversion; on archiving, schedules the callback (by policy) and the
 * retention of the dispatch order's records. Reads dispatch's events as the typed records below, checked
 * against dispatch's published schemas (D50).
 */
@ApplicationScoped
public class DispatchEventsConsumer {

    /** What followup reads of dispatch's {@code DispatchOpened} (v1 and v2 alike): the order's number, site and its time zone, unit. */
    @ForeignEvent(service = "dispatch", versions = {1, 2})
    record DispatchOpened(String orderNumber, String siteId, String siteTimeZone, @Nullable String unitLabel) {
    }

    /** What followup reads of dispatch's {@code TechnicianAssigned}. */
    @ForeignEvent(service = "dispatch")
    record TechnicianAssigned(String technicianId) {
    }

    /** What followup reads of dispatch's {@code SurveyRecorded}: whether the work is paid (有偿). */
    @ForeignEvent(service = "dispatch")
    record SurveyRecorded(boolean paid) {
    }

    /** What followup reads of dispatch's {@code OwnerAccepted}: the owner's rating, 1 to 5. */
    @ForeignEvent(service = "dispatch")
    record OwnerAccepted(int rating) {
    }

    /** What followup reads of dispatch's {@code ConvertedToCoordination}: the rule that converted it, and when. */
    @ForeignEvent(service = "dispatch")
    record ConvertedToCoordination(String rule, Instant at) {
    }

    /** What followup reads of dispatch's {@code Archived}: when. */
    @ForeignEvent(service = "dispatch")
    record Archived(Instant at) {
    }

    /** The dispatch events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = ForeignEvents.names(DispatchOpened.class, TechnicianAssigned.class, SurveyRecorded.class,
            OwnerAccepted.class, ConvertedToCoordination.class, Archived.class);

    private static final Actor FOLLOWUP = Actor.service("followup");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    FollowupStores stores;
    @Inject
    EntityManager em;
    @Inject
    ForeignEvents foreign;
    @Inject
    Clock clock;

    @Incoming("dispatch-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("followup-from-dispatch", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        String order = e.subject();
        switch (e.type()) {
            case "DispatchOpened" -> {
                DispatchOpened d = foreign.read(e, DispatchOpened.class);
                em.createNativeQuery("insert into order_fact (order_id, order_number, site_id, site_time_zone, unit_label) "
                                + "values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                        .setParameter(1, order).setParameter(2, d.orderNumber()).setParameter(3, d.siteId())
                        .setParameter(4, d.siteTimeZone()).setParameter(5, d.unitLabel() == null ? "" : d.unitLabel())
                        .executeUpdate();
            }
            case "TechnicianAssigned" -> update(order, "technician_id = ?2", foreign.read(e, TechnicianAssigned.class).technicianId());
            case "SurveyRecorded" -> update(order, "paid = ?2", foreign.read(e, SurveyRecorded.class).paid());
            case "OwnerAccepted" -> update(order, "rating = ?2", foreign.read(e, OwnerAccepted.class).rating());
            case "ConvertedToCoordination" -> open(e, order, foreign.read(e, ConvertedToCoordination.class));
            case "Archived" -> archived(e, order, foreign.read(e, Archived.class).at());
            default -> {
                // other dispatch events do not concern followup
            }
        }
    }

    private void open(EventEnvelope e, String order, ConvertedToCoordination converted) {
        OrderFact fact = known(order);
        ZoneId zone = ZoneId.of(fact.siteTimeZone());
        Instant now = clock.instant();
        String number = stores.nextCoordinationNumber(now, zone);
        EventMetadata metadata = EventMetadata.reactingTo(e, FOLLOWUP);
        stores.coordination().decide(FollowupEvents.coordination(order), fact.siteId(), metadata, OptionalLong.empty(),
                c -> c.open(order, number, fact.siteId(), fact.siteTimeZone(), converted.rule(), converted.at(), fact.technicianId(), now));
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
