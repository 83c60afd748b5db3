package doorstep.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import doorstep.platform.domain.Personal;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.InMemoryDataKeys;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

/**
 * Intake's events once an order's data key is gone (D48): they decode with 已删除 in every personal field,
 * fold into the dispatch order without failing, and the order still decides.
 */
class ErasedPersonalDataTest {

    static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");
    static final String ORDER = "o-erased";

    final PersonalDataCipher cipher = new PersonalDataCipher(new InMemoryDataKeys(), Duration.ofMinutes(10), 100);
    final EventCatalog catalog = EventCatalog.forService("intake").register(ProblemReported.class, 1).register(OrderAmended.class, 1)
            .register(OrderCancelled.class, 1).register(OrderDispatched.class, 1).withPersonalData(cipher);
    final AggregateFixture<DispatchOrder, DispatchOrderEvent> fixture = AggregateFixture.forAggregate(DispatchOrder::new, DispatchOrder::apply);

    static final Reporter REPORTER = new Reporter("欧阳娜娜", new ContactPhone("13712345678", PhoneNumber.Kind.MOBILE, "013712345678", null));
    static final LegalOwner OWNER = new LegalOwner("司马光", List.of(new ContactPhone("0755-86123456", PhoneNumber.Kind.LANDLINE, null, "8012")));
    static final ProblemReported REPORTED = new ProblemReported(ORDER, "PG20261130-000001", "site-a", "Asia/Shanghai",
            Location.inUnit("unit-1", "3栋-1202"), OWNER, REPORTER, VisitTime.asap(), "厨房水管漏水", ReportChannel.CUSTOMER_CENTER, null, false,
            NOW, null);

    private EventEnvelope stored(Object event, String payload) {
        return new EventEnvelope(UUID.randomUUID(), "intake", event.getClass().getSimpleName(), 1, ORDER, 1, 1, NOW, "site-a",
                UUID.randomUUID(), null, new Actor("agent-1", "agent"), payload);
    }

    @Test
    void eventsWhoseKeyIsGoneDecodeWithTheMarkerAndTheOrderStillDecides() {
        // given: the report as stored, its personal fields sealed under the order's key
        String payload = catalog.toJson(REPORTED, ORDER);
        assertThat(payload).doesNotContain("欧阳娜娜", "13712345678", "司马光", "86123456", "8012").contains("厨房水管漏水", "unit-1");
        assertThat(catalog.decode(stored(REPORTED, payload))).isEqualTo(REPORTED);

        // when: the order's key is destroyed
        assertThat(cipher.erase(ORDER)).isTrue();
        ProblemReported read = (ProblemReported) catalog.decode(stored(REPORTED, payload));

        // then: every personal field reads 已删除 (absent ones stay absent), the rest is as recorded
        assertThat(read.reporter().name()).isEqualTo(Personal.ERASED);
        assertThat(read.reporter().phone()).isEqualTo(new ContactPhone(Personal.ERASED, PhoneNumber.Kind.MOBILE, Personal.ERASED, null));
        assertThat(read.reporter().phone().erased()).isTrue();
        assertThat(read.reporter().phone().written()).isEqualTo(Personal.ERASED);
        assertThat(read.legalOwner().name()).isEqualTo(Personal.ERASED);
        assertThat(read.legalOwner().phones()).containsExactly(
                new ContactPhone(Personal.ERASED, PhoneNumber.Kind.LANDLINE, null, Personal.ERASED));
        assertThat(read.legalOwner().phones().get(0).written()).isEqualTo(Personal.ERASED);
        assertThat(read).usingRecursiveComparison().ignoringFields("reporter", "legalOwner").isEqualTo(REPORTED);

        // and the order folds from it and still decides
        fixture.given(read)
                .when(o -> o.cancel(new CancelOrder("业主已自行修好", NOW)))
                .thenEmits(new OrderCancelled(ORDER, "业主已自行修好", NOW));
        fixture.given(read)
                .when(o -> o.noteDispatched("tech-1", NOW))
                .thenEmits(new OrderDispatched(ORDER, "tech-1", NOW));
    }

    @Test
    void aReporterWrittenAfterTheErasureIsNeverReadable() {
        // given: an erased order
        catalog.toJson(REPORTED, ORDER);
        cipher.erase(ORDER);
        Reporter newcomer = new Reporter("诸葛亮", new ContactPhone("13698765432", PhoneNumber.Kind.MOBILE, null, null));

        // when: an amendment naming a new reporter is recorded for it
        OrderAmended amended = new OrderAmended(ORDER, newcomer, null, null, null, NOW);
        String payload = catalog.toJson(amended, ORDER);

        // then: it is stored marked erased, and reads 已删除
        assertThat(payload).doesNotContain("诸葛亮", "13698765432").contains("\"erased\":true");
        OrderAmended read = (OrderAmended) catalog.decode(stored(amended, payload));
        assertThat(read.reporter().name()).isEqualTo(Personal.ERASED);
        assertThat(read.reporter().phone().canonical()).isEqualTo(Personal.ERASED);
    }

    @Test
    void aRepeatComplaintOfAnErasedOrderCarriesTheMarkerOn() {
        // given: the original as read after its erasure
        String payload = catalog.toJson(REPORTED, ORDER);
        cipher.erase(ORDER);
        ProblemReported original = (ProblemReported) catalog.decode(stored(REPORTED, payload));

        // when: a callback found the problem back
        fixture.given()
                .when(o -> o.report(DispatchOrder.repeatComplaint(original, "o-2", "PG20261210-000002", "又漏了", NOW)))
                // then: a new order for the same unit, whose reporter reads 已删除 as well (nobody to call: the desk asks again)
                .thenEmitsMatching(events -> {
                    ProblemReported repeat = (ProblemReported) events.get(0);
                    assertThat(repeat.reporter().name()).isEqualTo(Personal.ERASED);
                    assertThat(repeat.location().unitId()).isEqualTo("unit-1");
                    assertThat(repeat.repeatOf()).isEqualTo(ORDER);
                });
    }
}
