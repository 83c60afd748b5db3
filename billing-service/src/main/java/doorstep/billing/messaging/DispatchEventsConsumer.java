package doorstep.billing.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.billing.application.BillingCommands;
import doorstep.billing.domain.FeeScheduleVersion;
import doorstep.billing.domain.NoChargeReason;
import doorstep.billing.domain.WorkFacts;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.personal.PersonalDataCipher;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows dispatch: learns each order's site when it opens and the technician it is assigned to
 * (again on each reassignment), and charges (or records why nothing is charged) when the work is
 * completed. Reads dispatch's published JSON, never its classes.
 */
@ApplicationScoped
public class DispatchEventsConsumer {

    /** The dispatch events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = Set.of("DispatchOpened", "TechnicianAssigned", "WorkCompleted");

    private static final Actor BILLING = Actor.service("billing");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    BillingCommands commands;
    @Inject
    EntityManager em;
    @Inject
    PersonalDataCipher personal;

    @Incoming("dispatch-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("billing-from-dispatch", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        switch (e.type()) {
            case "DispatchOpened" -> {
                JsonNode d = read(e);
                // the assignment may have been learnt first (its row has no unit label yet)
                em.createNativeQuery("insert into known_order (order_id, site_id, unit_label) values (?1, ?2, ?3) "
                                + "on conflict (order_id) do update set unit_label = excluded.unit_label")
                        .setParameter(1, e.streamId()).setParameter(2, d.path("siteId").asText())
                        .setParameter(3, d.path("unitLabel").isNull() ? "" : d.path("unitLabel").asText()).executeUpdate();
            }
            case "TechnicianAssigned" -> assigned(e, read(e));
            case "WorkCompleted" -> complete(e, read(e));
            default -> {
                // other dispatch events do not concern billing
            }
        }
    }

    /**
     * Remembers who the order is assigned to now. An assignment replaces only an earlier one of the
     * order's stream (by stream version), so an old event read again never undoes a reassignment.
     */
    private void assigned(EventEnvelope e, JsonNode d) {
        em.createNativeQuery("insert into known_order (order_id, site_id, technician_id, technician_version) values (?1, ?2, ?3, ?4) "
                        + "on conflict (order_id) do update set technician_id = excluded.technician_id, "
                        + "technician_version = excluded.technician_version "
                        + "where known_order.technician_version is null or known_order.technician_version < excluded.technician_version")
                .setParameter(1, e.streamId()).setParameter(2, e.siteId()).setParameter(3, d.path("technicianId").asText())
                .setParameter(4, e.streamVersion()).executeUpdate();
    }

    private void complete(EventEnvelope e, JsonNode d) {
        boolean paid = d.path("paid").asBoolean();
        NoChargeReason reason = d.path("warranty").asBoolean() ? NoChargeReason.WARRANTY
                : "COMMON".equals(d.path("part").asText()) ? NoChargeReason.COMMON_PART : NoChargeReason.FREE_SERVICE;
        List<WorkFacts.PerformedService> services = new ArrayList<>();
        d.path("serviceItems").forEach(i -> services.add(new WorkFacts.PerformedService(i.path("code").asText(),
                Instant.parse(i.path("performedAt").asText()))));
        List<WorkFacts.UsedMaterial> materials = new ArrayList<>();
        d.path("materialsUsed").forEach(m -> materials.add(new WorkFacts.UsedMaterial(
                m.path("code").isNull() || m.path("code").isMissingNode() ? null : m.path("code").asText(),
                m.path("name").asText(), m.path("quantity").asInt())));
        List<WorkFacts.Interval> visits = new ArrayList<>();
        d.path("visits").forEach(v -> visits.add(new WorkFacts.Interval(Instant.parse(v.path("startedAt").asText()),
                Instant.parse(v.path("endedAt").asText()))));
        WorkFacts done = new WorkFacts(services, materials, visits);
        String technician = d.path("technicianId").asText();
        Instant at = Instant.parse(d.path("at").asText());
        EventMetadata metadata = EventMetadata.reactingTo(e, BILLING);
        commands.reactOnBill(e.streamId(), e.siteId(), metadata, bill -> {
            FeeScheduleVersion schedule = paid && bill.acceptedScheduleVersion() > 0
                    ? commands.scheduleVersion(bill.acceptedScheduleVersion()) : null;
            return bill.complete(e.streamId(), "charge-" + UUID.randomUUID().toString().substring(0, 8), paid, reason,
                    schedule, done, commands.inboundPrices(), technician, at);
        });
    }

    /** The event's data, personal values revealed (or 已删除 once erased, D48); billing reads none of them. */
    private JsonNode read(EventEnvelope e) {
        return personal.reveal(e);
    }
}
