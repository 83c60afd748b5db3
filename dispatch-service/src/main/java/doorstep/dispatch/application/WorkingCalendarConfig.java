package doorstep.dispatch.application;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import doorstep.dispatch.domain.WorkingCalendar;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The working-day calendar from configuration: {@code doorstep.calendar.holidays} and
 * {@code doorstep.calendar.make-up-working-days}, ISO dates separated by commas.
 */
public class WorkingCalendarConfig {

    @Produces
    @Singleton
    WorkingCalendar calendar(@ConfigProperty(name = "doorstep.calendar.holidays") List<String> holidays,
                             @ConfigProperty(name = "doorstep.calendar.make-up-working-days") List<String> makeUp) {
        return new WorkingCalendar(dates(holidays), dates(makeUp));
    }

    private static Set<LocalDate> dates(List<String> values) {
        return values.stream().map(String::strip).filter(s -> !s.isEmpty() && !s.equals("none"))
                .map(LocalDate::parse).collect(Collectors.toSet());
    }
}
