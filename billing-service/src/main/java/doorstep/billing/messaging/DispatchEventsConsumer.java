package doorstep.billing.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.billing.application.BillingCommands;
import doorstep.billing.domain.FeeScheduleVersion;
import doorstep.billing.domain.NoChargeReason;
import doorstep.billing.domain.WorkFacts;
import doorstep.platform.consumer.ForeignEvent;
import doorstep.platform.consumer.ForeignEvents;
import doorstep.platform.consumer.IdempotentConsumer;
import doorstep.platform.domain.Nullable;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows dispatch: learns each order's site when it opens and the technician it is assigned to
 * (again on each reassignment), and charges (or records why nothing is charged) when the work is
 * completed. Reads dispatch's events as the typed records below, checked against dispatch's published
 * schemas (D50), never dispatch's classes.
 */
@ApplicationScoped
public class DispatchEventsConsumer {

    /** What billing reads of dispatch's {@code DispatchOpened} (v1 and v2 alike): where the order is. */
    @ForeignEvent(service = "dispatch", versions = {1, 2})
    record DispatchOpened(String siteId, @Nullable String unitLabel) {
    }

    /** What billing reads of dispatch's {@code TechnicianAssigned}: whose order it is now. */
    @ForeignEvent(service = "dispatch")
    record TechnicianAssigned(String technicianId) {
    }

    /** What billing reads of dispatch's {@code WorkCompleted}: who pays, what was done and used, and when. */
    @ForeignEvent(service = "dispatch")
    record WorkCompleted(boolean paid, boolean warranty, @Nullable Part part, List<ServiceItem> serviceItems,
                         List<Material> materialsUsed, List<Visit> visits, String technicianId, Instant at) {
    }

    /** The part of the building worked on: the owner's, or common parts paid by the maintenance fund. */
    enum Part { PRIVATE, COMMON }

    /** A service item of the fee schedule, performed at an instant. */
    record ServiceItem(String code, Instant performedAt) {
    }

    /** A material used: a warehouse code (null when bought outside), its name, how many. */
    record Material(@Nullable String code, String name, int quantity) {
    }

    /** One visit's time on site. */
    record Visit(Instant startedAt, Instant endedAt) {
    }

    /** The dispatch events this consumer reacts to; the rest of the topic passes by. */
    static final Set<String> REACTS_TO = ForeignEvents.names(DispatchOpened.class, TechnicianAssigned.class, WorkCompleted.class);

    private static final Actor BILLING = Actor.service("billing");

    @Inject
    IdempotentConsumer consumer;
    @Inject
    BillingCommands commands;
    @Inject
    EntityManager em;
    @Inject
    ForeignEvents foreign;

    @Incoming("dispatch-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        consumer.handle("billing-from-dispatch", record, REACTS_TO, this::apply);
    }

    void apply(EventEnvelope e) {
        switch (e.type()) {
            case "DispatchOpened" -> {
                DispatchOpened d = foreign.read(e, DispatchOpened.class);
                // the assignment may have been learnt first (its row has no unit label yet)
                em.createNativeQuery("insert into known_order (order_id, site_id, unit_label) values (?1, ?2, ?3) "
                                + "on conflict (order_id) do update set unit_label = excluded.unit_label")
                        .setParameter(1, e.streamId()).setParameter(2, d.siteId())
                        .setParameter(3, d.unitLabel() == null ? "" : d.unitLabel()).executeUpdate();
            }
            case "TechnicianAssigned" -> assigned(e, foreign.read(e, TechnicianAssigned.class));
            case "WorkCompleted" -> complete(e, foreign.read(e, WorkCompleted.class));
            default -> {
                // other dispatch events do not concern billing
            }
        }
    }

    /**
     * Remembers who the order is assigned to now. An assignment replaces only an earlier one of the
     * order's stream (by stream version), so an old event read again never undoes a reassignment.
     */
    private void assigned(EventEnvelope e, TechnicianAssigned d) {
        em.createNativeQuery("insert into known_order (order_id, site_id, technician_id, technician_version) values (?1, ?2, ?3, ?4) "
                        + "on conflict (order_id) do update set technician_id = excluded.technician_id, "
                        + "technician_version = excluded.technician_version "
                        + "where known_order.technician_version is null or known_order.technician_version < excluded.technician_version")
                .setParameter(1, e.streamId()).setParameter(2, e.siteId()).setParameter(3, d.technicianId())
                .setParameter(4, e.streamVersion()).executeUpdate();
    }

    private void complete(EventEnvelope e, WorkCompleted d) {
        boolean paid = d.paid();
        NoChargeReason reason = d.warranty() ? NoChargeReason.WARRANTY
                : d.part() == Part.COMMON ? NoChargeReason.COMMON_PART : NoChargeReason.FREE_SERVICE;
        WorkFacts done = new WorkFacts(
                d.serviceItems().stream().map(i -> new WorkFacts.PerformedService(i.code(), i.performedAt())).toList(),
                d.materialsUsed().stream().map(m -> new WorkFacts.UsedMaterial(m.code(), m.name(), m.quantity())).toList(),
                d.visits().stream().map(v -> new WorkFacts.Interval(v.startedAt(), v.endedAt())).toList());
        String technician = d.technicianId();
        Instant at = d.at();
        EventMetadata metadata = EventMetadata.reactingTo(e, BILLING);
        commands.reactOnBill(e.streamId(), e.siteId(), metadata, bill -> {
            FeeScheduleVersion schedule = paid && bill.acceptedScheduleVersion() > 0
                    ? commands.scheduleVersion(bill.acceptedScheduleVersion()) : null;
            return bill.complete(e.streamId(), "charge-" + UUID.randomUUID().toString().substring(0, 8), paid, reason,
                    schedule, done, commands.inboundPrices(), technician, at);
        });
    }
}
