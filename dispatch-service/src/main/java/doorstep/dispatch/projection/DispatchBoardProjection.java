package doorstep.dispatch.projection;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchEvent.*;
import doorstep.dispatch.domain.DispatchStatus;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.projection.Projection;

/** One row per dispatch order: the site board, technicians' work lists, and one order's summary. */
@ApplicationScoped
public class DispatchBoardProjection implements Projection {

    public static final String NAME = "dispatch-board";

    @Inject
    EntityManager em;
    @Inject
    EventCatalog catalog;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void reset() {
        em.createNativeQuery("delete from dispatch_board").executeUpdate();
    }

    @Override
    public void apply(EventEnvelope envelope) {
        if (!(catalog.decode(envelope) instanceof DispatchEvent event)) {
            return; // the working calendar's events
        }
        if (event instanceof DispatchOpened e) {
            em.createNativeQuery("insert into dispatch_board (order_id, order_number, site_id, location_kind, unit_id, unit_label, content, "
                            + "reporter_name, reporter_phone, warranty, status, reported_at, updated_at, version, seq) "
                            + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'OPEN', ?11, ?12, ?13, ?14)")
                    .setParameter(1, e.orderId()).setParameter(2, e.orderNumber()).setParameter(3, e.siteId())
                    .setParameter(4, e.locationKind().name()).setParameter(5, e.unitId()).setParameter(6, e.unitLabel())
                    .setParameter(7, e.content()).setParameter(8, e.reporterName()).setParameter(9, e.reporterPhone())
                    .setParameter(10, e.warranty()).setParameter(11, e.reportedAt()).setParameter(12, envelope.occurredAt())
                    .setParameter(13, envelope.streamVersion()).setParameter(14, envelope.globalPosition())
                    .executeUpdate();
            return;
        }
        Map<String, Object> set = new LinkedHashMap<>();
        if (event instanceof DispatchDetailsUpdated e) {
            putIfNotNull(set, "content", e.content());
            putIfNotNull(set, "warranty", e.warranty());
            putIfNotNull(set, "reporter_name", e.reporterName());
            putIfNotNull(set, "reporter_phone", e.reporterPhone());
        } else if (event instanceof DispatchWithdrawn) {
            set.put("status", DispatchStatus.WITHDRAWN.name());
            set.put("arrival_due_at", null);
        } else if (event instanceof TechnicianAssigned e) {
            set.put("status", DispatchStatus.ASSIGNED.name());
            set.put("technician_id", e.technicianId());
            set.put("technician_name", e.technicianName());
            set.put("arrival_due_at", e.arrivalDueAt());
            set.put("arrival_overdue", false);
        } else if (event instanceof ConversionDeadlineSet e) {
            set.put("conversion_rule", e.rule().name());
            set.put("conversion_due_at", e.dueAt());
        } else if (event instanceof ConversionDeadlineMoved e) {
            set.put("conversion_due_at", e.dueAt());
        } else if (event instanceof AssignmentAccepted) {
            set.put("status", DispatchStatus.ACCEPTED.name());
        } else if (event instanceof ArrivalOverdue) {
            set.put("arrival_overdue", true);
        } else if (event instanceof AppointmentBooked e) {
            set.put("arrival_due_at", e.arrivalDueAt());
            set.put("arrival_overdue", false);
        } else if (event instanceof OwnerNotHome) {
            set.put("status", DispatchStatus.AWAITING_APPOINTMENT.name());
            set.put("arrival_due_at", null);
        } else if (event instanceof EscalatedToTeamLeader) {
            set.put("escalated", true);
        } else if (event instanceof VisitStarted e) {
            set.put("status", DispatchStatus.ON_SITE.name());
            set.put("visits", e.visitNumber());
            set.put("arrival_due_at", null);
            set.put("waiting_for_materials", false);
        } else if (event instanceof VisitEnded e) {
            set.put("status", DispatchStatus.PAUSED.name());
            set.put("handling_seconds", e.handlingSecondsSoFar());
        } else if (event instanceof SurveyRecorded e) {
            set.put("paid", e.paid());
        } else if (event instanceof QuoteAcceptanceNoted) {
            set.put("quote_accepted", true);
        } else if (event instanceof QuoteDeclineNoted) {
            set.put("quote_accepted", false);
        } else if (event instanceof WaitingForMaterials) {
            set.put("waiting_for_materials", true);
        } else if (event instanceof MaterialsAvailable) {
            set.put("waiting_for_materials", false);
        } else if (event instanceof WorkCompleted e) {
            set.put("status", DispatchStatus.COMPLETED.name());
            set.put("handling_seconds", e.handlingSeconds());
        } else if (event instanceof OwnerAccepted e) {
            set.put("status", DispatchStatus.SIGNED_OFF.name());
            set.put("rating", e.rating());
        } else if (event instanceof VerifiedWithoutOwnerSignature) {
            set.put("status", DispatchStatus.SIGNED_OFF.name());
        } else if (event instanceof ReviewedByTeamLeader) {
            set.put("status", DispatchStatus.REVIEWED.name());
        } else if (event instanceof Archived) {
            set.put("status", DispatchStatus.ARCHIVED.name());
        } else if (event instanceof ConvertedToCoordination) {
            set.put("converted", true);
        }
        set.put("updated_at", envelope.occurredAt());
        set.put("version", envelope.streamVersion());
        update(envelope.streamId(), set);
    }

    private void update(String orderId, Map<String, Object> set) {
        java.util.StringJoiner assignments = new java.util.StringJoiner(", ");
        java.util.List<Object> values = new java.util.ArrayList<>();
        for (var column : set.entrySet()) {
            if (column.getValue() == null) {
                assignments.add(column.getKey() + " = null"); // no typed null through JPA: say it in SQL
            } else {
                values.add(column.getValue());
                assignments.add(column.getKey() + " = ?" + values.size());
            }
        }
        values.add(orderId);
        Query q = em.createNativeQuery("update dispatch_board set " + assignments + " where order_id = ?" + values.size());
        for (int p = 0; p < values.size(); p++) {
            q.setParameter(p + 1, values.get(p));
        }
        if (q.executeUpdate() != 1) {
            throw new IllegalStateException("no board row for order " + orderId);
        }
    }

    private static void putIfNotNull(Map<String, Object> set, String column, Object value) {
        if (value != null) {
            set.put(column, value);
        }
    }
}
