package doorstep.dispatch.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import doorstep.dispatch.api.DispatchViews.DispatchView;
import doorstep.dispatch.api.DispatchViews.RepeatVisits;
import doorstep.platform.web.TimelineEntry;
import doorstep.dispatch.api.DispatchViews.VisitView;
import doorstep.dispatch.domain.DispatchStatus;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;
import doorstep.platform.web.Timelines;

/** Reads: the site board, a technician's work list, one order with its visits and timeline. */
@ApplicationScoped
public class DispatchQueries {

    /** How far back a visit counts as a repeat visit. */
    static final Duration REPEAT_WINDOW = Duration.ofDays(30);

    private static final String COLUMNS = "order_id, order_number, site_id, location_kind, unit_id, unit_label, content, "
            + "reporter_name, reporter_phone, warranty, status, technician_id, technician_name, arrival_due_at, arrival_overdue, "
            + "conversion_rule, conversion_due_at, converted, escalated, waiting_for_materials, paid, quote_accepted, visits, "
            + "handling_seconds, rating, reported_at, updated_at, version, seq, review_overdue, archive_overdue, reporter_phone_extension, "
            + "personal_data_erased";

    /** What a dispatch order is called in a 404. */
    public static final String NOUN = "dispatch order";

    /**
     * Board filters; any may be null. {@code siteIds}: the sites the list may contain (null: every site;
     * see {@link doorstep.platform.security.SiteScope#listFilter}). {@code overdue}: arrival overdue, the conversion deadline has passed,
     * or the same-day review or archive was missed (D46).
     */
    public record Filter(List<String> siteIds, String status, String technicianId, Boolean overdue, boolean openOnly) {
    }

    @Inject
    EntityManager em;
    @Inject
    Timelines timelines;
    @Inject
    Clock clock;

    public DispatchView get(String orderId) {
        List<?> rows = em.createNativeQuery("select " + COLUMNS + " from dispatch_board where order_id = ?1")
                .setParameter(1, orderId).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound(NOUN, orderId);
        }
        return view((Object[]) rows.get(0));
    }

    public Page<DispatchView> list(Filter f, String cursor, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (f.siteIds() != null) {
            params.add(f.siteIds().toArray(String[]::new));
            where.add("site_id = any(cast(?" + params.size() + " as text[]))");
        }
        if (f.status() != null) {
            params.add(f.status());
            where.add("status = ?" + params.size());
        }
        if (f.technicianId() != null) {
            params.add(f.technicianId());
            where.add("technician_id = ?" + params.size());
        }
        if (f.openOnly()) {
            where.add("status not in (" + Arrays.stream(DispatchStatus.values()).filter(DispatchStatus::isClosed)
                    .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ")) + ")");
        }
        if (Boolean.TRUE.equals(f.overdue())) {
            params.add(clock.instant());
            where.add("(arrival_overdue or review_overdue or archive_overdue or (conversion_pending and conversion_due_at <= ?"
                    + params.size() + "))");
        }
        String[] after = Page.decode(cursor, 1);
        if (after != null) {
            try {
                params.add(Long.parseLong(after[0]));
            } catch (NumberFormatException e) {
                throw doorstep.platform.web.InvalidRequest.of("cursor", "is not a cursor from this list");
            }
            where.add("seq < ?" + params.size());
        }
        String sql = "select " + COLUMNS + " from dispatch_board" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by seq desc limit " + (limit + 1);
        Query q = em.createNativeQuery(sql);
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        Page<Object[]> page = Page.of(rows, limit, r -> new String[] {String.valueOf(((Number) r[28]).longValue())});
        return new Page<>(page.items().stream().map(DispatchQueries::view).toList(), page.nextCursor());
    }

    public List<VisitView> visits(String orderId) {
        return visitRows("where order_id = ?1 order by visit_number", orderId);
    }

    /** Visits to this order, and to its unit (other orders), in the last 30 days. */
    public RepeatVisits repeatVisits(String orderId) {
        Instant since = clock.instant().minus(REPEAT_WINDOW);
        DispatchView order = get(orderId);
        List<VisitView> sameOrder = visits(orderId);
        List<VisitView> sameUnit = order.unitId() == null ? List.of() : visitRows(
                "where unit_id = ?1 and order_id <> ?2 and started_at >= ?3 order by started_at desc limit 20",
                order.unitId(), orderId, since);
        return new RepeatVisits(sameOrder.stream().filter(v -> !v.startedAt().isBefore(since)).toList(), sameUnit);
    }

    /**
     * A page of the order's events, oldest first, with who recorded it (user id and the role they acted in): the page after
     * {@code cursor} (null: the first), at most {@code limit} events ({@link Timelines}, D56).
     *
     * @throws NotFound for an unknown order, and exactly so for an order of a site not in {@code sites}
     */
    public Page<TimelineEntry> timeline(String orderId, SiteScope sites, String cursor, int limit) {
        return timelines.visible(orderId, sites, NOUN, orderId, cursor, limit);
    }

    private List<VisitView> visitRows(String where, Object... params) {
        Query q = em.createNativeQuery("select order_id, visit_number, technician_id, technician_name, started_at, ended_at from visit_log " + where);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> new VisitView((String) r[0], ((Number) r[1]).intValue(), (String) r[2], (String) r[3],
                instant(r[4]), instant(r[5]))).toList();
    }

    private static DispatchView view(Object[] r) {
        return new DispatchView((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], (String) r[8], (String) r[31], (Boolean) r[32], (Boolean) r[9], (String) r[10], (String) r[11], (String) r[12],
                instant(r[13]), (Boolean) r[14], (String) r[15], instant(r[16]), (Boolean) r[17], (Boolean) r[18],
                (Boolean) r[19], (Boolean) r[20], (Boolean) r[21], ((Number) r[22]).intValue(), ((Number) r[23]).longValue(),
                r[24] == null ? null : ((Number) r[24]).intValue(), instant(r[25]), instant(r[26]), ((Number) r[27]).longValue(),
                (Boolean) r[29], (Boolean) r[30]);
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
