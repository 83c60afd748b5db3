package doorstep.followup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import doorstep.followup.domain.CallbackEvent.*;
import doorstep.followup.domain.CoordinationEvent.*;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.InMemoryDataKeys;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

/**
 * Followup's events once their order's key is gone (D48): given events written under a key that was then
 * destroyed, they read back with 已删除 in exactly their personal fields, the aggregates fold them as before
 * and keep deciding; another order's events still read in clear.
 */
class ErasedPersonalDataTest {

    static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    static final String ORDER = "order-erased";
    static final String OTHER = "order-kept";

    final PersonalDataCipher cipher = new PersonalDataCipher(new InMemoryDataKeys(), Duration.ofMinutes(10), 100);
    final EventCatalog catalog = catalog(cipher);
    final AggregateFixture<CoordinationOrder, CoordinationEvent> coordination =
            AggregateFixture.forAggregate(CoordinationOrder::new, CoordinationOrder::apply);
    final AggregateFixture<Callback, CallbackEvent> callbacks = AggregateFixture.forAggregate(Callback::new, Callback::apply);

    static EventCatalog catalog(PersonalDataCipher cipher) {
        EventCatalog catalog = EventCatalog.forService("followup").withPersonalData(cipher);
        for (Class<?> family : new Class<?>[] {CoordinationEvent.class, CallbackEvent.class, RetentionEvent.class}) {
            for (Class<?> type : family.getPermittedSubclasses()) {
                catalog.register(type, 1);
            }
        }
        return catalog;
    }

    /** The event as the store keeps it (sealed under its order's key), read back as a projection or a fold reads it. */
    private EventEnvelope written(String orderId, Object event) {
        return new EventEnvelope(UUID.randomUUID(), "followup", event.getClass().getSimpleName(), 1, orderId + "/coordination", 1, 0,
                NOW, "site-1", UUID.randomUUID(), null, Actor.service("followup"), catalog.toJson(event, orderId));
    }

    static CoordinationOrderOpened opened(String orderId) {
        return new CoordinationOrderOpened(orderId, "XT20261201-000001", "site-1", "Asia/Shanghai", "IN_UNIT_SAME_DAY", NOW,
                "tech-zhang", NOW.plus(Duration.ofDays(7)), "2027-01", Instant.parse("2027-01-31T16:00:00Z"), NOW);
    }

    static TrackingEntryRecorded entry(int number) {
        return new TrackingEntryRecorded(number, 1, NOW, "3栋1202", "李四", "13900001111", "联系厂家", "业主同意等待", "周五再联系",
                "tech-zhang", null, NOW.plus(Duration.ofDays(7)), NOW);
    }

    @Test
    void givenTheKeyIsGoneEntriesAndResolutionReadErasedInTheirPersonalFieldsOnlyAndTheOrderStillDecides() {
        EventEnvelope opened = written(ORDER, opened(ORDER));
        EventEnvelope entry = written(ORDER, entry(1));
        EventEnvelope resolved = written(ORDER, new CoordinationResolved("已修复", "sig-owner-77", "sig-tracker-88",
                Instant.parse("2026-12-01T16:00:00Z"), NOW));
        EventEnvelope kept = written(OTHER, entry(1));
        assertThat(entry.payload()).doesNotContain("李四", "13900001111", "业主同意等待").contains("联系厂家");
        assertThat(((TrackingEntryRecorded) catalog.decode(entry)).contactPerson()).isEqualTo("李四");

        cipher.erase(ORDER);

        CoordinationEvent[] history = {(CoordinationEvent) catalog.decode(opened), (CoordinationEvent) catalog.decode(entry),
                (CoordinationEvent) catalog.decode(resolved)};
        assertThat(history[1]).isEqualTo(new TrackingEntryRecorded(1, 1, NOW, "3栋1202", Personal.ERASED, Personal.ERASED, "联系厂家",
                Personal.ERASED, "周五再联系", "tech-zhang", null, NOW.plus(Duration.ofDays(7)), NOW));
        assertThat(history[2]).isEqualTo(new CoordinationResolved("已修复", Personal.ERASED, Personal.ERASED,
                Instant.parse("2026-12-01T16:00:00Z"), NOW));
        assertThat(history[0]).isEqualTo(opened(ORDER));
        coordination.given(history).when(c -> c.archive("leader-1", NOW)).thenEmits(new CoordinationArchived("leader-1", NOW));
        coordination.given(history[0], history[1]).when(c -> c.recordEntry(NOW, "物业前台", "王五", "13700002222", "再联系", "同意",
                        "下周", "tech-zhang", 1, NOW))
                .thenEmits(new TrackingEntryRecorded(2, 1, NOW, "物业前台", "王五", "13700002222", "再联系", "同意", "下周", "tech-zhang", 1,
                        NOW.plus(Duration.ofDays(7)), NOW));

        assertThat(((TrackingEntryRecorded) catalog.decode(kept)).contactPerson()).as("another order's key is untouched").isEqualTo("李四");
    }

    @Test
    void givenTheKeyIsGoneACallbackReadsErasedNotesAndCommentsAndCanStillBeCompleted() {
        EventEnvelope scheduled = written(ORDER, new CallbackScheduled(ORDER, List.of(CallbackPolicy.Reason.PAID), NOW));
        EventEnvelope notReached = written(ORDER, new CallbackNotReached(1, "家属说晚上再打", "agent-1", NOW));
        EventEnvelope silent = written(ORDER, new CallbackNotReached(2, null, "agent-1", NOW));

        cipher.erase(ORDER);

        CallbackEvent[] history = {(CallbackEvent) catalog.decode(scheduled), (CallbackEvent) catalog.decode(notReached),
                (CallbackEvent) catalog.decode(silent)};
        assertThat(history[1]).isEqualTo(new CallbackNotReached(1, Personal.ERASED, "agent-1", NOW));
        assertThat(history[2]).as("no note stays no note").isEqualTo(new CallbackNotReached(2, null, "agent-1", NOW));
        callbacks.given(history).when(c -> c.reached(4, "满意", false, "agent-1", NOW))
                .thenEmits(new CallbackCompleted(3, 4, "满意", false, "agent-1", NOW));
    }

    @Test
    void anEventWrittenAfterTheErasureIsSealedAsErasedAndReadsSo() {
        cipher.erase(ORDER);
        EventEnvelope late = written(ORDER, new CallbackCompleted(1, 5, "师傅很好", false, "agent-1", NOW));

        assertThat(late.payload()).doesNotContain("师傅很好").contains("\"erased\":true");
        assertThat(catalog.decode(late)).isEqualTo(new CallbackCompleted(1, 5, Personal.ERASED, false, "agent-1", NOW));
    }
}
