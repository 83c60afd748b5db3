package doorstep.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one time precision of the system: microseconds, what PostgreSQL's {@code timestamptz} keeps.
 * The application's clock ticks in it and event payloads are written and read in it, so an instant
 * that goes through an event, a table and back is the same instant, bit for bit.
 */
public final class Precision {

    /** Microseconds. */
    public static final ChronoUnit UNIT = ChronoUnit.MICROS;

    private Precision() {
    }

    /** @return {@code instant} truncated to microseconds; null stays null */
    public static Instant of(Instant instant) {
        return instant == null ? null : instant.truncatedTo(UNIT);
    }

    /** The system clock in UTC, ticking in microseconds. */
    public static Clock systemClock() {
        return Clock.tick(Clock.systemUTC(), Duration.of(1, UNIT));
    }
}
