package doorstep.followup.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;

/** Reads of followup's read models, as JSON-ready maps (column names in camelCase). */
@ApplicationScoped
public class FollowupQueries {

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    /**
     * One coordination order's summary (D56): its board row, its latest entry and latest check (null before the
     * first), and the paths of its entries, checks and timeline. Its size does not grow with the order's history:
     * the entries and checks themselves are read a page at a time ({@link #entries}, {@link #checks}).
     *
     * @param sites the caller's sites
     * @throws NotFound when there is no such order, or it belongs to a site not in {@code sites} (the same answer)
     */
    public Map<String, Object> coordination(String orderId, SiteScope sites) {
        Map<String, Object> order = visibleBoardRow(orderId, sites);
        List<Map<String, Object>> latestEntry = rows("select * from coordination_entry where order_id = ?1 order by entry_number desc limit 1",
                orderId);
        order.put("latestEntry", latestEntry.isEmpty() ? null : latestEntry.get(0));
        List<Map<String, Object>> latestCheck = rows("select cadence, checker_id, comment, at from coordination_check where order_id = ?1 "
                + "order by at desc, event_id desc limit 1", orderId);
        order.put("latestCheck", latestCheck.isEmpty() ? null : latestCheck.get(0));
        String path = "/api/v1/coordination-orders/" + orderId;
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("entries", path + "/entries");
        links.put("checks", path + "/checks");
        links.put("timeline", path + "/timeline");
        order.put("links", links);
        return order;
    }

    /**
     * A page of a coordination order's tracking entries, oldest first (by entry number): a range of the entries'
     * key {@code (order_id, entry_number)}, never more rows than the page.
     *
     * @param cursor the previous page's {@code nextCursor}, or null for the first page
     * @param limit  the page size, already validated ({@link Page#historyLimit})
     * @throws NotFound       as {@link #coordination}
     * @throws InvalidRequest naming {@code cursor} when it is not a cursor of this order's entries
     */
    public Page<Map<String, Object>> entries(String orderId, SiteScope sites, String cursor, int limit) {
        visibleBoardRow(orderId, sites);
        String[] after = Page.decodeOf(cursor, List.of("entries", orderId), 1);
        List<Map<String, Object>> rows = rows("select * from coordination_entry where order_id = ?1 and entry_number > ?2 "
                + "order by entry_number limit ?3", orderId, after == null ? 0 : Integer.parseInt(after[0]), limit + 1);
        return Page.of(rows, limit, e -> new String[] {"entries", orderId, e.get("entryNumber").toString()});
    }

    /**
     * A page of a coordination order's leader and supervisor checks, oldest first (by their time, then their event):
     * a range of the index {@code (order_id, at, event_id)}, never more rows than the page.
     *
     * @param cursor the previous page's {@code nextCursor}, or null for the first page
     * @param limit  the page size, already validated ({@link Page#historyLimit})
     * @throws NotFound       as {@link #coordination}
     * @throws InvalidRequest naming {@code cursor} when it is not a cursor of this order's checks
     */
    public Page<Map<String, Object>> checks(String orderId, SiteScope sites, String cursor, int limit) {
        visibleBoardRow(orderId, sites);
        String[] after = Page.decodeOf(cursor, List.of("checks", orderId), 2);
        List<Map<String, Object>> rows = after == null
                ? rows("select cadence, checker_id, comment, at, event_id from coordination_check where order_id = ?1 "
                        + "order by at, event_id limit ?2", orderId, limit + 1)
                : rows("select cadence, checker_id, comment, at, event_id from coordination_check where order_id = ?1 "
                        + "and (at, event_id) > (?2, ?3) order by at, event_id limit ?4",
                        orderId, Instant.parse(after[0]), UUID.fromString(after[1]), limit + 1);
        Page<Map<String, Object>> page = Page.of(rows, limit, c -> new String[] {"checks", orderId, c.get("at").toString(),
                c.get("eventId").toString()});
        page.items().forEach(c -> c.remove("eventId"));
        return page;
    }

    /** The order's board row. @throws NotFound as {@link #coordination} */
    private Map<String, Object> visibleBoardRow(String orderId, SiteScope sites) {
        List<Map<String, Object>> rows = rows("select * from coordination_board where order_id = ?1", orderId);
        if (rows.isEmpty()) {
            throw new NotFound("coordination order", orderId);
        }
        sites.requireVisible((String) rows.get(0).get("siteId"), "coordination order", orderId);
        return rows.get(0);
    }

    /**
     * Coordination orders newest first, at most 100.
     *
     * @param sites     the sites to list (from {@link SiteScope#listFilter}); null: every site
     * @param condition an SQL condition on {@code coordination_board} with parameters {@code ?1…}
     */
    public List<Map<String, Object>> coordinationList(List<String> sites, String condition, Object... params) {
        return rowsInSites("select * from coordination_board where (" + condition + ") and {sites} order by seq desc limit 100", sites,
                params);
    }

    /**
     * {@link #rows} of a query whose {@code {sites}} placeholder becomes a condition on its {@code site_id}
     * column, bound after {@code params}.
     *
     * @param sites the sites to keep (from {@link SiteScope#listFilter}); null: every site
     */
    public List<Map<String, Object>> rowsInSites(String sql, List<String> sites, Object... params) {
        if (sites == null) {
            return rows(sql.replace("{sites}", "true"), params);
        }
        Object[] all = Arrays.copyOf(params, params.length + 1);
        all[params.length] = sites.toArray(String[]::new);
        return rows(sql.replace("{sites}", "site_id = any(cast(?" + all.length + " as text[]))"), all);
    }

    public List<Map<String, Object>> rows(String sql, Object... params) {
        Query q = em.createNativeQuery(sql, jakarta.persistence.Tuple.class);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object o : q.getResultList()) {
            jakarta.persistence.Tuple t = (jakarta.persistence.Tuple) o;
            Map<String, Object> row = new LinkedHashMap<>();
            for (jakarta.persistence.TupleElement<?> el : t.getElements()) {
                if (el.getAlias().equals("seq")) {
                    continue;
                }
                row.put(camel(el.getAlias()), value(t.get(el)));
            }
            result.add(row);
        }
        return result;
    }

    private Object value(Object v) {
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (v instanceof String s && (s.startsWith("[") || s.startsWith("{"))) {
            try {
                JsonNode node = json.readTree(s);
                return node;
            } catch (java.io.IOException e) {
                return s;
            }
        }
        return v;
    }

    private static String camel(String column) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
