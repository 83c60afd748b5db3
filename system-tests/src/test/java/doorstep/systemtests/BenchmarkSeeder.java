package doorstep.systemtests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grows the services' event stores for the benchmark's history measurements (decision D57): copies the
 * run's real order events, in SQL, under new order ids and numbers, until a store holds the events asked
 * for. Copy {@code g} of order {@code o} is order {@code md5(o || '#' || g)} (a UUID) numbered
 * {@code S<g>-<o's number>}; every copy of an event gets a new event id and is stamped published, so the
 * relay never sends it. The order id is rewritten in stream ids and payloads alike, except inside sealed
 * personal values: their key id stays the original order's (AES-GCM binds the key id as associated data,
 * so a value cannot be moved to another key id without re-encrypting it), and they still reveal. Intake's
 * key table gets a copy of the original's key under each new order id, so a custodian asked for a copy's
 * key answers as for a real order. Only orders intake reported in this run are copied (the working
 * calendar, fee schedules and registries are not per order).
 */
final class BenchmarkSeeder {

    /** Intake's real orders (id → number), read once, before any copy exists. */
    private Map<String, String> orders;
    /** The next copy number per service: a second growth of the same store makes new ids. */
    private final Map<String, Integer> nextCopy = new HashMap<>();

    /** How many events a service's store holds. */
    static long size(String service) throws SQLException {
        try (Connection c = SystemStack.database(service); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from event_store")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Copies the run's order events of a service until its store holds at least {@code atLeast} events
     * (whole copies of the run: it may overshoot by up to one).
     *
     * @return the store's size after
     * @throws IllegalStateException when the run left no order events to copy
     */
    long grow(String service, long atLeast) throws SQLException {
        Map<String, String> real = realOrders();
        long size = size(service);
        if (size >= atLeast) {
            return size;
        }
        try (Connection c = SystemStack.database(service); Statement st = c.createStatement()) {
            st.execute("create temporary table seed_order (old_id text primary key, old_number text not null)");
            try (PreparedStatement ps = c.prepareStatement("insert into seed_order values (?, ?)")) {
                for (var o : real.entrySet()) {
                    ps.setString(1, o.getKey());
                    ps.setString(2, o.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // the run's own events of its orders (copies have ids no real order has)
            st.execute("create temporary table seed_source as select e.* from event_store e join seed_order o "
                    + "on o.old_id = split_part(e.stream_id, '/', 1) order by e.global_position");
            long perCopy;
            try (ResultSet rs = st.executeQuery("select count(*) from seed_source")) {
                rs.next();
                perCopy = rs.getLong(1);
            }
            if (perCopy == 0) {
                throw new IllegalStateException(service + " holds no events of the run's orders to copy");
            }
            int copies = (int) ((atLeast - size + perCopy - 1) / perCopy);
            int first = nextCopy.getOrDefault(service, 1);
            try (PreparedStatement copy = c.prepareStatement("insert into event_store (event_id, stream_id, stream_version, event_type, "
                    + "schema_version, occurred_at, recorded_at, site_id, correlation_id, causation_id, actor_id, actor_role, payload, "
                    + "published_at, trace_parent) "
                    + "select gen_random_uuid(), n.new_id || substr(e.stream_id, length(o.old_id) + 1), e.stream_version, e.event_type, "
                    + "e.schema_version, e.occurred_at, e.recorded_at, e.site_id, e.correlation_id, e.causation_id, e.actor_id, e.actor_role, "
                    + "cast(replace(replace(replace(e.payload::text, o.old_id, n.new_id), o.old_number, n.new_number), "
                    + "'\"keyId\": \"' || n.new_id || '\"', '\"keyId\": \"' || o.old_id || '\"') as jsonb), now(), e.trace_parent "
                    + "from seed_source e join seed_order o on o.old_id = split_part(e.stream_id, '/', 1) "
                    + "cross join lateral (select md5(o.old_id || '#' || ?)::uuid::text as new_id, 'S' || ? || '-' || o.old_number as new_number) n "
                    + "order by e.global_position")) {
                for (int g = first; g < first + copies; g++) {
                    copy.setInt(1, g);
                    copy.setInt(2, g);
                    copy.executeUpdate(); // one copy a statement (autocommit): no transaction of a million rows
                }
            }
            nextCopy.put(service, first + copies);
            st.execute("analyze event_store"); // what autovacuum would do to a store that grew
        }
        copyKeys(nextCopy.get(service) - 1);
        return size(service);
    }

    /** Intake's key of each real order, copied under the new order ids of copies 1..{@code lastCopy}. */
    private void copyKeys(int lastCopy) throws SQLException {
        try (Connection c = SystemStack.database("intake"); PreparedStatement ps = c.prepareStatement(
                "insert into data_key (key_id, key_material, created_at, erased_at) "
                        + "select md5(k.key_id || '#' || g)::uuid::text, k.key_material, k.created_at, k.erased_at "
                        + "from data_key k cross join generate_series(1, ?) g where k.key_id = any(?) on conflict do nothing")) {
            ps.setInt(1, lastCopy);
            ps.setArray(2, c.createArrayOf("text", realOrders().keySet().toArray()));
            ps.executeUpdate();
        }
    }

    private Map<String, String> realOrders() throws SQLException {
        if (orders == null) {
            Map<String, String> found = new LinkedHashMap<>();
            try (Connection c = SystemStack.database("intake"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select payload ->> 'orderId', payload ->> 'orderNumber' from event_store "
                         + "where event_type = 'ProblemReported' order by global_position")) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
            orders = found;
        }
        return orders;
    }
}
