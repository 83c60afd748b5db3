package doorstep.platform.projection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.Aggregates;
import doorstep.platform.eventstore.EventStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Drops a projection's rows and replays the whole event store through it, in one transaction, a page of
 * 5,000 events at a time (the projection's {@link ProjectionJdbc} statements of a page sent as
 * batches at its end),
 * handing it each event's aggregate as folded so far (each stream folded once, in store order):
 * readers see the old read model until the new one is complete, and commands that touch the
 * read model meanwhile wait for the rebuild and then apply on top of it, so nothing is missed.
 * Metrics: {@code doorstep_projection_rebuild_progress_ratio{projection}} and
 * {@code doorstep_projection_rebuild_events_total{projection}}.
 */
@ApplicationScoped
public class ProjectionRebuilder {

    private static final Logger LOG = Logger.getLogger(ProjectionRebuilder.class);
    private static final int BATCH = 5_000;

    public enum State { IDLE, RUNNING, SUCCEEDED, FAILED }

    /** What an operator sees: progress while running, the outcome after. */
    public record Status(String projection, State state, long processed, long total,
                         Instant startedAt, Instant finishedAt, String error) {

        /** @return processed / total while running or failed, 1 when succeeded, 0 when never run */
        public double progress() {
            return switch (state) {
                case IDLE -> 0;
                case SUCCEEDED -> 1;
                case RUNNING, FAILED -> total == 0 ? 0 : (double) processed / total;
            };
        }
    }

    @Inject
    Projections projections;
    @Inject
    EventStore store;
    @Inject
    Aggregates aggregates;
    @Inject
    EntityManager em;
    @Inject
    ProjectionJdbc jdbc;
    @Inject
    EventCatalog catalog;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "projection-rebuild");
        t.setDaemon(true);
        return t;
    });

    void registerMetrics(@Observes StartupEvent ignored) {
        for (Projection p : projections.list()) {
            Gauge.builder("doorstep.projection.rebuild.progress.ratio", this, r -> r.status(p.name()).progress())
                    .tag("projection", p.name())
                    .description("Share of the event store replayed by the projection's rebuild: 0 to 1, 1 once done, 0 if never run")
                    .register(registry);
            registry.counter("doorstep.projection.rebuild.events", "projection", p.name()); // shown at 0 before any rebuild
        }
    }

    public List<Status> statuses() {
        return projections.list().stream().map(p -> status(p.name())).toList();
    }

    public Status status(String name) {
        return statuses.getOrDefault(name, new Status(name, State.IDLE, 0, 0, null, null, null));
    }

    /**
     * Starts a rebuild in the background unless one of the same projection is running.
     *
     * @return the status right after the request
     * @throws IllegalArgumentException for an unknown projection
     */
    public synchronized Status requestRebuild(String name) {
        Projection projection = projections.named(name)
                .orElseThrow(() -> new IllegalArgumentException("no projection named " + name));
        Status current = status(name);
        if (current.state() == State.RUNNING) {
            return current;
        }
        Status started = new Status(name, State.RUNNING, 0, 0, clock.instant(), null, null);
        statuses.put(name, started);
        worker.submit(() -> run(projection, started.startedAt()));
        return started;
    }

    /** Rebuilds in the caller's thread; returns the number of events replayed. */
    public long rebuildNow(String name) {
        Projection projection = projections.named(name)
                .orElseThrow(() -> new IllegalArgumentException("no projection named " + name));
        return run(projection, clock.instant());
    }

    private long run(Projection projection, Instant startedAt) {
        String name = projection.name();
        try {
            long replayed = QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
                long total = store.count();
                projection.reset();
                em.flush();
                Aggregates.Replay replay = aggregates.replay();
                long position = 0;
                long done = 0;
                try (ProjectionJdbc.Page page = jdbc.collect()) {
                    while (true) {
                        List<EventEnvelope> batch = store.readForward(position, BATCH);
                        if (batch.isEmpty()) {
                            break;
                        }
                        projection.beforePage(batch);
                        for (EventEnvelope e : batch) {
                            page.about(e.subject());
                            catalog.sharingDecodes(e, () -> projection.apply(e, replay.after(e)));
                        }
                        page.send();
                        em.flush();
                        em.clear();
                        position = batch.get(batch.size() - 1).globalPosition();
                        done += batch.size();
                        registry.counter("doorstep.projection.rebuild.events", "projection", name).increment(batch.size());
                        statuses.put(name, new Status(name, State.RUNNING, done, Math.max(total, done), startedAt, null, null));
                    }
                }
                return done;
            });
            statuses.put(name, new Status(name, State.SUCCEEDED, replayed, replayed, startedAt, clock.instant(), null));
            LOG.infof("projection %s rebuilt from %d events", name, replayed);
            return replayed;
        } catch (RuntimeException e) {
            Status last = status(name);
            statuses.put(name, new Status(name, State.FAILED, last.processed(), last.total(), startedAt, clock.instant(),
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
            LOG.errorf(e, "rebuilding projection %s failed", name);
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
