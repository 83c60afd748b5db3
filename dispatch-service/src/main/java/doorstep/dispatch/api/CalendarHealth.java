package doorstep.dispatch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import doorstep.dispatch.application.WorkingCalendars;
import doorstep.dispatch.domain.WorkingCalendar.Coverage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Warns when the working calendar lacks a year: the current one at any time, the next one from
 * 1 December. Deadlines keep being computed (weekdays only for a missing year, recomputed when it is
 * published), so this never makes the service unready: the readiness check {@code working-calendar}
 * stays UP and carries the warning in its data, and the gauges
 * {@code doorstep_calendar_next_year_missing} and {@code doorstep_calendar_current_year_missing}
 * (0 or 1) are what an alert watches.
 */
@Readiness
@ApplicationScoped
public class CalendarHealth implements HealthCheck {

    @Inject
    WorkingCalendars calendars;

    @Override
    public HealthCheckResponse call() {
        Coverage c = calendars.coverage();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("working-calendar").up()
                .withData("currentYear", c.currentYear())
                .withData("currentYearPublished", c.currentYearPublished())
                .withData("nextYear", c.nextYear())
                .withData("nextYearPublished", c.nextYearPublished());
        if (c.currentYearMissing()) {
            response.withData("warning", c.currentYear() + " is not published: working days count weekdays only; "
                    + "publish it at POST /api/v1/calendar/years");
        } else if (c.nextYearMissing()) {
            response.withData("warning", c.nextYear() + " is not published yet; publish it from the State Council's notice "
                    + "at POST /api/v1/calendar/years before 1 January");
        }
        return response.build();
    }

    void registerGauges(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("doorstep.calendar.next.year.missing", calendars, w -> w.coverage().nextYearMissing() ? 1 : 0)
                .description("1 from 1 December while the next year's working calendar is not published")
                .strongReference(true)
                .register(registry);
        Gauge.builder("doorstep.calendar.current.year.missing", calendars, w -> w.coverage().currentYearMissing() ? 1 : 0)
                .description("1 while the current year's working calendar is not published")
                .strongReference(true)
                .register(registry);
    }
}
