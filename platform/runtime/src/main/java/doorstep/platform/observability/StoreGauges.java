package doorstep.platform.observability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import doorstep.platform.lifecycle.ShutdownGate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Gauges read from the service's own tables, refreshed every {@code doorstep.metrics.store-refresh}
 * (default 5 s) rather than at each scrape, so a scrape never waits for the database:
 * <ul>
 *   <li>{@code doorstep_outbox_backlog_events}: events recorded but not yet published (the relay's work);</li>
 *   <li>{@code doorstep_outbox_oldest_age_seconds}: how long the oldest of them has waited (0 when none);</li>
 *   <li>{@code doorstep_deadlines_pending}: scheduled deadlines not yet handled;</li>
 *   <li>{@code doorstep_deadlines_overdue}: those whose due time the application clock has passed.</li>
 * </ul>
 * Both queries use partial or small indexes (unpublished events, pending deadlines) and stay cheap.
 */
@ApplicationScoped
public class StoreGauges {

    private static final Logger LOG = Logger.getLogger(StoreGauges.class);

    @Inject
    DataSource dataSource;
    @Inject
    MeterRegistry registry;
    @Inject
    Clock clock;
    @Inject
    ShutdownGate gate;

    private volatile double backlog;
    private volatile double oldestAgeSeconds;
    private volatile double pending;
    private volatile double overdue;

    void register(@Observes StartupEvent ignored) {
        Gauge.builder("doorstep.outbox.backlog.events", this, g -> g.backlog)
                .description("Events recorded but not yet published to Kafka").register(registry);
        Gauge.builder("doorstep.outbox.oldest.age.seconds", this, g -> g.oldestAgeSeconds)
                .description("How long the oldest unpublished event has waited").register(registry);
        Gauge.builder("doorstep.deadlines.pending", this, g -> g.pending)
                .description("Scheduled deadlines not yet handled").register(registry);
        Gauge.builder("doorstep.deadlines.overdue", this, g -> g.overdue)
                .description("Pending deadlines whose due time has passed").register(registry);
        refresh();
    }

    @Scheduled(every = "${doorstep.metrics.store-refresh:5s}", delayed = "${doorstep.metrics.store-refresh:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        if (!gate.isStopping()) {
            refresh();
        }
    }

    /** Reads the four values now (tests call it to avoid waiting for the next refresh). */
    public void refresh() {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select count(*), coalesce(extract(epoch from now() - min(recorded_at)), 0) "
                    + "from event_store where published_at is null"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                backlog = rs.getLong(1);
                oldestAgeSeconds = Math.max(0, rs.getDouble(2));
            }
            try (PreparedStatement ps = c.prepareStatement("select count(*), count(*) filter (where due_at <= ?) from scheduled_deadline")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    pending = rs.getLong(1);
                    overdue = rs.getLong(2);
                }
            }
        } catch (SQLException e) {
            LOG.debugf("store gauges not refreshed: %s", e.toString()); // the database readiness check reports an outage
        }
    }
}
