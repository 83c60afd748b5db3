package doorstep.platform.consumer;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.lifecycle.ServiceStopping;
import doorstep.platform.lifecycle.ShutdownGate;
import doorstep.platform.observability.LogContext;
import doorstep.platform.personal.KeysUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies a consumed event at most once per consumer: the record that the event was processed and
 * the effect of processing it commit in one transaction, so a redelivered event changes nothing.
 *
 * <p>A record that is not a readable CloudEvent, or whose data breaks the consumer's contract
 * ({@link ContractViolation}, from {@link ForeignEvents}), is not retried. A failing effect is retried a
 * bounded number of times, each in a fresh transaction; then the exception reaches the messaging
 * connector, whose {@code doorstep-dead-letter} failure strategy ({@link DeadLetterUnlessStopping})
 * moves the record to the channel's dead-letter topic with the reason in its headers, and
 * consumption goes on. A failure because the key custodian cannot be reached ({@link KeysUnavailable})
 * is no fault of the record: it is tried again, without limit, until the custodian answers or the
 * service stops (the partition waits, in order).
 *
 * <p>Every record is counted in {@code doorstep_consumer_records_total{consumer, outcome}} (processed,
 * skipped: not a type the consumer reacts to, duplicate: processed before), and while an event is applied
 * the log lines carry its correlation id, order id and consumer ({@link LogContext}).
 *
 * <p>Once the service is stopping ({@link ShutdownGate}) no new effect starts, and an effect that
 * fails is not retried: both end in {@link ServiceStopping}, which the failure strategy never
 * dead-letters; the record stays uncommitted for the partition's next owner, and the
 * {@code processed_event} row makes reading it again safe.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    @Inject
    EntityManager em;
    @Inject
    ShutdownGate gate;
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "doorstep.consumer.max-attempts", defaultValue = "3")
    int maxAttempts;
    @ConfigProperty(name = "doorstep.consumer.retry-backoff", defaultValue = "PT0.2S")
    Duration backoff;
    /** The longest pause between tries while the key custodian cannot be reached. */
    @ConfigProperty(name = "doorstep.consumer.custodian-wait-cap", defaultValue = "PT5S")
    Duration custodianWaitCap;

    /**
     * @param consumer a stable name of the consuming read model or reaction
     * @return true if the effect ran, false if the event had been processed before
     */
    public boolean handle(String consumer, ConsumerRecord<String, byte[]> record, Consumer<EventEnvelope> effect) {
        EventEnvelope event = CloudEventsKafka.fromRecord(record); // MalformedEvent: straight to the dead-letter topic
        return handle(consumer, event, effect);
    }

    /**
     * Like {@link #handle(String, ConsumerRecord, Consumer)}, for a consumer that reacts to a few
     * event types only: a readable event of any other type is passed over without a transaction
     * (nothing to apply, so nothing to record), which spares the database most of a topic's traffic.
     *
     * @param types the event names the effect reacts to, e.g. {@code WorkCompleted}
     */
    public boolean handle(String consumer, ConsumerRecord<String, byte[]> record, Set<String> types, Consumer<EventEnvelope> effect) {
        String name = CloudEventsKafka.eventName(record);
        if (name != null && !types.contains(name)) {
            count(consumer, SKIPPED);
            return false; // not read any further: its data is no concern of this consumer
        }
        EventEnvelope event = CloudEventsKafka.fromRecord(record);
        if (!types.contains(event.type())) {
            count(consumer, SKIPPED);
            return false;
        }
        return handle(consumer, event, effect);
    }

    /**
     * Runs the effect for an already decoded event, at most once per consumer and event id.
     *
     * @throws ServiceStopping if the service is stopping: the effect did not run, or did not commit
     */
    public boolean handle(String consumer, EventEnvelope event, Consumer<EventEnvelope> effect) {
        if (!gate.tryEnter()) {
            throw new ServiceStopping(consumer + " left " + event.cloudEventType() + " " + event.eventId() + " unprocessed");
        }
        try (LogContext ignored = LogContext.reaction(consumer, event)) {
            boolean applied = applyOnce(consumer, event, effect);
            count(consumer, applied ? PROCESSED : DUPLICATE);
            LOG.debugf("%s %s %s", consumer, applied ? "applied" : "had already applied", event.cloudEventType());
            return applied;
        } finally {
            gate.exit();
        }
    }

    /** Outcomes of {@code doorstep_consumer_records_total}: applied, passed over (not of interest), seen before. */
    static final String PROCESSED = "processed";
    static final String SKIPPED = "skipped";
    static final String DUPLICATE = "duplicate";

    private void count(String consumer, String outcome) {
        registry.counter("doorstep.consumer.records", "consumer", consumer, "outcome", outcome).increment();
    }

    private boolean applyOnce(String consumer, EventEnvelope event, Consumer<EventEnvelope> effect) {
        int attempt = 1;
        int waits = 0;
        while (true) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    if (!markProcessed(consumer, event)) {
                        return false;
                    }
                    effect.accept(event);
                    return true;
                });
            } catch (RuntimeException e) {
                CloudEventsKafka.MalformedEvent malformed = malformed(e);
                if (malformed != null) { // the record itself is wrong (e.g. a ContractViolation): no try can help
                    LOG.errorf("%s cannot apply %s %s: %s", consumer, event.cloudEventType(), event.eventId(), malformed.getMessage());
                    throw malformed;
                }
                if (gate.isStopping()) { // maybe caused by shutting down (a closed pool, an interrupted thread): not for a person to look at
                    throw new ServiceStopping(consumer + " rolled back " + event.cloudEventType() + " " + event.eventId(), e);
                }
                if (KeysUnavailable.isCause(e)) { // not the event's fault: wait for the key custodian, in order, for as long as it takes
                    waits++;
                    if (waits == 1 || waits % 20 == 0) {
                        LOG.warnf("%s waits for the key custodian to apply %s %s (%d tries): %s", consumer, event.cloudEventType(),
                                event.eventId(), waits, e.getMessage());
                    }
                    sleep(Math.min(custodianWaitCap.toMillis(), backoff.toMillis() * waits));
                    continue;
                }
                if (attempt >= maxAttempts) {
                    LOG.errorf("%s gives up on %s %s after %d attempts: %s", consumer, event.cloudEventType(),
                            event.eventId(), attempt, e.toString());
                    throw e;
                }
                LOG.warnf("%s failed on %s %s (attempt %d of %d): %s", consumer, event.cloudEventType(), event.eventId(),
                        attempt, maxAttempts, e.toString());
                sleep(backoff.toMillis() * attempt);
                attempt++;
            }
        }
    }

    private static CloudEventsKafka.MalformedEvent malformed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CloudEventsKafka.MalformedEvent malformed) {
                return malformed;
            }
        }
        return null;
    }

    /** Forgets what a consumer processed, for a rebuild that replays its sources from the start. */
    public void forget(String consumer) {
        em.createNativeQuery("delete from processed_event where consumer = ?1").setParameter(1, consumer).executeUpdate();
    }

    private boolean markProcessed(String consumer, EventEnvelope event) {
        return em.createNativeQuery("insert into processed_event (consumer, event_id) values (?1, ?2) on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, event.eventId())
                .executeUpdate() == 1;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis); // production back-off between attempts (bounded by maxAttempts, or by the custodian's return)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
