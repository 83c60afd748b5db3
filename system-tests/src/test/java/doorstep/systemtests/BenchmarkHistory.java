package doorstep.systemtests;

import static doorstep.testing.Http.as;
import static doorstep.systemtests.SystemStack.url;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import doorstep.testing.Http;

/**
 * The benchmark's measurements of history size (decision D57): read-model rebuilds on stores the
 * {@link BenchmarkSeeder} grew, checked equal to the live read models, and command throughput with a
 * store grown to a million events against the empty-store run.
 */
final class BenchmarkHistory {

    /** Tables of a service's database that are not read models (the store itself, consumers' and commands' bookkeeping, keys). */
    private static final List<String> NOT_READ_MODELS = List.of("event_store", "flyway_schema_history", "processed_event",
            "idempotent_request", "data_key");

    /** One rebuild: events replayed, and how fast. */
    record Rebuild(long events, double eventsPerSecond) {
    }

    /**
     * @param liveEqualsRebuilt per service: every read-model table rebuilt from the run's own store equals the live one
     * @param rebuildsBefore    per read model ({@code service/name}): rebuilt from the run's own store (before seeding)
     * @param storeEvents       per service: events in the store after seeding
     * @param rebuilds          per read model: rebuilt from the seeded store
     * @param seededEqualsOnce  per service: the read models rebuilt twice from the seeded store are equal (a rebuild is a function of the store)
     * @param deskOrders        orders intake's desk folded in its rebuild, and the seconds it took
     */
    record Rebuilds(Map<String, Boolean> liveEqualsRebuilt, Map<String, Rebuild> rebuildsBefore, Map<String, Long> storeEvents,
                    Map<String, Rebuild> rebuilds, Map<String, Boolean> seededEqualsOnce, long deskOrders, double deskSeconds) {
    }

    /** Command throughput with {@code services}' stores grown to {@code storeEvents}, against the last closed loop on the run's own store. */
    record BigStore(Map<String, Long> storeEvents, Map<String, Rebuild> rebuilds, double commandsPerSecond, double emptyStoreCommandsPerSecond,
                    long failures) {

        /** Throughput with the big store ÷ with the empty one (1: no change; the target is ≥ 0.8). */
        double ratio() {
            return commandsPerSecond / emptyStoreCommandsPerSecond;
        }
    }

    private final BenchmarkSeeder seeder = new BenchmarkSeeder();

    /**
     * On a quiet system: each service's read models rebuilt from its own store and compared with the live
     * ones; then every store grown to {@code seedEvents}, every read model rebuilt from it twice (taking the
     * copies in: the copies were never applied live, and a read model may read another's rows, so one round in
     * the listed order is not enough), and rebuilt again, timed, and compared with the round before.
     */
    Rebuilds rebuilds(long seedEvents) throws Exception {
        Map<String, Boolean> live = new LinkedHashMap<>();
        Map<String, Rebuild> before = new LinkedHashMap<>();
        for (String s : SystemStack.SERVICES) {
            Map<String, String> liveHashes = readModelHashes(s);
            before.putAll(rebuildAll(s));
            live.put(s, liveHashes.equals(readModelHashes(s)));
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String s : SystemStack.SERVICES) {
            sizes.put(s, seeder.grow(s, seedEvents));
        }
        Map<String, Rebuild> after = new LinkedHashMap<>();
        Map<String, Boolean> equal = new LinkedHashMap<>();
        for (String s : SystemStack.SERVICES) {
            rebuildAll(s); // takes the copies in
            rebuildAll(s); // twice: a read model may read another's rows (the visit log the board's unit), in either order
            Map<String, String> once = readModelHashes(s);
            after.putAll(rebuildAll(s));
            equal.put(s, once.equals(readModelHashes(s)));
        }
        long t0 = System.nanoTime();
        long desk = ((Number) as("admin", "ops-1").post(url("intake") + "/api/v1/desk/rebuild").then().statusCode(200)
                .extract().path("orders")).longValue();
        double deskSeconds = (System.nanoTime() - t0) / 1e9;
        return new Rebuilds(live, before, sizes, after, equal, desk, deskSeconds);
    }

    /**
     * Grows {@code services}' stores to {@code storeEvents}, rebuilds their read models from them (timed), and
     * runs the closed-loop load again.
     *
     * @param load           the same closed-loop load as the earlier runs; answers commands per second and failures
     * @param emptyStoreRate the last closed loop's commands per second, before seeding (the warmest JVMs)
     */
    BigStore bigStore(List<String> services, long storeEvents, Callable<double[]> load, double emptyStoreRate) throws Exception {
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, Rebuild> rebuilds = new LinkedHashMap<>();
        for (String s : services) {
            sizes.put(s, seeder.grow(s, storeEvents));
            rebuilds.putAll(rebuildAll(s)); // a store of that size has read models of that size
        }
        double[] measured = load.call();
        return new BigStore(sizes, rebuilds, measured[0], emptyStoreRate, (long) measured[1]);
    }

    /** Rebuilds every read model of a service, one at a time; events replayed and events/s from the service's own status. */
    static Map<String, Rebuild> rebuildAll(String service) {
        Map<String, Rebuild> rebuilds = new LinkedHashMap<>();
        List<String> projections = Http.admin().get(url(service) + "/api/v1/admin/projections").then().extract().path("projection");
        for (String p : projections) {
            as("admin", "ops-1").post(url(service) + "/api/v1/admin/projections/" + p + "/rebuild").then().statusCode(202);
            Map<String, Object> status;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (true) {
                status = Http.admin().get(url(service) + "/api/v1/admin/projections/" + p).then().extract().path("$");
                if ("SUCCEEDED".equals(status.get("state"))) {
                    break;
                }
                if ("FAILED".equals(status.get("state")) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("rebuild of " + service + "/" + p + " did not succeed: " + status);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // leave the cores to the rebuild
            }
            double ms = Duration.between(Instant.parse((String) status.get("startedAt")), Instant.parse((String) status.get("finishedAt"))).toMillis();
            long events = ((Number) status.get("processed")).longValue();
            rebuilds.put(service + "/" + p, new Rebuild(events, events / Math.max(ms, 1) * 1000));
        }
        return rebuilds;
    }

    /**
     * An md5 of every read-model table of a service (every row, every column but serial numbers, which a
     * rebuild draws anew), by table.
     */
    static Map<String, String> readModelHashes(String service) throws SQLException {
        Map<String, String> hashes = new TreeMap<>();
        try (Connection c = SystemStack.database(service); Statement st = c.createStatement()) {
            Map<String, List<String>> serials = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("select t.table_name, c.column_name from information_schema.tables t "
                    + "left join information_schema.columns c on c.table_schema = t.table_schema and c.table_name = t.table_name "
                    + "and c.column_default like 'nextval%' where t.table_schema = 'public' and t.table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    List<String> columns = serials.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    if (rs.getString(2) != null) {
                        columns.add(rs.getString(2));
                    }
                }
            }
            for (var table : serials.entrySet()) {
                if (NOT_READ_MODELS.contains(table.getKey())) {
                    continue;
                }
                StringBuilder row = new StringBuilder("to_jsonb(t)");
                table.getValue().forEach(column -> row.append(" - '").append(column).append('\''));
                try (ResultSet rs = st.executeQuery("select count(*) || ':' || coalesce(md5(string_agg(r, '|' order by r)), '') from (select ("
                        + row + ")::text r from \"" + table.getKey() + "\" t) x")) {
                    rs.next();
                    hashes.put(table.getKey(), rs.getString(1));
                }
            }
        }
        return hashes;
    }

    /** The report's lines (a markdown table's rows). */
    static String report(Rebuilds r, BigStore big) {
        StringBuilder md = new StringBuilder();
        r.storeEvents().forEach((s, n) -> md.append(String.format("| %s event store, seeded (events) | %d |%n", s, n)));
        r.rebuildsBefore().forEach((k, v) -> md.append(String.format("| rebuild %s from the run's own store (%d events; events/s) | %.0f |%n",
                k, v.events(), v.eventsPerSecond())));
        r.rebuilds().forEach((k, v) -> md.append(String.format("| rebuild %s from the seeded store (%d events; events/s) | %.0f |%n",
                k, v.events(), v.eventsPerSecond())));
        r.liveEqualsRebuilt().forEach((s, eq) -> md.append(String.format("| %s read models rebuilt from the run's store equal the live ones | %s |%n", s, eq)));
        r.seededEqualsOnce().forEach((s, eq) -> md.append(String.format("| %s read models rebuilt twice from the seeded store equal | %s |%n", s, eq)));
        md.append(String.format("| intake desk rebuild (orders, orders/s) | %d, %.0f |%n", r.deskOrders(), r.deskOrders() / Math.max(r.deskSeconds(), 1e-3)));
        big.storeEvents().forEach((s, n) -> md.append(String.format("| big store: %s event store (events) | %d |%n", s, n)));
        big.rebuilds().forEach((k, v) -> md.append(String.format("| big store: rebuild %s (%d events; events/s) | %.0f |%n",
                k, v.events(), v.eventsPerSecond())));
        md.append(String.format("| big store: commands per second (failed), empty store's | %.0f (%d), %.0f |%n", big.commandsPerSecond(),
                big.failures(), big.emptyStoreCommandsPerSecond()));
        md.append(String.format("| big store: throughput ÷ empty store's (target ≥ 0.80) | %.2f |%n", big.ratio()));
        return md.toString();
    }
}
