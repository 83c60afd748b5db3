package doorstep.platform.personal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Erasing an order's personal data in one service (D48): the key, the stored answers, the recorded event. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class PersonalDataErasureTest {

    @Inject
    PersonalDataErasure erasure;
    @Inject
    PersonalDataCipher cipher;
    @Inject
    KeyTable keys;
    @Inject
    EventStore store;
    @Inject
    EntityManager em;

    private final String order = UUID.randomUUID().toString();
    private final String other = UUID.randomUUID().toString();
    private final EventMetadata metadata = new EventMetadata(new Actor("admin-1", "admin"), UUID.randomUUID(), null);

    @Test
    void erasing_destroys_the_key_for_good_deletes_the_answers_naming_the_order_and_records_the_erasure() {
        // given: personal data of two orders, and stored answers naming each
        var sealed = cipher.seal(order, "王小明");
        var kept = cipher.seal(other, "李四");
        storeAnswer("POST /api/v1/orders/" + order + "/amendment", "{\"reporterName\":\"王小明\"}");
        storeAnswer("POST /api/v1/orders", "{\"orderId\":\"" + order + "\",\"reporter\":{\"name\":\"王小明\"}}");
        storeAnswer("POST /api/v1/orders", "{\"orderId\":\"" + other + "\"}");

        // when
        Instant at = Instant.parse("2028-12-01T00:00:00Z");
        boolean erased = QuarkusTransaction.requiringNew().call(() -> erasure.erase(
                new PersonalDataErased(order, PersonalDataErased.Reason.SUBJECT_REQUEST, at), "site-a", metadata));

        // then
        assertThat(erased).isTrue();
        assertThat(cipher.open(sealed)).isEqualTo("已删除");
        assertThat(cipher.open(kept)).isEqualTo("李四");
        assertThat(keys.keyForReading(order)).isEmpty();
        assertThat(keys.keyForWriting(order)).as("no key is ever made again").isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select count(*) from data_key where key_id = ?1 and key_material is null and erased_at is not null")
                .setParameter(1, order).getSingleResult())).isEqualTo(1L);
        assertThat(answersNaming(order)).isZero();
        assertThat(answersNaming(other)).isEqualTo(1);
        List<EventEnvelope> recorded = store.load(PersonalDataErased.streamOf(order));
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("PersonalDataErased");
            assertThat(e.subject()).isEqualTo(order);
            assertThat(e.siteId()).isEqualTo("site-a");
            assertThat(store.decode(e)).isEqualTo(new PersonalDataErased(order, PersonalDataErased.Reason.SUBJECT_REQUEST, at));
            assertThat(e.payload()).doesNotContain("王小明");
        });
        assertThat(erasure.isErased(order)).isTrue();
        assertThat(erasure.isErased(other)).isFalse();
    }

    @Test
    void erasing_twice_changes_nothing_the_second_time() {
        cipher.seal(order, "王小明");
        PersonalDataErased event = new PersonalDataErased(order, PersonalDataErased.Reason.RETENTION_EXPIRED, Instant.now());
        assertThat(QuarkusTransaction.requiringNew().call(() -> erasure.erase(event, "site-a", metadata))).isTrue();

        boolean again = QuarkusTransaction.requiringNew().call(() -> erasure.erase(
                new PersonalDataErased(order, PersonalDataErased.Reason.SUBJECT_REQUEST, Instant.now()), "site-a", metadata));

        assertThat(again).isFalse();
        assertThat(store.load(PersonalDataErased.streamOf(order))).hasSize(1);
    }

    @Test
    void an_erasure_that_rolls_back_leaves_the_key_in_place() {
        var sealed = cipher.seal(order, "王小明");

        try {
            QuarkusTransaction.requiringNew().run(() -> {
                erasure.erase(new PersonalDataErased(order, PersonalDataErased.Reason.SUBJECT_REQUEST, Instant.now()), "site-a", metadata);
                throw new IllegalStateException("the caller's transaction fails after the erasure");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        assertThat(cipher.open(sealed)).isEqualTo("王小明");
        assertThat(erasure.isErased(order)).isFalse();
    }

    @Test
    void the_custodians_erasure_is_carried_into_this_service_and_a_malformed_one_is_refused() {
        var sealed = cipher.seal(order, "王小明");
        String data = "{\"orderId\":\"" + order + "\",\"reason\":\"SUBJECT_REQUEST\",\"erasedAt\":\"2028-12-01T00:00:00Z\"}";
        EventEnvelope fromIntake = new EventEnvelope(UUID.randomUUID(), "intake", "PersonalDataErased", 1,
                PersonalDataErased.streamOf(order), 1, 0, Instant.now(), "site-a", UUID.randomUUID(), null, Actor.service("intake"), data);
        EventEnvelope aboutAnother = new EventEnvelope(UUID.randomUUID(), "intake", "PersonalDataErased", 1,
                PersonalDataErased.streamOf(other), 1, 0, Instant.now(), "site-a", UUID.randomUUID(), null, Actor.service("intake"), data);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() ->
                erasure.confirm(aboutAnother, "site-a", Actor.service("platformtest")))).isInstanceOf(doorstep.platform.consumer.ContractViolation.class)
                .hasMessageContaining("another order than its subject");
        boolean erased = QuarkusTransaction.requiringNew().call(() -> erasure.confirm(fromIntake, "site-a", Actor.service("platformtest")));

        assertThat(erased).isTrue();
        assertThat(cipher.open(sealed)).isEqualTo("已删除");
        assertThat(store.load(PersonalDataErased.streamOf(order))).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(Actor.service("platformtest"));
            assertThat(e.causationId()).isEqualTo(fromIntake.eventId());
            assertThat(store.decode(e)).isEqualTo(new PersonalDataErased(order, PersonalDataErased.Reason.SUBJECT_REQUEST,
                    Instant.parse("2028-12-01T00:00:00Z")));
        });
    }

    private void storeAnswer(String operation, String body) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into idempotent_request (user_id, operation, "
                        + "idempotency_key, request_hash, status, body, created_at) values (?1, ?2, ?3, 'h', 200, ?4, ?5)")
                .setParameter(1, "agent-7").setParameter(2, operation).setParameter(3, UUID.randomUUID().toString())
                .setParameter(4, body).setParameter(5, Timestamp.from(Instant.now())).executeUpdate());
    }

    private long answersNaming(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from idempotent_request where strpos(operation, ?1) > 0 or strpos(coalesce(body, ''), ?1) > 0")
                .setParameter(1, orderId).getSingleResult()).longValue());
    }
}
