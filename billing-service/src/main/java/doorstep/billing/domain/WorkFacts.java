package doorstep.billing.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What was done on an order, as dispatch recorded it at completion (or as planned, for a quote).
 *
 * @param visits intervals in the home; handling time is their sum
 */
public record WorkFacts(List<PerformedService> services, List<UsedMaterial> materials, List<Interval> visits) {

    public WorkFacts {
        services = List.copyOf(services);
        materials = List.copyOf(materials);
        visits = List.copyOf(visits);
    }

    /**
     * Planned work, as a quote prices it (D27): one visit of the estimated length starting {@code at},
     * every planned service done at its start.
     */
    public static WorkFacts planned(List<String> serviceCodes, List<UsedMaterial> materials, Instant at, Duration estimated) {
        return new WorkFacts(serviceCodes.stream().map(c -> new PerformedService(c, at)).toList(), materials,
                List.of(new Interval(at, at.plus(estimated))));
    }

    /** A fee-schedule service item and when it was done. */
    public record PerformedService(String code, Instant performedAt) {
    }

    /** A material used: {@code code} is the schedule's or the warehouse's code, if any. */
    public record UsedMaterial(String code, String name, int quantity) {
    }

    public record Interval(Instant start, Instant end) {
        long seconds() {
            return Duration.between(start, end).getSeconds();
        }
    }

    public long handlingSeconds() {
        return visits.stream().mapToLong(Interval::seconds).sum();
    }

    /** Handling time elapsed at {@code t}: the clock runs only inside visits. */
    long elapsedSecondsAt(Instant t) {
        long elapsed = 0;
        for (Interval v : visits) {
            if (!t.isAfter(v.start())) {
                return elapsed;
            }
            if (!t.isAfter(v.end())) {
                return elapsed + Duration.between(v.start(), t).getSeconds();
            }
            elapsed += v.seconds();
        }
        return elapsed;
    }
}
