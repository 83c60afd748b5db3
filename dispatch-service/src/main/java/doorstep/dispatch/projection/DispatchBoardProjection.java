package doorstep.dispatch.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.dispatch.domain.Dispatch;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchEvent.*;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.ProjectionJdbc;

/**
 * One row per dispatch order: the site board, technicians' work lists, and one order's summary.
 * Status, due times and the order's flags are the {@link Dispatch} aggregate's after the event (its
 * {@code apply} is the one state machine); events add only what they record (names, texts, rating).
 *
 * <p>Personal data (D48): the reporter's name, phone and extension ({@link #PERSONAL_COLUMNS}) become
 * 已删除 (NULL stays NULL) and {@code personal_data_erased} true on {@link PersonalDataErased}; from then
 * on no event writes a value into those columns again (a replica whose cache still holds the key could
 * decrypt a late event). An order is always opened before its erasure reaches dispatch (both come from
 * intake's topic, keyed by the order). A rebuild gives the same rows: the replayed events read 已删除
 * and the erasure is replayed after them.
 */
@ApplicationScoped
public class DispatchBoardProjection implements Projection {

    public static final String NAME = "dispatch-board";

    @Inject
    ProjectionJdbc jdbc;
    @Inject
    EventCatalog catalog;

    /** The board's columns holding personal data (the reporter's), replaced by 已删除 on erasure. */
    static final List<String> PERSONAL_COLUMNS = List.of("reporter_name", "reporter_phone", "reporter_phone_extension");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void reset() {
        jdbc.update("delete from dispatch_board");
    }

    @Override
    public void apply(EventEnvelope envelope, Object aggregateAfter) {
        Object decoded = catalog.decode(envelope);
        if (decoded instanceof PersonalDataErased erased) {
            erase(erased.orderId());
            return;
        }
        if (!(decoded instanceof DispatchEvent event) || !(aggregateAfter instanceof Dispatch order)) {
            return; // the working calendar's events
        }
        if (event instanceof DispatchOpened e) {
            jdbc.update("insert into dispatch_board (order_id, order_number, site_id, location_kind, unit_id, unit_label, content, "
                            + "reporter_name, reporter_phone, warranty, status, reported_at, updated_at, version, seq, reporter_phone_extension, "
                            + "personal_data_erased) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                    e.orderId(), e.orderNumber(), e.siteId(), e.locationKind().name(), e.unitId(), e.unitLabel(), e.content(),
                    e.reporterName(), e.reporterPhone(), order.warranty(), order.status().name(), e.reportedAt(), envelope.occurredAt(),
                    envelope.streamVersion(), envelope.globalPosition(), e.reporterPhoneExtension(), false);
            return;
        }
        Map<String, Object> set = new LinkedHashMap<>();
        // what the events record
        if (event instanceof DispatchDetailsUpdated e) {
            putIfNotNull(set, "content", e.content());
            putIfNotNull(set, "reporter_name", e.reporterName());
            if (e.reporterPhone() != null) {
                set.put("reporter_phone", e.reporterPhone());
                set.put("reporter_phone_extension", e.reporterPhoneExtension());
            }
        } else if (event instanceof TechnicianAssigned e) {
            set.put("technician_name", e.technicianName());
            set.put("arrival_overdue", false);
        } else if (event instanceof AppointmentBooked) {
            set.put("arrival_overdue", false);
        } else if (event instanceof ArrivalOverdue) {
            set.put("arrival_overdue", true);
        } else if (event instanceof EscalatedToTeamLeader) {
            set.put("escalated", true);
        } else if (event instanceof OwnerAccepted e) {
            set.put("rating", e.rating());
        }
        // what the order decided
        set.put("status", order.status().name());
        set.put("warranty", order.warranty());
        set.put("technician_id", order.technicianId());
        set.put("arrival_due_at", order.arrivalDueAt());
        set.put("conversion_rule", order.conversionRule() == null ? null : order.conversionRule().name());
        set.put("conversion_due_at", order.conversionDueAt());
        set.put("converted", order.converted());
        set.put("conversion_pending", order.conversionPending());
        set.put("waiting_for_materials", order.waitingForMaterials());
        set.put("paid", order.paid());
        set.put("quote_accepted", order.quoteAccepted());
        set.put("visits", order.visits());
        set.put("handling_seconds", order.handlingSeconds());
        set.put("review_overdue", order.reviewOverdue());
        set.put("archive_overdue", order.archiveOverdue());
        set.put("updated_at", envelope.occurredAt());
        set.put("version", envelope.streamVersion());
        update(envelope.streamId(), set);
    }

    /** Marks the order's row erased: its personal columns read 已删除 (NULL stays NULL); no row yet: nothing to do. */
    private void erase(String orderId) {
        StringJoiner assignments = new StringJoiner(", ");
        for (String column : PERSONAL_COLUMNS) {
            assignments.add(column + " = case when " + column + " is null then null else '" + Personal.ERASED + "' end");
        }
        jdbc.update("update dispatch_board set " + assignments + ", personal_data_erased = true where order_id = ?1", orderId);
    }

    private void update(String orderId, Map<String, Object> set) {
        StringJoiner assignments = new StringJoiner(", ");
        List<Object> values = new ArrayList<>();
        for (var column : set.entrySet()) {
            // an erased row never takes a personal value back: a value becomes the marker (and no value stays none,
            // as it would have been erased live: rebuilt and live rows agree whatever came before the erasure)
            boolean personal = PERSONAL_COLUMNS.contains(column.getKey());
            if (column.getValue() == null && personal) {
                assignments.add(column.getKey() + " = null");
            } else {
                values.add(column.getValue()); // a null is bound untyped: PostgreSQL takes the column's type
                String parameter = "?" + values.size();
                assignments.add(column.getKey() + " = " + (personal
                        ? "case when personal_data_erased then '" + Personal.ERASED + "' else " + parameter + " end" : parameter));
            }
        }
        values.add(orderId);
        jdbc.updateOne("update dispatch_board set " + assignments + " where order_id = ?" + values.size(), values.toArray());
    }

    private static void putIfNotNull(Map<String, Object> set, String column, Object value) {
        if (value != null) {
            set.put(column, value);
        }
    }
}
