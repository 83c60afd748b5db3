package doorstep.platform.relay;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventRows;
import doorstep.platform.observability.TraceContext;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes the event store's unpublished events, in store order, to the service's topic, then
 * marks them published. Only one relay of a service is active at a time: it holds a PostgreSQL
 * session advisory lock on a connection of its own; the others wait for that lock, so another
 * replica takes over when the active one dies (its connection closes, the lock is released).
 *
 * <p>Sending and marking are separate steps outside any command transaction. A crash between
 * them re-sends those events on the next round: delivery is at least once, in order per stream,
 * and consumers drop the duplicates by event id.
 */
public final class OutboxRelay implements Runnable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /**
     * Opens a connection of the relay's own, outside any pool: closing it must end the database
     * session, which is what releases the advisory lock.
     */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    /** Called between send and mark; tests use it to stop the relay at the worst moment. */
    @FunctionalInterface
    public interface AfterSend {
        void sent(List<EventEnvelope> batch);
    }

    private final String service;
    private final String topic;
    private final ConnectionFactory connections;
    private final Producer<String, byte[]> producer;
    private final long lockKey;
    private final Duration pollInterval;
    private final int batchSize;
    private final AfterSend afterSend;
    private final Clock wallClock;

    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong published;
    private final AtomicLong failures;
    private volatile boolean running = true;
    private volatile boolean leader;
    private volatile Instant lastProgress;
    private volatile String lastFailure;
    private Connection lockConnection;

    /**
     * @param published counts the events published and acknowledged (shared by the relays a service runs in turn)
     * @param failures  counts the rounds that failed
     * @param wallClock the machine's clock, for how long the relay has made no progress (not the application's clock)
     */
    public OutboxRelay(String service, String topic, ConnectionFactory connections, Producer<String, byte[]> producer,
                       Duration pollInterval, int batchSize, AfterSend afterSend, AtomicLong published, AtomicLong failures,
                       Clock wallClock) {
        this.service = service;
        this.topic = topic;
        this.connections = connections;
        this.producer = producer;
        this.lockKey = ("doorstep-outbox-relay:" + service).hashCode();
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.afterSend = afterSend;
        this.published = published;
        this.failures = failures;
        this.wallClock = wallClock;
        this.lastProgress = wallClock.instant();
    }

    /** Something was committed: publish now rather than at the next poll. */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    public void stop() {
        running = false;
        wake();
    }

    public boolean isLeader() {
        return leader;
    }

    /**
     * @return when a round last ended well: everything it read was published, nothing was waiting, or it stood by
     *         because another replica's relay holds the lock. Long ago means the relay is stuck or failing (or dead).
     */
    public Instant lastProgress() {
        return lastProgress;
    }

    /** @return the last failure's description, for the health check */
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!leader && !tryBecomeLeader()) {
                    lastProgress = wallClock.instant(); // standing by: another replica publishes
                    idle();
                    continue;
                }
                int sent = publishOneBatch();
                lastProgress = wallClock.instant();
                if (sent < batchSize) {
                    idle();
                }
            } catch (RelayStopped e) {
                running = false;
            } catch (Exception e) {
                failures.incrementAndGet();
                lastFailure = e.toString();
                LOG.warnf("outbox relay of %s: %s; retrying", service, e.toString());
                if (e instanceof SQLException) {
                    resign(); // the lock's session may be gone: another replica may take over
                }
                // A Kafka failure keeps the lock: handing it to another replica would hide the failure (each would
                // fail in turn, none long enough to be unready) and change nothing for the broker.
                idle();
            }
        }
        resign();
    }

    /** @return how many events were published */
    int publishOneBatch() throws Exception {
        List<Unpublished> unpublished = readUnpublished();
        if (unpublished.isEmpty()) {
            return 0;
        }
        List<EventEnvelope> batch = new ArrayList<>(unpublished.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(unpublished.size());
        for (Unpublished u : unpublished) {
            ProducerRecord<String, byte[]> record = CloudEventsKafka.toRecord(topic, u.event());
            if (u.traceParent() != null) { // the consumer's connector continues the trace of the command that recorded it
                record.headers().add(TraceContext.TRACEPARENT, u.traceParent().getBytes(StandardCharsets.US_ASCII));
            }
            batch.add(u.event());
            acks.add(producer.send(record));
        }
        producer.flush();
        // Mark only the prefix that Kafka acknowledged, so order per stream is never broken.
        List<Long> done = new ArrayList<>();
        Exception failure = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                acks.get(i).get(30, TimeUnit.SECONDS);
                done.add(batch.get(i).globalPosition());
            } catch (Exception e) {
                failure = e;
                break;
            }
        }
        if (afterSend != null) {
            afterSend.sent(batch.subList(0, done.size()));
        }
        markPublished(done);
        published.addAndGet(done.size());
        if (failure != null) {
            throw failure;
        }
        return done.size();
    }

    /** An event to publish, with the trace context of the work that recorded it (null if none). */
    private record Unpublished(EventEnvelope event, String traceParent) {
    }

    private List<Unpublished> readUnpublished() throws SQLException {
        List<Unpublished> batch = new ArrayList<>();
        try (PreparedStatement ps = lockConnection.prepareStatement("select " + EventRows.COLUMNS
                + ", trace_parent from event_store where published_at is null order by global_position limit ?")) {
            ps.setInt(1, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    batch.add(new Unpublished(EventRows.read(rs, service), rs.getString(EventRows.COLUMN_COUNT + 1)));
                }
            }
        }
        return batch;
    }

    private void markPublished(List<Long> positions) throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = lockConnection.prepareStatement(
                "update event_store set published_at = now() where global_position = any(?) and published_at is null")) {
            Array array = lockConnection.createArrayOf("bigint", positions.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    private boolean tryBecomeLeader() throws SQLException {
        if (lockConnection == null || lockConnection.isClosed()) {
            lockConnection = connections.open();
            lockConnection.setAutoCommit(true);
        }
        try (PreparedStatement ps = lockConnection.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, lockKey);
            try (ResultSet rs = ps.executeQuery()) {
                leader = rs.next() && rs.getBoolean(1);
            }
        }
        if (leader) {
            LOG.infof("outbox relay of %s is active, publishing to %s", service, topic);
        }
        return leader;
    }

    private void resign() {
        leader = false;
        if (lockConnection != null) {
            try {
                lockConnection.close(); // closing the session releases the advisory lock
            } catch (SQLException e) {
                // already gone
            }
            lockConnection = null;
        }
    }

    private void idle() {
        try {
            wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            wakeUp.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Thrown by an {@link AfterSend} hook to end the relay at once, as a crash would. */
    public static final class RelayStopped extends RuntimeException {
        public RelayStopped() {
            super("relay stopped");
        }
    }
}
