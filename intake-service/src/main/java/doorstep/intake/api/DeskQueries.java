package doorstep.intake.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import doorstep.intake.desk.CausalOrder;
import doorstep.intake.desk.DeskFact;
import doorstep.intake.desk.DeskFigures;
import doorstep.intake.desk.DeskFold;
import doorstep.intake.desk.DeskStage;
import doorstep.intake.desk.DeskView;
import doorstep.intake.projection.OrderDeskProjection;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;
import doorstep.platform.web.TimelineEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Reads of the customer-center desk (D53): an order across the four services, live or as it stood at an instant, its
 * cross-service timeline, the filtered list, the dashboard figures and the live feed's changes. Each read is limited to
 * the caller's sites: another site's order is answered exactly as a missing one.
 */
@ApplicationScoped
public class DeskQueries {

    /** One order in the desk's list. Times are instants, money fen; {@code reporterName} is personal (或 已删除). */
    @Schema(description = "One order in the desk's list")
    public record DeskListItem(String orderId, String orderNumber, String siteId, DeskStage stage, String technicianId,
                               String technicianName, String unitLabel, String publicArea, String reporterName, String content,
                               Instant reportedAt, Instant appointmentAt,
                               @Schema(description = "The earliest due instant of a deadline not yet met") Instant nextDueAt,
                               @Schema(description = "A deadline is overdue now") boolean overdue,
                               Long balanceFen, String coordinationNumber, int events, Instant lastEventAt,
                               @Schema(description = "The feed's number of the latest change of the order") long changeSeq) {
    }

    /** One change of the live feed: the event the desk applied and the order's list row now. */
    @Schema(description = "One change of an order: the event the desk applied, and the order as the list shows it now")
    public record DeskChange(long seq, String orderId, String siteId, String service, String type, Instant occurredAt,
                             Instant recordedAt, DeskListItem order) {
    }

    /**
     * The list's filters; any may be null.
     *
     * @param siteIds the sites the list may contain ({@link SiteScope#listFilter}); null: every site
     * @param q       text searched in the order number, the unit, the public area and the reporter's name
     */
    public record Filter(List<String> siteIds, DeskStage stage, String technicianId, Boolean overdue, Instant reportedFrom,
                         Instant reportedTo, String q) {
    }

    /** The list's orders: the column sorted on and its direction. */
    public enum Sort {
        REPORTED_AT_DESC("-reportedAt", "reported_at", false), REPORTED_AT("reportedAt", "reported_at", true),
        LAST_EVENT_AT_DESC("-lastEventAt", "last_event_at", false), LAST_EVENT_AT("lastEventAt", "last_event_at", true),
        NEXT_DUE_AT("nextDueAt", "next_due_at", true);

        final String parameter;
        final String column;
        final boolean ascending;

        Sort(String parameter, String column, boolean ascending) {
            this.parameter = parameter;
            this.column = column;
            this.ascending = ascending;
        }

        /** @throws InvalidRequest naming {@code sort} for a value not listed */
        public static Sort of(String text) {
            if (text == null || text.isBlank()) {
                return REPORTED_AT_DESC;
            }
            for (Sort s : values()) {
                if (s.parameter.equals(text.strip())) {
                    return s;
                }
            }
            throw InvalidRequest.of("sort", "must be one of -reportedAt, reportedAt, -lastEventAt, lastEventAt, nextDueAt");
        }
    }

    private static final String LIST_COLUMNS = "o.order_id, o.order_number, o.site_id, o.stage, o.technician_id, o.technician_name, "
            + "o.unit_label, o.public_area, o.reporter_name, o.content, o.reported_at, o.appointment_at, o.next_due_at, o.overdue, "
            + "o.balance_fen, o.coordination_number, o.events, o.last_event_at, o.change_seq";

    @Inject
    OrderDeskProjection desk;
    @Inject
    PersonalDataCipher personal;
    @Inject
    Clock clock;
    @Inject
    DataSource dataSource;

    /**
     * The order across the four services: live ({@code asOf} null: now), or as it stood at {@code asOf}, folded from the
     * events that had happened by then.
     *
     * @throws NotFound when the desk has no event of the order, none by {@code asOf}, or it is of a site {@code sites} does not include
     */
    public DeskView view(String orderId, Instant asOf, SiteScope sites) {
        List<EventEnvelope> events = visibleEvents(orderId, sites);
        List<DeskFact> facts = desk.facts(events);
        DeskView view = asOf == null ? DeskFold.live(orderId, facts, clock.instant()) : DeskFold.view(orderId, facts, asOf);
        if (view == null) {
            throw new NotFound("order", asOf == null ? orderId : orderId + " as of " + asOf);
        }
        return view;
    }

    /**
     * Every event of the order from the four services, in causal order ({@link CausalOrder}), in the timeline shape every
     * service answers, personal values revealed; up to {@code asOf} when given.
     *
     * @throws NotFound as {@link #view}
     */
    public List<TimelineEntry> timeline(String orderId, Instant asOf, SiteScope sites) {
        List<EventEnvelope> events = visibleEvents(orderId, sites);
        Map<UUID, EventEnvelope> byId = events.stream().collect(Collectors.toMap(EventEnvelope::eventId, Function.identity(), (a, b) -> a));
        List<DeskFact> facts = events.stream().map(e -> new DeskFact(e.service(), e.type(), e.eventId(), e.streamId(), e.streamVersion(),
                e.occurredAt(), e.actor().id(), e.actor().role(), e.causationId(), null)).filter(f -> asOf == null || !f.occurredAt().isAfter(asOf))
                .toList();
        if (facts.isEmpty()) {
            throw new NotFound("order", asOf == null ? orderId : orderId + " as of " + asOf);
        }
        return CausalOrder.of(facts).stream().map(f -> byId.get(f.eventId())).map(e -> TimelineEntry.of(e, personal)).toList();
    }

    /**
     * A page of {@link #timeline(String, Instant, SiteScope) the timeline} (D56): the order's events in causal order after
     * the cursor's event, at most {@code limit}. The causal order is worked out from the events' metadata alone (no
     * data); only the page's events are read whole. The cursor names the last event shown: an event that arrives later
     * and sorts before it is not shown on the pages after it (a page through a busy order is not a snapshot).
     *
     * @param limit the page size, already validated ({@link Page#historyLimit})
     * @throws NotFound       as {@link #view}
     * @throws InvalidRequest naming {@code cursor} when it is not one of this order's timeline, or its event is not
     *                        in the timeline as of {@code asOf}
     */
    public Page<TimelineEntry> timeline(String orderId, Instant asOf, SiteScope sites, String cursor, int limit) {
        List<String> list = List.of("desk-timeline", orderId);
        String[] after = Page.decodeOf(cursor, list, 1);
        List<Meta> metas = query("select service, type, event_id, stream_id, stream_version, occurred_at, actor_id, actor_role, "
                        + "causation_id, site_id from desk_event where order_id = ? order by seq", ps -> ps.setString(1, orderId),
                rs -> new Meta(new DeskFact(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getLong(5),
                        rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8), rs.getObject(9, UUID.class), null), rs.getString(10)));
        requireVisible(orderId, sites, metas.stream().map(Meta::siteId).toList());
        List<DeskFact> facts = metas.stream().map(Meta::fact).filter(f -> asOf == null || !f.occurredAt().isAfter(asOf)).toList();
        if (facts.isEmpty()) {
            throw new NotFound("order", asOf == null ? orderId : orderId + " as of " + asOf);
        }
        List<DeskFact> ordered = CausalOrder.of(facts);
        int from = 0;
        if (after != null) {
            UUID last = UUID.fromString(after[0]);
            from = ordered.stream().map(DeskFact::eventId).toList().indexOf(last) + 1;
            if (from == 0) {
                throw InvalidRequest.of(Page.CURSOR, "is not a cursor of this timeline as of this instant; start again without one");
            }
        }
        List<DeskFact> shown = ordered.subList(from, Math.min(ordered.size(), from + limit));
        Map<UUID, EventEnvelope> byId = desk.events(orderId, shown.stream().map(DeskFact::eventId).toList()).stream()
                .collect(Collectors.toMap(EventEnvelope::eventId, Function.identity(), (a, b) -> a));
        String next = from + shown.size() < ordered.size()
                ? Page.encode(list.get(0), list.get(1), shown.get(shown.size() - 1).eventId().toString()) : null;
        return new Page<>(shown.stream().map(f -> TimelineEntry.of(byId.get(f.eventId()), personal)).toList(), next);
    }

    /** An event's place in the causal order, and the site it names. */
    private record Meta(DeskFact fact, String siteId) {
    }

    /** The order's events, if the desk has any and the order is of a site the caller works on. */
    private List<EventEnvelope> visibleEvents(String orderId, SiteScope sites) {
        List<EventEnvelope> events = desk.events(orderId);
        requireVisible(orderId, sites, events.stream().map(EventEnvelope::siteId).toList());
        return events;
    }

    /**
     * @param eventSites the sites the order's events name, in the order the desk received them
     * @throws NotFound when the desk has no event of the order, or it is of a site {@code sites} does not include
     */
    private void requireVisible(String orderId, SiteScope sites, List<String> eventSites) {
        if (eventSites.isEmpty()) {
            throw new NotFound("order", orderId);
        }
        String site = siteOf(orderId, eventSites);
        if (site == null) {
            if (!sites.everySite()) { // the order's report has not reached the desk yet: only company-wide callers see it
                throw new NotFound("order", orderId);
            }
        } else {
            sites.requireVisible(site, "order", orderId);
        }
    }

    private String siteOf(String orderId, List<String> eventSites) {
        String listed = query("select site_id from desk_order where order_id = ?", ps -> ps.setString(1, orderId),
                rs -> rs.getString(1)).stream().findFirst().orElse(null);
        if (listed != null) {
            return listed;
        }
        return eventSites.stream().filter(s -> s != null).findFirst().orElse(null);
    }

    /** A page of the list, sorted as asked, then by order id. */
    public Page<DeskListItem> list(Filter f, Sort sort, String cursor, int limit) {
        String[] after = Page.decode(cursor, 3);
        if (after != null && !after[0].equals(sort.parameter)) {
            throw InvalidRequest.of("cursor", "belongs to a list sorted by " + after[0] + "; start again without one");
        }
        if (f.siteIds() != null && f.siteIds().isEmpty()) {
            return new Page<>(List.of(), null); // a token of no site sees no order
        }
        Instant now = clock.instant();
        String key = "coalesce(o." + sort.column + ", '" + (sort.ascending ? "infinity" : "-infinity") + "'::timestamptz)";
        List<String> where = new ArrayList<>();
        List<Binder> binds = new ArrayList<>();
        if (f.siteIds() != null) {
            where.add("o.site_id = any(?)");
            binds.add((ps, i) -> ps.setArray(i, ps.getConnection().createArrayOf("varchar", f.siteIds().toArray())));
        }
        if (f.stage() != null) {
            where.add("o.stage = ?");
            binds.add((ps, i) -> ps.setString(i, f.stage().name()));
        }
        if (f.technicianId() != null) {
            where.add("o.technician_id = ?");
            binds.add((ps, i) -> ps.setString(i, f.technicianId()));
        }
        if (f.overdue() != null) {
            where.add((f.overdue() ? "" : "not ") + "(o.overdue or coalesce(o.next_due_at <= ?, false))");
            binds.add((ps, i) -> ps.setTimestamp(i, Timestamp.from(now)));
        }
        if (f.reportedFrom() != null) {
            where.add("o.reported_at >= ?");
            binds.add((ps, i) -> ps.setTimestamp(i, Timestamp.from(f.reportedFrom())));
        }
        if (f.reportedTo() != null) {
            where.add("o.reported_at < ?");
            binds.add((ps, i) -> ps.setTimestamp(i, Timestamp.from(f.reportedTo())));
        }
        if (f.q() != null) {
            String like = "%" + f.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.add("(o.order_number ilike ? or o.unit_label ilike ? or o.public_area ilike ? or o.reporter_name ilike ?)");
            for (int k = 0; k < 4; k++) {
                binds.add((ps, i) -> ps.setString(i, like));
            }
        }
        if (after != null) {
            where.add("(" + key + ", o.order_id) " + (sort.ascending ? ">" : "<") + " (cast(? as timestamptz), ?)");
            binds.add((ps, i) -> ps.setString(i, after[1]));
            binds.add((ps, i) -> ps.setString(i, after[2]));
        }
        String direction = sort.ascending ? "asc" : "desc";
        String sql = "select " + LIST_COLUMNS + ", " + key + "::text from desk_order o"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by " + key + " " + direction + ", o.order_id " + direction + " limit ?";
        List<Object[]> rows = query(sql, ps -> {
            int i = 1;
            for (Binder b : binds) {
                b.bind(ps, i++);
            }
            ps.setInt(i, limit + 1);
        }, rs -> new Object[] {item(rs, now), rs.getString(20)});
        Page<Object[]> page = Page.of(rows, limit, r -> new String[] {sort.parameter, (String) r[1], ((DeskListItem) r[0]).orderId()});
        return new Page<>(page.items().stream().map(r -> (DeskListItem) r[0]).toList(), page.nextCursor());
    }

    /**
     * The dashboard of a site over {@code [from, to)}: the figures of {@link DeskFigures}, computed from the events of the
     * site's orders reported before {@code to} that had an event in the period, or are coordination orders.
     */
    public DeskFigures figures(String siteId, Instant from, Instant to) {
        List<String> orders = query("select order_id from desk_order where site_id = ? and (reported_at is null or reported_at < ?) "
                        + "and (last_event_at >= ? or coordination_number is not null)",
                ps -> {
                    ps.setString(1, siteId);
                    ps.setTimestamp(2, Timestamp.from(to));
                    ps.setTimestamp(3, Timestamp.from(from));
                }, rs -> rs.getString(1));
        Map<String, List<DeskFact>> events = new LinkedHashMap<>();
        for (String order : orders) {
            events.put(order, desk.facts(desk.events(order)));
        }
        return DeskFigures.compute(siteId, from, to, events);
    }

    /**
     * The feed's changes after {@code afterSeq}, oldest first, of the given sites (null: every site), at most {@code max}.
     * Change numbers follow commit order without gaps (D53), so reading after the last one seen misses none.
     */
    public List<DeskChange> changesAfter(long afterSeq, List<String> siteIds, int max) {
        Instant now = clock.instant();
        String sql = "select c.seq, c.order_id, c.site_id, c.service, c.type, c.occurred_at, c.recorded_at, " + LIST_COLUMNS
                + " from desk_change c left join desk_order o on o.order_id = c.order_id where c.seq > ?"
                + (siteIds == null ? "" : " and c.site_id = any(?)") + " order by c.seq limit ?";
        return query(sql, ps -> {
            ps.setLong(1, afterSeq);
            int i = 2;
            if (siteIds != null) {
                ps.setArray(i++, ps.getConnection().createArrayOf("varchar", siteIds.toArray()));
            }
            ps.setInt(i, max);
        }, rs -> new DeskChange(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), rs.getString(8) == null ? null : item(rs, 7, now)));
    }

    /** The number of the latest change, 0 when there is none: where a feed without {@code Last-Event-ID} starts. */
    public long latestChange() {
        return query("select coalesce(max(seq), 0) from desk_change", ps -> { }, rs -> rs.getLong(1)).get(0);
    }

    private static DeskListItem item(ResultSet rs, Instant now) throws SQLException {
        return item(rs, 0, now);
    }

    /** The list row whose first column is at {@code offset + 1}. */
    private static DeskListItem item(ResultSet rs, int offset, Instant now) throws SQLException {
        Instant nextDue = instant(rs, offset + 13);
        boolean overdue = rs.getBoolean(offset + 14) || (nextDue != null && !now.isBefore(nextDue));
        long balance = rs.getLong(offset + 15);
        Long balanceFen = rs.wasNull() ? null : balance;
        String stage = rs.getString(offset + 4);
        return new DeskListItem(rs.getString(offset + 1), rs.getString(offset + 2), rs.getString(offset + 3),
                stage == null ? null : DeskStage.valueOf(stage), rs.getString(offset + 5), rs.getString(offset + 6),
                rs.getString(offset + 7), rs.getString(offset + 8), rs.getString(offset + 9), rs.getString(offset + 10),
                instant(rs, offset + 11), instant(rs, offset + 12), nextDue, overdue, balanceFen, rs.getString(offset + 16),
                rs.getInt(offset + 17), instant(rs, offset + 18), rs.getLong(offset + 19));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    @FunctionalInterface
    interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** A read on its own connection (auto-commit): the desk's reads need no transaction, and the feed runs off request threads. */
    private <T> List<T> query(String sql, Parameters parameters, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("desk query failed: " + e.getMessage(), e);
        }
    }
}
