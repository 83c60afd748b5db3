package doorstep.platform.lifecycle;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Lets background work (consumed records, fired deadlines) finish before the service closes what
 * it runs on, and refuses new work from the first moment of shutting down.
 *
 * <p>Quarkus fires {@link ShutdownEvent} before it closes the database (the Hibernate ORM
 * {@code EntityManagerFactory}, the connection pool) and long before the Kafka connector stops
 * consuming (which happens only when the CDI container is destroyed, last of all). Between the
 * two, the connector still hands records to the consumers. So this gate closes at the very start of
 * the {@code ShutdownEvent} (platform priority, before any other observer), waits up to
 * {@code doorstep.shutdown.drain-timeout} for the work already inside, and from then on
 * {@link #tryEnter()} answers false: the caller must leave its work undone and uncommitted (a
 * record's offset is then never committed, so the partition's next owner reads it again; a deadline
 * stays pending), never treat it as a failure. It also pauses every pausable incoming channel
 * (the platform makes Kafka channels pausable), so the connector stops handing over records that
 * would only be refused; what it has fetched stays unacknowledged, hence uncommitted.
 */
@ApplicationScoped
public class ShutdownGate {

    private static final Logger LOG = Logger.getLogger(ShutdownGate.class);

    @ConfigProperty(name = "doorstep.shutdown.drain-timeout", defaultValue = "PT10S")
    Duration drainTimeout;
    @Inject
    Instance<ChannelRegistry> channels;

    private final Object lock = new Object();
    private int inside;
    private boolean stopping;

    /**
     * Enters a unit of work that needs the service's resources (a transaction).
     *
     * @return false once the service is stopping: do not start the work; otherwise true, and
     *         {@link #exit()} must follow in a {@code finally}
     */
    public boolean tryEnter() {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            inside++;
            return true;
        }
    }

    /** Ends a unit of work begun by a successful {@link #tryEnter()}. */
    public void exit() {
        synchronized (lock) {
            inside--;
            lock.notifyAll();
        }
    }

    /** @return true from the first moment of shutting down on */
    public boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent ignored) {
        synchronized (lock) {
            stopping = true;
        }
        if (channels.isResolvable()) {
            ChannelRegistry registry = channels.get();
            for (String channel : registry.getIncomingNames()) {
                PausableChannel pausable = registry.getPausable(channel);
                if (pausable != null) {
                    pausable.pause();
                }
            }
        }
        int left = close(drainTimeout);
        if (left > 0) {
            LOG.warnf("shutting down with %d unit(s) of work still running after %s; their transactions will roll back", left, drainTimeout);
        }
    }

    /**
     * Refuses new work and waits until the work inside has finished, at most {@code timeout}.
     *
     * @return how many units of work were still inside when the wait ended (0: all finished)
     */
    public int close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            stopping = true;
            while (inside > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return inside;
        }
    }
}
