package doorstep.dispatch.application;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.ConcurrencyConflict;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Records the calendar years shipped with the service ({@code calendar/<year>.json} on the class
 * path, each checked against the State Council's notice) as {@code CalendarYearPublished} with their
 * source, once: a year that already has a stream (published before, by the seed or by an admin) is
 * left alone, and of several replicas starting together one records it and the others find it there.
 */
@ApplicationScoped
public class CalendarSeed {

    /** The shipped years. Add a year only after checking it against the notice itself. */
    static final List<Integer> SHIPPED = List.of(2026);

    private static final Logger LOG = Logger.getLogger(CalendarSeed.class);

    /** A shipped year's file. */
    record ShippedYear(int year, String source, List<LocalDate> holidays, List<LocalDate> makeUpWorkingDays) {
    }

    @Inject
    CalendarCommands commands;
    @Inject
    ObjectMapper json;

    void onStart(@Observes StartupEvent start) {
        seedShippedYears();
    }

    /** Records each shipped year that has no stream yet; safe to run again and on several instances at once. */
    public void seedShippedYears() {
        for (int year : SHIPPED) {
            seed(read(year));
        }
    }

    private void seed(ShippedYear shipped) {
        EventMetadata metadata = new EventMetadata(Actor.service("dispatch"), UUID.randomUUID(), null);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (commands.load(shipped.year()).version() > 0) {
                    return;
                }
                commands.publish(shipped.year(), shipped.holidays(), shipped.makeUpWorkingDays(), shipped.source(), metadata,
                        OptionalLong.of(0));
                LOG.infof("working calendar %d recorded from the shipped list", shipped.year());
            });
        } catch (ConcurrencyConflict | doorstep.platform.web.PreconditionFailed e) {
            LOG.debugf("working calendar %d was recorded by another instance", shipped.year());
        }
    }

    private ShippedYear read(int year) {
        try (InputStream in = CalendarSeed.class.getResourceAsStream("/calendar/" + year + ".json")) {
            if (in == null) {
                throw new IllegalStateException("calendar/" + year + ".json is missing from the class path");
            }
            return json.readValue(in, ShippedYear.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
