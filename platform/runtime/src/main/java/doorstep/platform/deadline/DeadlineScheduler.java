package doorstep.platform.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import jakarta.enterprise.inject.Instance;

import doorstep.platform.lifecycle.ShutdownGate;
import doorstep.platform.time.ControllableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fires the service's stored deadlines that are due. Each is taken with {@code FOR UPDATE SKIP LOCKED}
 * and handled in one transaction: the service's {@link DeadlineHandler} lets the aggregate decide
 * what the deadline means now and appends the events, which close the deadline row (or it is
 * marked stale when nothing follows). So with several replicas each deadline is handled by one of
 * them, once, and a restart simply finds the pending rows again. Runs only in services that
 * provide a handler.
 *
 * <p>Shutting down: a deadline being handled finishes first ({@link ShutdownGate} waits for it before
 * the database closes); none starts afterwards, and one whose transaction fails then simply stays
 * pending for the next instance.
 */
@ApplicationScoped
public class DeadlineScheduler {

    private static final Logger LOG = Logger.getLogger(DeadlineScheduler.class);
    @Inject
    EntityManager em;
    @Inject
    Instance<DeadlineHandler> handler;
    @Inject
    Clock clock;
    @Inject
    ShutdownGate gate;

    @ConfigProperty(name = "doorstep.deadlines.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "doorstep.deadlines.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong fired = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    void onStart(@Observes StartupEvent ignored) {
        if (clock instanceof ControllableClock c) {
            c.onChange(this::wake);
        }
        if (enabled && handler.isResolvable()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent ignored) {
        stop();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "deadline-scheduler");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    public long firedCount() {
        return fired.get();
    }

    private void loop() {
        while (running) {
            try {
                while (running && fireOne()) {
                    fired.incrementAndGet();
                }
            } catch (RuntimeException e) {
                if (gate.isStopping()) {
                    return; // rolled back: the deadline stays pending for the next instance
                }
                LOG.warnf("deadline scheduler: %s; retrying", e.toString());
            }
            try {
                wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Handles the earliest due deadline nobody else is handling. @return false when none is due, or the service is stopping */
    public boolean fireOne() {
        if (!gate.tryEnter()) {
            return false;
        }
        try {
            return fireEarliest();
        } finally {
            gate.exit();
        }
    }

    private boolean fireEarliest() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            var rows = (java.util.List<Object[]>) em.createNativeQuery(
                            "select stream_id, kind, due_at, site_id from scheduled_deadline where status = 'PENDING' and due_at <= ?1 "
                                    + "order by due_at limit 1 for update skip locked")
                    .setParameter(1, now)
                    .getResultList();
            if (rows.isEmpty()) {
                return false;
            }
            Object[] row = rows.get(0);
            String streamId = (String) row[0];
            String kind = (String) row[1];
            String site = (String) row[3];
            int recorded = handler.get().fire(streamId, kind, site == null || site.isEmpty() ? null : site, toInstant(row[2]), now);
            if (recorded == 0) {
                // The aggregate moved on (e.g. an arrival raced the deadline): the deadline means nothing now.
                em.createNativeQuery("update scheduled_deadline set status = 'STALE', closed_at = ?3 where stream_id = ?1 and kind = ?2")
                        .setParameter(1, streamId).setParameter(2, kind).setParameter(3, now).executeUpdate();
            }
            return true;
        });
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
