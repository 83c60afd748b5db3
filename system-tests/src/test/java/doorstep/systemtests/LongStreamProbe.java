package doorstep.systemtests;

import static doorstep.systemtests.SystemStack.url;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import doorstep.testing.Http;

/**
 * Command latency on a long stream against a new one (issue 16, D58): two orders become
 * coordination orders at midnight; one is given {@code entries} tracking entries, then commands
 * alternate between the two, each timed from request to answer by the load generator.
 */
final class LongStreamProbe {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** @param longStreamEvents events in the long order's stream when measured; latencies in microseconds */
    record Result(long longStreamEvents, long newP50, long newP95, long longP50, long longP95, int samples) {

        /** The long stream's median latency over the new one's. */
        double ratio() {
            return newP50 == 0 ? 0 : (double) longP50 / newP50;
        }
    }

    private final LoadClient load;

    LongStreamProbe(LoadClient load) {
        this.load = load;
    }

    Result measure(int entries, int samples) {
        Doorstep d = new Doorstep();
        String fresh = d.reportAndAssign("长期跟踪基准(新)");
        String longOne = d.reportAndAssign("长期跟踪基准(长)");
        Instant now = Instant.parse(Http.admin().get(url("followup") + "/api/v1/admin/clock").then().statusCode(200).extract().path("now"));
        Instant midnight = LocalDate.ofInstant(now, SHANGHAI).plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        SystemStack.setClocks(midnight); // open at midnight: both become coordination orders (转协调单)
        try {
            awaitCoordinationOrder(fresh);
            awaitCoordinationOrder(longOne);
            for (int i = 0; i < entries; i++) {
                entry(longOne, midnight);
            }
            List<Long> onNew = new ArrayList<>();
            List<Long> onLong = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                onNew.add(entry(fresh, midnight));
                onLong.add(entry(longOne, midnight));
            }
            lastVersion = load.post(url("followup") + "/api/v1/coordination-orders/" + longOne + "/entries", "team-leader", "leader-1",
                    entryBody(midnight)).body().path("version").asLong(); // the long stream's own count, as the service answers it
            Collections.sort(onNew);
            Collections.sort(onLong);
            return new Result(lastVersion, percentile(onNew, 50), percentile(onNew, 95), percentile(onLong, 50),
                    percentile(onLong, 95), samples);
        } finally {
            SystemStack.releaseClocks();
        }
    }

    private long lastVersion;

    private static Map<String, Object> entryBody(Instant at) {
        return Map.of("trackedAt", at.toString(), "place", "3栋1202", "contactPerson", "李四", "contactMethod", "13900001111",
                "content", "等待厂家配件", "opinions", "业主同意等待", "plan", "到货后更换");
    }

    /** Records one tracking entry; returns microseconds from request to answer. */
    private long entry(String order, Instant at) {
        long t0 = System.nanoTime();
        LoadClient.Reply r = load.post(url("followup") + "/api/v1/coordination-orders/" + order + "/entries", "team-leader", "leader-1",
                entryBody(at));
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
        if (r.status() != 200) {
            throw new IllegalStateException("a tracking entry on " + order + " was answered " + r.status() + ": " + r.body());
        }
        return micros;
    }

    private void awaitCoordinationOrder(String order) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (load.status(url("followup") + "/api/v1/coordination-orders/" + order) != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(order + " did not become a coordination order within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // waits for another process, not for time
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
