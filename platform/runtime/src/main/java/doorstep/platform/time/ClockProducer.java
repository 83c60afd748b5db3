package doorstep.platform.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's clock: the system clock in UTC ticking in {@link Precision} (microseconds), or, where {@code doorstep.clock.controllable}
 * is true (tests, system tests; never production), a {@link ControllableClock}.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock(@ConfigProperty(name = "doorstep.clock.controllable", defaultValue = "false") boolean controllable) {
        return controllable ? new ControllableClock() : Precision.systemClock();
    }
}
