package doorstep.platform.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.domain.Nullable;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import org.junit.jupiter.api.Test;

/** The encrypt/decrypt edge of events (D48): which fields are sealed, under which key, and what an erased key reads as. */
class PersonalDataCipherTest {

    /** A reporter as an event might hold one: name and phone personal, the phone's kind not. */
    record Contact(@Personal String name, @Personal String phone, String phoneKind) {
    }

    record Reported(String orderId, String siteId, Contact reporter, List<Contact> owners, @Nullable @Personal String comment,
                    String content, long amountFen, Instant at) {
    }

    record Miscast(@Personal Integer rating) {
    }

    /** The in-memory custodian, counting how often it is asked, and able to be unreachable. */
    static final class MemoryKeys extends InMemoryDataKeys {
        final AtomicInteger asked = new AtomicInteger();
        boolean reachable = true;

        @Override
        public Optional<byte[]> keyForWriting(String keyId) {
            ask();
            return super.keyForWriting(keyId);
        }

        @Override
        public Optional<byte[]> keyForReading(String keyId) {
            ask();
            return super.keyForReading(keyId);
        }

        @Override
        public boolean erase(String keyId) {
            ask();
            return super.erase(keyId);
        }

        private void ask() {
            asked.incrementAndGet();
            if (!reachable) {
                throw new KeysUnavailable("custodian down");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MemoryKeys keys = new MemoryKeys();
    private final PersonalDataCipher cipher = new PersonalDataCipher(keys, Duration.ofMinutes(10), 1000);
    private final EventCatalog catalog = EventCatalog.forService("test").register(Reported.class, 1).register(Miscast.class, 1)
            .withPersonalData(cipher);

    private final String order = UUID.randomUUID().toString();
    private final Reported reported = new Reported(order, "sunny-garden", new Contact("王小明", "13812345678", "MOBILE"),
            List.of(new Contact("王大明", "13987654321", "MOBILE")), "师傅下午来最好", "厨房水管漏水", 12_000,
            Instant.parse("2026-11-30T02:00:00Z"));

    private EventEnvelope stored(Object event, String payload) {
        return new EventEnvelope(UUID.randomUUID(), "test", event.getClass().getSimpleName(), 1, order, 1, 1, Instant.now(), "sunny-garden",
                UUID.randomUUID(), null, new Actor("agent-7", "agent"), payload);
    }

    @Test
    void personal_fields_are_sealed_under_the_orders_key_and_the_rest_stays_in_clear() throws Exception {
        // when
        String payload = catalog.toJson(reported, order);

        // then: no personal value is in the payload, every other fact is
        assertThat(payload).doesNotContain("王小明", "13812345678", "王大明", "13987654321", "师傅下午来最好")
                .contains("厨房水管漏水", "sunny-garden", "12000", "MOBILE", "2026-11-30T02:00:00Z");
        JsonNode tree = JSON.readTree(payload);
        for (JsonNode sealed : List.of(tree.at("/reporter/name"), tree.at("/reporter/phone"), tree.at("/owners/0/name"),
                tree.at("/owners/0/phone"), tree.at("/comment"))) {
            assertThat(PersonalDataCipher.isSealed(sealed)).as(sealed.toString()).isTrue();
            assertThat(sealed.get("keyId").asText()).isEqualTo(order);
            assertThat(sealed.has("encrypted")).isTrue();
        }
        // and it reads back as it was written
        assertThat(catalog.decode(stored(reported, payload))).isEqualTo(reported);
    }

    @Test
    void the_same_value_seals_differently_each_time() {
        JsonNode first = cipher.seal(order, "13812345678");
        JsonNode second = cipher.seal(order, "13812345678");

        assertThat(first.get("encrypted")).isNotEqualTo(second.get("encrypted"));
        assertThat(cipher.open(first)).isEqualTo(cipher.open(second)).isEqualTo("13812345678");
    }

    @Test
    void a_null_personal_field_stays_null() throws Exception {
        Reported withoutComment = new Reported(order, "s", reported.reporter(), List.of(), null, "c", 0, reported.at());

        String payload = catalog.toJson(withoutComment, order);

        assertThat(JSON.readTree(payload).get("comment").isNull()).isTrue();
        assertThat(catalog.decode(stored(withoutComment, payload))).isEqualTo(withoutComment);
    }

    @Test
    void once_the_key_is_erased_personal_fields_read_as_the_marker_and_everything_else_as_written() {
        // given
        String payload = catalog.toJson(reported, order);

        // when
        assertThat(cipher.erase(order)).isTrue();

        // then
        Reported read = (Reported) catalog.decode(stored(reported, payload));
        assertThat(read.reporter()).isEqualTo(new Contact(Personal.ERASED, Personal.ERASED, "MOBILE"));
        assertThat(read.owners()).containsExactly(new Contact(Personal.ERASED, Personal.ERASED, "MOBILE"));
        assertThat(read.comment()).isEqualTo(Personal.ERASED);
        assertThat(read.content()).isEqualTo("厨房水管漏水");
        assertThat(read.amountFen()).isEqualTo(12_000);
        assertThat(cipher.reveal(stored(reported, payload)).at("/reporter/name").asText()).isEqualTo(Personal.ERASED);
        assertThat(cipher.erase(order)).as("erasing twice").isFalse();
    }

    @Test
    void a_value_written_after_the_erasure_is_recorded_as_erased_and_no_key_is_made_again() throws Exception {
        // given
        cipher.erase(order);

        // when
        String payload = catalog.toJson(reported, order);

        // then
        assertThat(JSON.readTree(payload).at("/reporter/name")).isEqualTo(JSON.readTree("{\"keyId\":\"" + order + "\",\"erased\":true}"));
        assertThat(payload).doesNotContain("王小明");
        assertThat(((Reported) catalog.decode(stored(reported, payload))).reporter().name()).isEqualTo(Personal.ERASED);
        assertThat(keys.holds(order)).isFalse();
    }

    @Test
    void other_orders_keep_their_personal_data() {
        String other = UUID.randomUUID().toString();
        JsonNode sealed = cipher.seal(other, "李四");

        cipher.erase(order);

        assertThat(cipher.open(sealed)).isEqualTo("李四");
    }

    @Test
    void a_sealed_value_moved_to_another_order_does_not_decrypt() {
        String other = UUID.randomUUID().toString();
        cipher.seal(other, "x"); // the other order has a key
        JsonNode sealed = cipher.seal(order, "王小明");
        ((com.fasterxml.jackson.databind.node.ObjectNode) sealed).put("keyId", other);

        assertThatThrownBy(() -> cipher.open(sealed)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not decrypt")
                .hasMessageNotContaining("王小明");
    }

    @Test
    void keys_are_cached_and_an_erasure_evicts_at_once() {
        cipher.seal(order, "a");
        cipher.seal(order, "b");
        JsonNode sealed = cipher.seal(order, "c");
        cipher.open(sealed);
        assertThat(keys.asked.get()).as("one question for four uses").isEqualTo(1);

        cipher.erase(order);

        assertThat(cipher.open(sealed)).isEqualTo(Personal.ERASED);
    }

    @Test
    void a_cached_key_expires_after_its_time_to_live() throws Exception {
        PersonalDataCipher shortLived = new PersonalDataCipher(keys, Duration.ofMillis(1), 1000);
        JsonNode sealed = shortLived.seal(order, "a");
        keys.erase(order); // at the custodian, not through this cipher: only expiry can tell it
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> Personal.ERASED.equals(shortLived.open(sealed)));
    }

    @Test
    void an_unreachable_custodian_is_reported_as_such_never_as_erased() {
        keys.reachable = false;

        assertThatThrownBy(() -> catalog.toJson(reported, order)).isInstanceOf(KeysUnavailable.class);
        assertThatThrownBy(() -> cipher.open(JSON.createObjectNode().put("keyId", order).put("encrypted", "AAAAAAAAAAAAAAAAAAAA")))
                .isInstanceOf(KeysUnavailable.class);
    }

    @Test
    void personal_fields_are_never_written_without_a_key_and_only_text_may_be_personal() {
        EventCatalog withoutKeys = EventCatalog.forService("test").register(Reported.class, 1);

        assertThatThrownBy(() -> withoutKeys.toJson(reported, order)).hasStackTraceContaining("without its order's data key");
        assertThatThrownBy(() -> catalog.toJson(new Miscast(5), order)).hasStackTraceContaining("only text fields may be personal");
    }

    @Test
    void only_the_exact_sealed_shape_is_taken_for_a_sealed_value() throws Exception {
        assertThat(PersonalDataCipher.isSealed(JSON.readTree("{\"keyId\":\"o\",\"encrypted\":\"x\"}"))).isTrue();
        assertThat(PersonalDataCipher.isSealed(JSON.readTree("{\"keyId\":\"o\",\"erased\":true}"))).isTrue();
        assertThat(PersonalDataCipher.isSealed(JSON.readTree("{\"keyId\":\"o\",\"erased\":false}"))).isFalse();
        assertThat(PersonalDataCipher.isSealed(JSON.readTree("{\"keyId\":\"o\",\"encrypted\":\"x\",\"more\":1}"))).isFalse();
        assertThat(PersonalDataCipher.isSealed(JSON.readTree("\"pd:13812345678\""))).isFalse();
    }
}
