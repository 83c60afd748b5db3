package doorstep.platform;

import static doorstep.platform.PlatformTestSupport.TOPIC;
import static doorstep.platform.PlatformTestSupport.increment;
import static doorstep.platform.PlatformTestSupport.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.relay.OutboxRelay;
import doorstep.platform.relay.OutboxRelayService;
import doorstep.platform.testapp.TestApp;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.KafkaTopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class OutboxRelayTest {

    @Inject
    EventStore store;
    @Inject
    OutboxRelayService relays;
    @Inject
    TestApp.CounterLog counterLog;
    @Inject
    EntityManager em;

    @AfterEach
    void normalRelay() {
        relays.start(null);
    }

    @Test
    void everyCommittedEventIsPublishedOnceInOrderPerStream() {
        List<String> streams = List.of(newStream(), newStream(), newStream());
        List<EventEnvelope> appended = new ArrayList<>();
        for (int version = 0; version < 5; version++) {
            for (String stream : streams) { // interleaved across streams
                appended.add(increment(store, stream, version, 1));
            }
        }
        Set<UUID> ids = appended.stream().map(EventEnvelope::eventId).collect(Collectors.toSet());

        List<EventEnvelope> published = ours(KafkaTopicReader.awaitRecords(TOPIC, Duration.ofSeconds(30),
                records -> ours(records, streams).size() >= appended.size()), streams);

        assertThat(published).hasSize(appended.size());
        assertThat(published).extracting(EventEnvelope::eventId).containsExactlyInAnyOrderElementsOf(ids);
        for (String stream : streams) {
            assertThat(published.stream().filter(e -> e.streamId().equals(stream)).map(EventEnvelope::streamVersion))
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(streams) == 0);
    }

    @Test
    void aRelayStoppedBetweenSendAndMarkResendsAndConsumersAbsorbTheDuplicates() {
        relays.stop();
        List<String> streams = List.of(newStream(), newStream());
        List<EventEnvelope> appended = new ArrayList<>();
        for (int version = 0; version < 3; version++) {
            for (String stream : streams) {
                appended.add(increment(store, stream, version, 1));
            }
        }
        AtomicInteger crashes = new AtomicInteger();
        relays.start(batch -> {
            if (!batch.isEmpty() && crashes.getAndIncrement() == 0) {
                throw new OutboxRelay.RelayStopped(); // sent, acknowledged, not yet marked
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> crashes.get() > 0);
        relays.stop();
        assertThat(unpublished(streams)).as("the crashed relay marked nothing").isEqualTo(appended.size());
        assertThat(ours(KafkaTopicReader.readAll(TOPIC), streams)).as("but it had sent them").hasSize(appended.size());

        relays.start(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(streams) == 0);

        List<EventEnvelope> published = ours(KafkaTopicReader.readAll(TOPIC), streams);
        assertThat(published).hasSize(2 * appended.size());
        for (String stream : streams) {
            List<Long> versions = published.stream().filter(e -> e.streamId().equals(stream))
                    .map(EventEnvelope::streamVersion).toList();
            assertThat(versions).containsExactly(1L, 2L, 3L, 1L, 2L, 3L);
        }

        Set<String> ourIds = appended.stream().map(e -> e.eventId().toString()).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Long> applied = new LinkedHashMap<>();
            for (Object[] row : QuarkusTransaction.requiringNew().call(counterLog::log)) {
                if (ourIds.contains((String) row[0])) {
                    applied.merge((String) row[0], 1L, Long::sum);
                }
            }
            assertThat(applied.keySet()).containsExactlyInAnyOrderElementsOf(ourIds);
            assertThat(applied.values()).allMatch(n -> n == 1L);
        });
    }

    private long unpublished(List<String> streams) {
        return QuarkusTransaction.requiringNew().call(() -> (Long) em.createNativeQuery(
                        "select count(*) from event_store where published_at is null and stream_id in (?1)", Long.class)
                .setParameter(1, streams).getSingleResult());
    }

    private static List<EventEnvelope> ours(List<ConsumerRecord<String, byte[]>> records, List<String> streams) {
        return records.stream().filter(r -> streams.contains(r.key())).map(CloudEventsKafka::fromRecord).toList();
    }
}
