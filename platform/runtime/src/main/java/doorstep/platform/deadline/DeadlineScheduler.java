package doorstep.platform.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import jakarta.enterprise.inject.Instance;

import doorstep.platform.events.EventEnvelope;
import doorstep.platform.lifecycle.ShutdownGate;
import doorstep.platform.observability.LogContext;
import doorstep.platform.time.ControllableClock;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fires the service's stored deadlines that are due. Each is taken with {@code FOR UPDATE SKIP LOCKED}
 * and handled in one transaction: the service's {@link DeadlineHandler} lets the aggregate decide
 * what its deadline means now and appends the events, after which the deadline projection removes
 * or moves the row. So with several replicas each deadline is handled by one of them, once, and a
 * restart simply finds the pending rows again. Runs only in services that provide a handler.
 *
 * <p>Metrics: {@code doorstep_deadlines_fired_total} and {@code doorstep_deadline_lateness_seconds} (the
 * application clock's time of handling minus the due time; pending and overdue counts are
 * {@link doorstep.platform.observability.StoreGauges}).
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
    @Inject
    MeterRegistry registry;
    @Inject
    Tracer tracer;

    @ConfigProperty(name = "doorstep.deadlines.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "doorstep.deadlines.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    private Counter firedCounter;
    private Timer lateness;

    void onStart(@Observes StartupEvent ignored) {
        firedCounter = Counter.builder("doorstep.deadlines.fired").description("Deadlines handled (events recorded)").register(registry);
        lateness = Timer.builder("doorstep.deadline.lateness").description("How long after its due time a deadline was handled")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
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

    /** @return the deadlines handled since start ({@code doorstep_deadlines_fired_total}) */
    public long firedCount() {
        return (long) firedCounter.count();
    }

    private void loop() {
        while (running) {
            try {
                while (running && fireOne()) {
                    // fireOne counts what it handled
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

    /**
     * Handles the earliest due deadline nobody else is handling. A deadline is due when the clock has
     * reached its due time ({@code due_at <= now}: the due instant itself is already late, D39). Of one
     * stream only the earliest pending deadline is taken, so a stream that missed several (a service
     * that was down, a clock that jumped) raises them in due order, each judged after the one before.
     *
     * @return false when none is due (or the one found had nothing to record), or the service is stopping
     */
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
        Instant firedDue = QuarkusTransaction.requiringNew().call(() -> fireDue(now));
        if (firedDue == null) {
            return false;
        }
        firedCounter.increment(); // counted once committed
        lateness.record(Duration.between(firedDue, now));
        return true;
    }

    /** @return the due time of the deadline handled, or null when none was (or it meant nothing) */
    private Instant fireDue(Instant now) {
        @SuppressWarnings("unchecked")
        var rows = (java.util.List<Object[]>) em.createNativeQuery(
                        "select d.stream_id, d.kind, d.due_at, d.site_id from scheduled_deadline d where d.due_at <= ?1 "
                                + "and not exists (select 1 from scheduled_deadline e where e.stream_id = d.stream_id "
                                + "and (e.due_at < d.due_at or (e.due_at = d.due_at and e.kind < d.kind))) "
                                + "order by d.due_at, d.stream_id, d.kind limit 1 for update skip locked")
                .setParameter(1, now)
                .getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        String streamId = (String) row[0];
        String kind = (String) row[1];
        String site = (String) row[3];
        Instant due = toInstant(row[2]);
        // A deadline that is due starts a trace of its own: the events it records carry it to every consumer.
        Span span = tracer.spanBuilder("deadline " + kind).setSpanKind(SpanKind.INTERNAL)
                .setAttribute("doorstep.stream", streamId).startSpan();
        int recorded;
        try (Scope scope = span.makeCurrent(); LogContext log = LogContext.command(null, EventEnvelope.subjectOf(streamId))) {
            recorded = handler.get().fire(streamId, kind, site == null || site.isEmpty() ? null : site, now);
        } finally {
            span.end();
        }
        if (recorded == 0) {
            // The row says due, the aggregate says nothing is: the projection disagrees with the
            // aggregate it is derived from. Nothing is written; the scheduler backs off a poll interval.
            LOG.warnf("deadline %s of %s (due %s) means nothing to its aggregate; the deadline projection needs a rebuild",
                    kind, streamId, due);
            return null;
        }
        return due;
    }

    static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
