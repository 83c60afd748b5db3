package doorstep.followup.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import doorstep.followup.domain.RetentionEvent.*;

/**
 * An order's retention schedule: one entry per kind of record, expiring once. An order that became a
 * coordination order (协调单, kept permanently) is kept permanently as a whole: its personal data is sealed
 * under one key per order (D48), so the end of its dispatch order's period must not erase the coordination
 * order's contacts and signatures; only the person's own request does.
 */
public final class Retention {

    /** What becomes unreadable at expiry: names, phones, signatures; the anonymous facts stay. */
    public static final List<String> PERSONAL_DATA = List.of("reporter name", "reporter phone", "owner name", "owner phones",
            "signatures", "payer name", "tracking contacts");
    public static final List<String> SERVICES = List.of("intake", "dispatch", "billing", "followup");

    private String orderId;
    private final Map<RecordKind, Instant> until = new EnumMap<>(RecordKind.class);
    private final Map<RecordKind, Boolean> expired = new EnumMap<>(RecordKind.class);

    public List<RetentionEvent> schedule(String orderId, RecordKind kind, Instant from, ZoneId zone) {
        if (until.containsKey(kind)) {
            return List.of();
        }
        Instant end = keptPermanently() ? null : kind.retainUntil(from, zone).orElse(null);
        return List.of(new RetentionScheduled(orderId, kind, from, end));
    }

    /** Whether the order became a coordination order: then none of its records expires. */
    private boolean keptPermanently() {
        return until.containsKey(RecordKind.COORDINATION_ORDER);
    }

    /** The retention ends not yet reached, kind → end instant (the end instant itself is past retention, D39). */
    public Map<RecordKind, Instant> pendingDeadlines() {
        Map<RecordKind, Instant> pending = new EnumMap<>(RecordKind.class);
        if (keptPermanently()) {
            return pending; // also for a dispatch order's end scheduled before it was converted
        }
        until.forEach((kind, end) -> {
            if (end != null && !Boolean.TRUE.equals(expired.get(kind))) {
                pending.put(kind, end);
            }
        });
        return pending;
    }

    /** A retention end came due: judged at its own end instant; nothing if not pending or not reached. */
    public List<RetentionEvent> due(RecordKind kind, Instant now) {
        Instant end = pendingDeadlines().get(kind);
        if (end == null || now.isBefore(end)) {
            return List.of();
        }
        return List.of(new RetentionExpired(orderId, kind, end, PERSONAL_DATA, SERVICES, now));
    }

    public void apply(RetentionEvent event) {
        if (event instanceof RetentionScheduled e) {
            orderId = e.orderId();
            until.put(e.recordKind(), e.retainUntil());
        } else if (event instanceof RetentionExpired e) {
            expired.put(e.recordKind(), true);
        }
    }
}
