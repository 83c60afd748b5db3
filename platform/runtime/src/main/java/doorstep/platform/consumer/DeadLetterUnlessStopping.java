package doorstep.platform.consumer;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.platform.lifecycle.ServiceStopping;
import doorstep.platform.lifecycle.ShutdownGate;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The Kafka failure strategy of every Doorstep channel ({@code failure-strategy=doorstep-dead-letter}):
 * the connector's {@code dead-letter-queue} strategy (same {@code dead-letter-queue.*} settings), except
 * while the service is stopping.
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

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
                                      BiConsumer<Throwable, Boolean> reportFailure) {
        return new Handler(config.getChannel(), deadLetterQueue.create(config, vertx, consumer, reportFailure), gate);
    }

    /** The strategy for one channel. */
    record Handler(String channel, KafkaFailureHandler deadLetters, ShutdownGate gate) implements KafkaFailureHandler {

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            if (gate.isStopping() || ServiceStopping.isCause(reason)) {
                LOG.debugf("%s: %s-%d offset %d left uncommitted for the partition's next owner: %s", channel, record.getTopic(),
                        record.getPartition(), record.getOffset(), reason.toString());
                return Uni.createFrom().voidItem(); // neither acknowledged nor dead-lettered
            }
            return deadLetters.handle(record, reason, metadata);
        }

        @Override
        public void terminate() {
            deadLetters.terminate();
        }
    }
}
