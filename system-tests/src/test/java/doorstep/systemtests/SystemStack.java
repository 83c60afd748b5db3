package doorstep.systemtests;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import doorstep.local.LocalStack;
import doorstep.testing.Http;
import io.restassured.http.ContentType;

/**
 * The whole system for the system tests, once per test JVM: embedded PostgreSQL, a forked Kafka
 * broker and every service as its own process from its packaged jar, on free ports, with data in
 * a temporary folder. Stopped when the JVM exits.
 */
final class SystemStack {

    static final List<String> SERVICES = List.of("intake", "dispatch", "billing", "followup");
    private static LocalStack stack;
    private static Path home;

    private SystemStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path root = root();
                home = Files.createTempDirectory("doorstep-system");
                Map<String, Integer> ports = new LinkedHashMap<>();
                SERVICES.forEach(s -> ports.put(s, freePort()));
                // The services trust the test JVM's token issuer (Http.as mints with it). The per-user command limit
                // is lifted: the benchmark sends thousands of commands as a handful of users (the limit has its own test).
                stack = LocalStack.start(new LocalStack.Options(root, home, freePort(), freePort(), freePort(), ports, false,
                        doorstep.testing.TestTokens.issuer().folder(), Map.of("DOORSTEP_RATE_LIMIT_BURST", "1000000",
                        // Each applied reaction is logged (with its correlation, order and trace ids): OperationsIT reads them.
                        "QUARKUS_LOG_CATEGORY__DOORSTEP_PLATFORM_CONSUMER__LEVEL", "DEBUG")));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stack.close();
                    keepLogsAndDelete(home);
                }, "stop-system-stack"));
            } catch (Exception e) {
                throw new IllegalStateException("the system did not start", e);
            }
        }
        return stack;
    }

    /** The services' and the broker's logs go to target/system-logs (for a failed CI run); the data is deleted. */
    private static void keepLogsAndDelete(Path home) {
        try {
            Path logs = home.resolve("logs");
            Path kept = Files.createDirectories(Path.of("target", "system-logs"));
            if (Files.isDirectory(logs)) {
                try (var files = Files.list(logs)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, kept.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    static String url(String service) {
        return get().url(service);
    }

    /** The repository's root folder. */
    static Path root() {
        return Path.of(System.getProperty("doorstep.root", "..")).toAbsolutePath().normalize();
    }

    /** A service's log file (text lines, each with [correlation id|order id|trace id]). */
    static Path logFile(String service) {
        get();
        return home.resolve("logs").resolve(service + ".log");
    }


    /** Moves every service's clock to the same new instant, a day after the latest of them, on the hour. */
    static Instant freshDay(String... extraInstances) {
        Instant latest = Instant.EPOCH;
        for (String s : SERVICES) {
            Instant now = Instant.parse(Http.admin().get(url(s) + "/api/v1/admin/clock").then().statusCode(200).extract().path("now"));
            latest = now.isAfter(latest) ? now : latest;
        }
        // Just after the hour, with digits below the microsecond as a real clock has them.
        Instant day = latest.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS).plusNanos(doorstep.testing.TestEvents.SUB_MICROSECOND_DIGITS);
        setClocks(day, extraInstances);
        return day;
    }

    /** Lets every service's clock follow real time again (a ticking clock, as in production). */
    static void releaseClocks() {
        for (String s : SERVICES) {
            Http.admin().delete(url(s) + "/api/v1/admin/clock").then().statusCode(200).body("controllable", org.hamcrest.Matchers.equalTo(true));
        }
    }

    static void setClocks(Instant now, String... extraInstances) {
        for (String s : SERVICES) {
            Http.admin().contentType(ContentType.JSON).body(Map.of("now", now.toString())).put(url(s) + "/api/v1/admin/clock").then().statusCode(200);
        }
        for (String s : extraInstances) {
            Http.admin().contentType(ContentType.JSON).body(Map.of("now", now.toString())).put(url(s) + "/api/v1/admin/clock").then().statusCode(200);
        }
    }

    /** A connection to one service's database on the stack's PostgreSQL, for checks the APIs do not offer. */
    static java.sql.Connection database(String service) throws java.sql.SQLException {
        var pg = get().postgres();
        return java.sql.DriverManager.getConnection(pg.jdbcUrl(service), pg.user(), pg.password());
    }

    /**
     * Every row of every table of a service's database, each row as PostgreSQL's text of the whole
     * record (every column), sorted: for comparing a rebuilt database with the live one, column by column.
     */
    static Map<String, java.util.List<String>> tables(String service) throws java.sql.SQLException {
        Map<String, java.util.List<String>> tables = new java.util.TreeMap<>();
        try (var c = database(service); var st = c.createStatement()) {
            java.util.List<String> names = new java.util.ArrayList<>();
            try (var rs = st.executeQuery("select table_name from information_schema.tables where table_schema = 'public' "
                    + "and table_type = 'BASE TABLE' order by table_name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String table : names) {
                java.util.List<String> rows = new java.util.ArrayList<>();
                try (var rs = st.executeQuery("select t::text from \"" + table + "\" t order by 1")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /**
     * Every table of every service, taken once the system is quiet: two reads a second apart find every
     * table unchanged (relays and the other services' reactions have finished).
     */
    static Map<String, Map<String, java.util.List<String>>> quietTables() {
        java.util.concurrent.atomic.AtomicReference<Map<String, Map<String, java.util.List<String>>>> quiet =
                new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Map<String, java.util.List<String>>> now = new java.util.HashMap<>();
            for (String service : SERVICES) {
                now.put(service, tables(service));
            }
            return now.equals(quiet.getAndSet(now));
        });
        return quiet.get();
    }

    /** Rebuilds every read model of a service from its event store, one after the other. @return their names */
    static java.util.List<String> rebuildEveryReadModel(String service) {
        String base = url(service);
        java.util.List<String> projections = Http.admin().get(base + "/api/v1/admin/projections").then().statusCode(200)
                .extract().path("projection");
        for (String projection : projections) {
            Http.as("admin", "ops-1").post(base + "/api/v1/admin/projections/" + projection + "/rebuild").then().statusCode(202);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> Http.admin()
                    .get(base + "/api/v1/admin/projections/" + projection).then()
                    .body("state", org.hamcrest.Matchers.equalTo("SUCCEEDED")));
        }
        return projections;
    }

    /** A free port outside the kernel's ephemeral range (see {@link doorstep.testing.TestInfrastructure#freePort()}). */
    static int freePort() {
        return doorstep.testing.TestInfrastructure.freePort();
    }
}
