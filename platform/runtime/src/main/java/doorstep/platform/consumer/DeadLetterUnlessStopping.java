package doorstep.platform.consumer;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.platform.lifecycle.ServiceStopping;
import doorstep.platform.lifecycle.ShutdownGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The Kafka failure strategy of every Doorstep channel ({@code failure-strategy=doorstep-dead-letter}):
 * the connector's {@code dead-letter-queue} strategy (same {@code dead-letter-queue.*} settings), except
 * while the service is stopping.
 *
 * <p>Metrics per channel: {@code doorstep_dead_letters_total{channel, topic}} and
 * {@code doorstep_consumer_lag_records{channel}}.
 *
 * <p>A record that failed because of shutting down (or while it, when a closed pool or an
 * interrupted thread may be the cause) is not the record's fault: it is neither dead-lettered nor
 * acknowledged. Unacknowledged, its offset is never committed (the connector's default
 * {@code throttled} commit strategy commits only up to the first record not yet acknowledged), so
 * the partition's next owner reads it again, and the records after it; what was already applied is
 * skipped by the {@code processed_event} rows.
 */
@ApplicationScoped
@Identifier(DeadLetterUnlessStopping.STRATEGY)
public class DeadLetterUnlessStopping implements KafkaFailureHandler.Factory {

    /** The value of a channel's {@code failure-strategy} that selects this strategy. */
    public static final String STRATEGY = "doorstep-dead-letter";

    private static final Logger LOG = Logger.getLogger(DeadLetterUnlessStopping.class);

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetterQueue;
    @Inject
    ShutdownGate gate;
    @Inject
    MeterRegistry registry;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
                                      BiConsumer<Throwable, Boolean> reportFailure) {
        String channel = config.getChannel();
        String topic = config.getDeadLetterQueueTopic().orElse("dead-letter-topic-" + channel); // the connector's default name
        Gauge.builder("doorstep.consumer.lag.records", consumer, DeadLetterUnlessStopping::lag)
                .tag("channel", channel)
                .description("Records the channel's consumer is behind the end of the partitions it holds")
                .register(registry);
        Counter deadLettered = Counter.builder("doorstep.dead.letters").tag("channel", channel).tag("topic", topic)
                .description("Records moved to a dead-letter topic").register(registry);
        return new Handler(channel, new LazyDeadLetters(() -> {
            try {
                return deadLetterQueue.create(config, vertx, consumer, reportFailure);
            } catch (RuntimeException e) { // e.g. a dead-letter setting wrong: the channel reports itself failed (health)
                LOG.errorf(e, "%s cannot make its dead-letter producer", channel);
                reportFailure.accept(e, true);
                throw e;
            }
        }), gate, deadLettered);
    }

    /**
     * The connector's dead-letter handler, made when the channel first dead-letters a record: its
     * Kafka producer is one client per channel that a healthy service never uses, so it is not made
     * at start-up (start-up time and memory, issue 16).
     */
    static final class LazyDeadLetters {
        private final Supplier<KafkaFailureHandler> factory;
        private KafkaFailureHandler made;
        private boolean terminated;

        LazyDeadLetters(Supplier<KafkaFailureHandler> factory) {
            this.factory = factory;
        }

        synchronized KafkaFailureHandler get() {
            if (terminated) {
                throw new ServiceStopping("the channel was terminated: no dead-letter producer is made any more");
            }
            if (made == null) {
                made = factory.get();
            }
            return made;
        }

        /**
         * The handler; the first time, made on a worker thread (making a producer blocks, and failures
         * are handled on the channel's event loop) and handed back on the caller's Vert.x context.
         */
        Uni<KafkaFailureHandler> handler() {
            synchronized (this) {
                if (made != null) {
                    return Uni.createFrom().item(made);
                }
            }
            Context context = io.vertx.core.Vertx.currentContext();
            Uni<KafkaFailureHandler> making = Uni.createFrom().item(this::get).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return context == null ? making : making.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }

        /** Terminates the handler if it was made; nothing to do otherwise. */
        synchronized void terminate() {
            terminated = true;
            if (made != null) {
                made.terminate();
            }
        }
    }

    /**
     * The sum of the Kafka consumer's own per-partition {@code records-lag} metrics (Kafka computes them at each
     * fetch; reading metrics is safe from any thread); 0 before the first fetch.
     */
    static double lag(KafkaConsumer<?, ?> consumer) {
        double lag = 0;
        org.apache.kafka.clients.consumer.Consumer<?, ?> client = consumer.unwrap();
        if (client == null) {
            return 0; // not created yet
        }
        for (Map.Entry<MetricName, ? extends Metric> m : client.metrics().entrySet()) {
            MetricName name = m.getKey();
            if ("records-lag".equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
                    && name.tags().containsKey("partition") && m.getValue().metricValue() instanceof Number n
                    && !Double.isNaN(n.doubleValue())) {
                lag += n.doubleValue();
            }
        }
        return lag;
    }

    /** The strategy for one channel. */
    record Handler(String channel, LazyDeadLetters deadLetters, ShutdownGate gate, Counter deadLettered)
            implements KafkaFailureHandler {

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            if (gate.isStopping() || ServiceStopping.isCause(reason)) {
                LOG.debugf("%s: %s-%d offset %d left uncommitted for the partition's next owner: %s", channel, record.getTopic(),
                        record.getPartition(), record.getOffset(), reason.toString());
                return Uni.createFrom().voidItem(); // neither acknowledged nor dead-lettered
            }
            return deadLetters.handler().chain(h -> h.handle(record, reason, metadata))
                    .invoke(() -> deadLettered.increment()); // once it is on the topic
        }

        @Override
        public void terminate() {
            deadLetters.terminate();
        }
    }
}
