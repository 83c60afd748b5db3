package doorstep.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that tests and system tests set and advance, so deadlines are deterministic. Until it
 * is set it follows the system clock; once set it stands still until moved again. It may be set to
 * any instant, nanoseconds included (as the system clock reads), and answers in the system's one
 * {@link Precision}, as the production clock does.
 */
public final class ControllableClock extends Clock {

    private volatile Instant fixed;
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same controllable time, seen in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        ControllableClock source = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }

            @Override
            public Instant instant() {
                return source.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        return Precision.of(f == null ? Instant.now() : f);
    }

    public void set(Instant instant) {
        fixed = instant;
        listeners.forEach(Runnable::run);
    }

    public void advance(Duration by) {
        set(instant().plus(by));
    }

    /** Back to the system clock. */
    public void release() {
        fixed = null;
        listeners.forEach(Runnable::run);
    }

    public boolean isFixed() {
        return fixed != null;
    }

    /** Called whenever the time is moved, e.g. to wake a scheduler at once. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
