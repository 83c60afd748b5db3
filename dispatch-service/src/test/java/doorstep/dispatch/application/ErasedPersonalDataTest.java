package doorstep.dispatch.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.dispatch.domain.CompletionChecks;
import doorstep.dispatch.domain.ConversionRule;
import doorstep.dispatch.domain.Dispatch;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchEvent.*;
import doorstep.dispatch.domain.LocationKind;
import doorstep.dispatch.domain.Part;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.InMemoryDataKeys;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

/**
 * D48, given/when/then: a dispatch order whose data key was destroyed. Its events, read back with the
 * service's own catalog, carry 已删除 in every personal field and everything else unchanged; folded, they
 * give an order that still decides; what it decides after the erasure is written without personal data.
 */
class ErasedPersonalDataTest {

    static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
    static final String ORDER = "o-erased";

    final InMemoryDataKeys keys = new InMemoryDataKeys();
    final PersonalDataCipher cipher = new PersonalDataCipher(keys, Duration.ofMinutes(10), 100);
    final EventCatalog catalog = new DispatchEvents().catalog(new ObjectMapper().findAndRegisterModules(), cipher);

    final DispatchOpened opened = new DispatchOpened(ORDER, "PG20261130-000009", "site-a", "Asia/Shanghai", LocationKind.IN_UNIT,
            "u-1", "3栋-1202", false, null, "厨房水管漏水", "欧阳娜娜", "028-87650123", T0.minusSeconds(60), "7321");
    final List<DispatchEvent> history = List.of(opened,
            new TechnicianAssigned("tech-1", "张师傅", null, T0, T0.plus(Duration.ofMinutes(15))),
            new ConversionDeadlineSet(ConversionRule.IN_UNIT_SAME_DAY, Instant.parse("2026-11-30T16:00:00Z")),
            new DispatchDetailsUpdated(null, null, null, "欧阳娜", null, null),
            new ReporterContacted(true, "吊顶也在滴水", List.of("人字梯"), List.of(), T0.plusSeconds(60)),
            new AppointmentBooked(T0.plusSeconds(3600), T0.plusSeconds(3420), "tech-1", "下午三点后在家"));

    @Test
    void eventsWhoseKeyIsGoneReadErasedInEveryPersonalFieldAndTheOrderStillDecides() {
        // given: the order's events as the store keeps them, then its key destroyed
        List<EventEnvelope> stored = history.stream().map(this::stored).toList();
        assertThat(stored).allSatisfy(e -> assertThat(e.payload()).doesNotContain("欧阳娜", "028-87650123", "7321", "吊顶也在滴水", "下午三点后在家"));
        assertThat(catalog.decode(stored.get(0))).isEqualTo(opened); // readable while the key exists
        keys.erase(ORDER);
        cipher.forget(ORDER);

        // when: they are read back
        List<Object> decoded = stored.stream().map(catalog::decode).toList();

        // then: personal fields read 已删除 (a null stays null), the rest is as recorded
        String x = Personal.ERASED;
        assertThat(decoded).containsExactly(
                new DispatchOpened(ORDER, "PG20261130-000009", "site-a", "Asia/Shanghai", LocationKind.IN_UNIT,
                        "u-1", "3栋-1202", false, null, "厨房水管漏水", x, x, T0.minusSeconds(60), x),
                history.get(1), history.get(2),
                new DispatchDetailsUpdated(null, null, null, x, null, null),
                new ReporterContacted(true, x, List.of("人字梯"), List.of(), T0.plusSeconds(60)),
                new AppointmentBooked(T0.plusSeconds(3600), T0.plusSeconds(3420), "tech-1", x));

        // and the order folded from them still decides, without failing on a marker
        DispatchEvent[] erasedHistory = decoded.stream().map(DispatchEvent.class::cast).toArray(DispatchEvent[]::new);
        Instant arrived = T0.plusSeconds(3500); // after the appointment's arrival deadline (T0 + 57 min): late
        AggregateFixture.forAggregate(Dispatch::new, Dispatch::apply).given(erasedHistory)
                .when(d -> d.arrive("tech-1", arrived))
                .thenEmits(new VisitStarted(1, "tech-1", arrived, false));
    }

    @Test
    void whatTheOrderRecordsAfterItsKeyIsGoneHoldsNoPersonalValue() {
        keys.erase(ORDER);
        cipher.forget(ORDER);

        // when: a late owner acceptance (signature and comment) and a completion are written for the erased order
        EventEnvelope accepted = stored(new OwnerAccepted("sig-owner-77", 5, "师傅很细心", T0));
        EventEnvelope completed = stored(new WorkCompleted("已修好", List.of(), List.of(), "sig-tech-88", 600, List.of(),
                "tech-1", false, Part.PRIVATE, false, new CompletionChecks(true, true, true, null), T0.plusSeconds(86_400), T0));

        // then: the payload holds erased markers, not the values; the rating and the rest stay readable
        assertThat(accepted.payload()).doesNotContain("sig-owner-77", "师傅很细心").contains("\"erased\":true");
        assertThat(completed.payload()).doesNotContain("sig-tech-88").contains("\"erased\":true");
        assertThat(catalog.decode(accepted)).isEqualTo(new OwnerAccepted(Personal.ERASED, 5, Personal.ERASED, T0));
        assertThat(((WorkCompleted) catalog.decode(completed)).result()).isEqualTo("已修好");
    }

    private EventEnvelope stored(DispatchEvent event) {
        EventCatalog.EventType type = catalog.typeOf(event);
        return new EventEnvelope(UUID.randomUUID(), "dispatch", type.name(), type.schemaVersion(), ORDER, 1, 0, T0, "site-a", UUID.randomUUID(), null,
                Actor.service("dispatch"), catalog.toJson(event, ORDER));
    }
}
