package doorstep.followup.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.NotFound;

/** Reads of followup's read models, as JSON-ready maps (column names in camelCase). */
@ApplicationScoped
public class FollowupQueries {

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    /**
     * One coordination order with its entries by page and its checks.
     *
     * @param sites the caller's sites
     * @throws NotFound when there is no such order, or it belongs to a site not in {@code sites} (the same answer)
     */
    public Map<String, Object> coordination(String orderId, SiteScope sites) {
        List<Map<String, Object>> rows = rows("select * from coordination_board where order_id = ?1", orderId);
        if (rows.isEmpty()) {
            throw new NotFound("coordination order", orderId);
        }
        sites.requireVisible((String) rows.get(0).get("siteId"), "coordination order", orderId);
        Map<String, Object> order = rows.get(0);
        List<Map<String, Object>> entries = rows("select * from coordination_entry where order_id = ?1 order by entry_number", orderId);
        Map<Object, List<Map<String, Object>>> pages = new LinkedHashMap<>();
        entries.forEach(e -> pages.computeIfAbsent(e.get("page"), p -> new ArrayList<>()).add(e));
        List<Map<String, Object>> pageList = new ArrayList<>();
        pages.forEach((page, list) -> pageList.add(Map.of("page", page, "entries", list)));
        order.put("pages", pageList);
        order.put("checks", rows("select cadence, checker_id, comment, at from coordination_check where order_id = ?1 order by at", orderId));
        return order;
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
