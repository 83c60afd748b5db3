package doorstep.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import doorstep.platform.lifecycle.ServiceStopping;
import doorstep.platform.lifecycle.ShutdownGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** What the failure strategy does with a failed record: dead-letter it, or while stopping leave it unacknowledged. */
class DeadLetterUnlessStoppingTest {

    final List<Long> acknowledged = new ArrayList<>();
    final List<Long> deadLettered = new ArrayList<>();
    final ShutdownGate gate = new ShutdownGate();

    /** Acknowledging is what lets the connector commit the offset. */
    final KafkaCommitHandler commits = new KafkaCommitHandler() {
        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            acknowledged.add(record.getOffset());
            return Uni.createFrom().voidItem();
        }
    };

    /** Like the connector's dead-letter queue: send, then acknowledge. */
    final KafkaFailureHandler deadLetterQueue = new KafkaFailureHandler() {
        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            deadLettered.add(record.getOffset());
            return Uni.createFrom().completionStage(record.ack());
        }
    };

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Counter deadLetterCount = registry.counter("doorstep.dead.letters", "channel", "intake-events");
    /** How many dead-letter handlers (each with its Kafka producer) were made. */
    final AtomicInteger made = new AtomicInteger();
    final KafkaFailureHandler strategy = new DeadLetterUnlessStopping.Handler("intake-events",
            new DeadLetterUnlessStopping.LazyDeadLetters(() -> {
                made.incrementAndGet();
                return deadLetterQueue;
            }), gate, deadLetterCount);

    @Test
    void theDeadLetterProducerIsMadeWhenTheFirstRecordIsDeadLetteredAndOnlyOnce() {
        assertThat(made).hasValue(0); // a channel that never dead-letters never makes its producer

        fail(5, new IllegalStateException("dispatch order not found"));
        fail(6, new IllegalStateException("dispatch order not found"));

        assertThat(made).hasValue(1);
        assertThat(deadLettered).containsExactly(5L, 6L);
    }

    @Test
    void aRecordThatKeepsFailingIsDeadLetteredAndAcknowledged() {
        fail(7, new IllegalStateException("dispatch order not found"));

        assertThat(deadLettered).containsExactly(7L);
        assertThat(acknowledged).containsExactly(7L);
        assertThat(deadLetterCount.count()).isEqualTo(1.0);
    }

    @Test
    void whileStoppingAFailedRecordIsNeitherDeadLetteredNorAcknowledged() {
        gate.close(Duration.ZERO);

        fail(8, new IllegalStateException("EntityManagerFactory is closed"));

        assertThat(deadLettered).isEmpty();
        assertThat(acknowledged).isEmpty(); // its offset is not committed: the partition's next owner reads it again
        assertThat(deadLetterCount.count()).isZero();
        assertThat(made).hasValue(0);
    }

    @Test
    void aRecordLeftBecauseTheServiceIsStoppingIsNeverDeadLettered() {
        fail(9, new IllegalStateException(new ServiceStopping("dispatch-from-intake left ProblemReported")));

        assertThat(deadLettered).isEmpty();
        assertThat(acknowledged).isEmpty();
    }

    private void fail(long offset, Throwable reason) {
        IncomingKafkaRecord<String, byte[]> record = new IncomingKafkaRecord<>(
                new ConsumerRecord<>("doorstep.intake.events", 0, offset, "order-1", new byte[0]), "intake-events", -1, commits,
                strategy, false);
        record.nack(reason).toCompletableFuture().join();
    }
}
