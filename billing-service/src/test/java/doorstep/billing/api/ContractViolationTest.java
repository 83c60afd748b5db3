package doorstep.billing.api;

import static doorstep.billing.api.BillingTestSupport.dispatchEvent;
import static doorstep.billing.api.BillingTestSupport.freshDay;
import static doorstep.billing.api.BillingTestSupport.openedOrder;
import static doorstep.billing.api.BillingTestSupport.publishSchedule;
import static doorstep.billing.api.BillingTestSupport.workCompleted;
import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import doorstep.platform.events.Actor;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.KafkaTopicReader;
import doorstep.testing.TestEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A dispatch event that breaks the published contract is never read with defaults (D50): a {@code WorkCompleted}
 * whose {@code paid} was renamed would, read field by field, have been a free job; read as billing's typed record
 * it goes to billing's dead-letter topic with the field named, nothing is recorded, and the next event is read.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class ContractViolationTest {

    static final String DEAD_LETTERS = "doorstep.dispatch.events.billing-service.dlq";

    @Inject
    Clock clock;
    @Inject
    EventStore store;

    @Test
    void aWorkCompletedWithoutPaidIsDeadLetteredWithTheReasonAndNothingIsRecorded() {
        // given: an assigned order of a site under a published schedule
        Instant now = freshDay(clock);
        publishSchedule(now, 3000);
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        String order = openedOrder(site);
        // and the owner accepted the technician's quote (paid work)
        String bill = "/api/v1/bills/" + order;
        String quoteId = as("technician", "tech-1", site).body(Map.of("plannedServices", List.of("S-BULB"))).post(bill + "/quotes")
                .then().statusCode(201).extract().path("quoteId");
        as("technician", "tech-1", site).body(Map.of("signatureRef", "sig-owner")).post(bill + "/quotes/" + quoteId + "/acceptance")
                .then().statusCode(200);
        int before = QuarkusTransaction.requiringNew().call(() -> store.load(order)).size();
        Instant start = now.minus(Duration.ofMinutes(30));
        String completed = workCompleted(order, start, 10, true, "PRIVATE",
                "[{\"code\":\"S-BULB\",\"performedAt\":\"" + start.plusSeconds(60) + "\"}]", "[]");

        // when: dispatch publishes it with "paid" renamed (a producer breaking its contract), then a correct one
        EventEnvelope broken = new EventEnvelope(UUID.randomUUID(), "dispatch", "WorkCompleted", 1, order, 9, 0, Instant.now(), site,
                UUID.randomUUID(), null, new Actor("tech-1", "technician"), completed.replace("\"paid\":true", "\"chargeable\":true"));
        TestEvents.sendUnchecked(CloudEventsKafka.toRecord("doorstep.dispatch.events", broken));

        // then: dead-lettered with the field named; nothing recorded on the bill
        List<ConsumerRecord<String, byte[]>> dead = KafkaTopicReader.awaitRecords(DEAD_LETTERS, Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> broken.eventId().toString().equals(CloudEventsKafka.header(r.headers(), "ce_id"))));
        ConsumerRecord<String, byte[]> letter = dead.stream()
                .filter(r -> broken.eventId().toString().equals(CloudEventsKafka.header(r.headers(), "ce_id"))).findFirst().orElseThrow();
        assertThat(CloudEventsKafka.header(letter.headers(), "dead-letter-reason")).isEqualTo(
                "doorstep.dispatch.WorkCompleted.v1 " + broken.eventId() + " breaks the contract: property 'paid' is missing");
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.load(order))).hasSize(before);

        // and the corrected event that follows is charged as usual
        dispatchEvent("WorkCompleted", order, 10, site, completed);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get(bill).then().body("chargeTotalFen", equalTo(500)));
    }
}
