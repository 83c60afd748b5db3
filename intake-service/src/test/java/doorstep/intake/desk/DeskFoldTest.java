package doorstep.intake.desk;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import doorstep.intake.desk.DeskEvents.PersonalDataErased;
import doorstep.intake.desk.DeskEvents.VisitStarted;
import doorstep.intake.desk.DeskView.Deadline;
import org.junit.jupiter.api.Test;

/** The desk's view is the fold of an order's events from the four services, whatever order they arrive in (D53). */
class DeskFoldTest {

    static final Instant T0 = Instant.parse("2026-11-30T01:00:00Z");

    @Test
    void aPaidOrderOnTimeShowsEveryServicesPart() {
        Script s = Lifecycles.paidOnTime("o-1", Lifecycles.SITE, T0);

        DeskView v = DeskFold.view("o-1", s.facts(), T0.plus(ofDays(3)));

        assertThat(v.orderNumber()).isEqualTo("PG-1");
        assertThat(v.stage()).isEqualTo(DeskStage.ARCHIVED);
        assertThat(v.reporter().name()).isEqualTo("王女士");
        assertThat(v.location().unitLabel()).isEqualTo("3-1-101");
        assertThat(v.technician().id()).isEqualTo("tech-1");
        assertThat(v.technician().acceptedAt()).isNotNull();
        assertThat(v.visits()).singleElement().satisfies(visit -> {
            assertThat(visit.onTime()).isTrue();
            assertThat(visit.arrivalBasis()).isEqualTo("FIFTEEN_MINUTE_RULE");
            assertThat(visit.durationSeconds()).isEqualTo(1800);
        });
        assertThat(v.handlingSeconds()).isEqualTo(1800);
        assertThat(v.work().paid()).isTrue();
        assertThat(v.money().quoteState()).isEqualTo("ACCEPTED");
        assertThat(v.money().chargedFen()).isEqualTo(5000);
        assertThat(v.money().paidFen()).isEqualTo(5000);
        assertThat(v.money().balanceFen()).isZero();
        assertThat(v.acceptance().rating()).isEqualTo(5);
        assertThat(v.callback().state()).isEqualTo("COMPLETED");
        assertThat(v.callback().satisfaction()).isEqualTo(4);
        assertThat(v.retention().recordKind()).isEqualTo("PAID_DISPATCH_ORDER");
        assertThat(v.deadlines()).extracting(Deadline::kind, Deadline::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DeadlineKind.ARRIVAL, DeadlineState.MET),
                org.assertj.core.groups.Tuple.tuple(DeadlineKind.CONVERSION, DeadlineState.MET),
                org.assertj.core.groups.Tuple.tuple(DeadlineKind.REVIEW_AND_ARCHIVE, DeadlineState.MET));
        assertThat(v.overdue()).isFalse();
        assertThat(v.events()).isEqualTo(s.facts().size());
    }

    @Test
    void aConvertedOrderIsTrackedAndItsMissedWeekIsOverdue() {
        Script s = Lifecycles.converted("o-2", Lifecycles.SITE, T0);

        DeskView v = DeskFold.view("o-2", s.facts(), s.now());

        assertThat(v.stage()).isEqualTo(DeskStage.COORDINATING);
        assertThat(v.location().publicArea()).isEqualTo("5栋大堂");
        assertThat(v.coordination().number()).isEqualTo("XT-7");
        assertThat(v.coordination().entries()).isEqualTo(1);
        assertThat(v.coordination().convertedAt()).isEqualTo(
                s.facts().stream().filter(f -> f.type().equals("ConvertedToCoordination")).findFirst().orElseThrow().occurredAt());
        assertThat(deadline(v, DeadlineKind.ARRIVAL).state()).isEqualTo(DeadlineState.MET_LATE);
        assertThat(deadline(v, DeadlineKind.ARRIVAL).overdue()).isTrue();
        assertThat(deadline(v, DeadlineKind.CONVERSION).state()).isEqualTo(DeadlineState.CLOSED);
        assertThat(deadline(v, DeadlineKind.TRACKING_ENTRY).state()).isEqualTo(DeadlineState.OVERDUE);
        assertThat(deadline(v, DeadlineKind.MONTHLY_CHECKS).state()).isEqualTo(DeadlineState.PENDING);
        assertThat(v.overdue()).isTrue();
        assertThat(v.visits()).singleElement().satisfies(visit -> assertThat(visit.onTime()).isFalse());
    }

    @Test
    void anOpenDeadlinePastItsDueInstantIsOverdueBeforeItsServiceSaysSo() {
        Script s = Lifecycles.paidOnTime("o-1", Lifecycles.SITE, T0);
        List<DeskFact> untilAssigned = s.facts().subList(0, 3); // reported, assigned, dispatched

        Instant due = T0.plus(ofMinutes(16));
        assertThat(deadline(DeskFold.view("o-1", untilAssigned, due.minusNanos(1000)), DeadlineKind.ARRIVAL).state())
                .isEqualTo(DeadlineState.PENDING);
        assertThat(deadline(DeskFold.view("o-1", untilAssigned, due), DeadlineKind.ARRIVAL).state())
                .as("in time means strictly before the due instant (D39)").isEqualTo(DeadlineState.OVERDUE);
    }

    @Test
    void aCancelledOrderKeepsItsCorrectedReporterAndClosesNothingItNeverHad() {
        Script s = Lifecycles.cancelled("o-3", Lifecycles.SITE, T0);

        DeskView v = DeskFold.view("o-3", s.facts(), s.now());

        assertThat(v.stage()).isEqualTo(DeskStage.CANCELLED);
        assertThat(v.reporter().name()).isEqualTo("赵先生");
        assertThat(v.reporter().phoneExtension()).isEqualTo("12");
        assertThat(v.content()).isEqualTo("卫生间地漏堵塞");
        assertThat(v.cancellation().reason()).isEqualTo("业主自行处理");
        assertThat(v.deadlines()).isEmpty();
    }

    @Test
    void anAppointmentSetsTheNextArrivalDeadlineAndFreeWorkIsVerifiedWithoutTheOwner() {
        Script s = Lifecycles.appointment("o-4", Lifecycles.SITE, T0);

        DeskView v = DeskFold.view("o-4", s.facts(), s.now());

        assertThat(v.stage()).isEqualTo(DeskStage.COMPLETED);
        assertThat(v.visits()).extracting(DeskView.Visit::arrivalBasis).containsExactly("FIFTEEN_MINUTE_RULE", "APPOINTMENT");
        assertThat(v.handlingSeconds()).isEqualTo(1321);
        assertThat(v.money().noChargeReason()).isEqualTo("WARRANTY");
        assertThat(v.money().balanceFen()).isZero();
        assertThat(v.acceptance().signedByOwner()).isFalse();
        assertThat(v.acceptance().verifiedBy()).isEqualTo("leader-1");
        assertThat(deadline(v, DeadlineKind.REVIEW_AND_ARCHIVE).state()).isEqualTo(DeadlineState.PENDING);
    }

    @Test
    void afterTheErasureThePersonalFieldsRead已删除() {
        Script s = Lifecycles.paidOnTime("o-1", Lifecycles.SITE, T0);
        s.after(ofDays(800));
        s.by("service", new PersonalDataErased(s.now()));

        DeskView v = DeskFold.view("o-1", s.facts(), s.now());

        assertThat(v.personalDataErased()).isTrue();
        assertThat(v.reporter().name()).isEqualTo("已删除");
        assertThat(v.reporter().phone()).isEqualTo("已删除");
        assertThat(v.acceptance().comment()).isEqualTo("已删除");
        assertThat(v.acceptance().rating()).isEqualTo(5);
    }

    @Test
    void theViewIsTheSameWhateverOrderTheServicesEventsArriveIn() {
        Random random = new Random(20261130);
        for (Script s : List.of(Lifecycles.paidOnTime("o-1", "s", T0), Lifecycles.converted("o-2", "s", T0),
                Lifecycles.cancelled("o-3", "s", T0), Lifecycles.appointment("o-4", "s", T0))) {
            Instant asOf = s.now().plus(ofDays(1));
            DeskView inOrder = DeskFold.view(s.orderId, s.facts(), asOf);
            for (int round = 0; round < 200; round++) {
                List<DeskFact> arrived = new ArrayList<>(s.facts());
                Collections.shuffle(arrived, random);
                if (round % 3 == 0) {
                    arrived.add(arrived.get(random.nextInt(arrived.size()))); // a redelivery
                }
                assertThat(DeskFold.view(s.orderId, arrived, asOf)).as("%s, arrival %s", s.orderId, arrived).isEqualTo(inOrder);
            }
        }
    }

    @Test
    void theViewAsOfEachEventsInstantIsTheViewJustAfterThatEvent() {
        for (Script s : List.of(Lifecycles.paidOnTime("o-1", "s", T0), Lifecycles.converted("o-2", "s", T0),
                Lifecycles.appointment("o-4", "s", T0))) {
            List<DeskFact> events = CausalOrder.of(s.facts());
            List<DeskFact> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, new Random(7));
            for (int i = 0; i < events.size(); i++) {
                Instant at = events.get(i).occurredAt();
                DeskView justAfter = DeskFold.view(s.orderId, events.subList(0, i + 1), at);
                assertThat(DeskFold.view(s.orderId, shuffled, at)).as("%s as of event %d (%s)", s.orderId, i + 1, events.get(i).type())
                        .isEqualTo(justAfter);
                assertThat(justAfter.events()).isEqualTo(i + 1);
            }
            assertThat(DeskFold.view(s.orderId, shuffled, events.get(0).occurredAt().minusSeconds(1))).as("before the report").isNull();
        }
    }

    @Test
    void asOfAnInstantBetweenEventsShowsTheBalanceThenOwed() {
        Script s = Lifecycles.paidOnTime("o-1", "s", T0);
        DeskFact payment = s.facts().stream().filter(f -> f.type().equals("PaymentRecorded")).findFirst().orElseThrow();

        DeskView before = DeskFold.view("o-1", s.facts(), payment.occurredAt().minusMillis(1));
        DeskView after = DeskFold.view("o-1", s.facts(), payment.occurredAt());

        assertThat(before.money().balanceFen()).isEqualTo(5000);
        assertThat(before.stage()).isEqualTo(DeskStage.COMPLETED);
        assertThat(after.money().balanceFen()).isZero();
    }

    @Test
    void aReactionRecordedLateNeverMovesTheStageBack() {
        Script s = Lifecycles.appointment("o-4", "s", T0);
        DeskFact assigned = s.facts().stream().filter(f -> f.type().equals("TechnicianAssigned")).findFirst().orElseThrow();
        s.after(ofDays(1)); // intake was down for a day: its note of the assignment is recorded after the work was completed
        s.reacting(assigned, null, new DeskEvents.OrderDispatched("tech-1", s.now()));
        s.after(ofMinutes(1));
        s.by("service", new DeskEvents.Archived(s.now()));
        s.after(ofMinutes(1));
        s.by("agent-1", new DeskEvents.TechnicianAssigned("tech-2", "李师傅", s.now(), s.now().plus(ofMinutes(15)), "tech-1"));

        DeskView v = DeskFold.view("o-4", s.facts(), s.now());

        assertThat(v.stage()).as("archived stays archived, whatever arrives after").isEqualTo(DeskStage.ARCHIVED);
        assertThat(DeskFold.view("o-4", s.facts(), s.facts().get(s.facts().size() - 3).occurredAt()).stage())
                .as("completed stays completed when intake's late note arrives").isEqualTo(DeskStage.COMPLETED);
    }

    @Test
    void anEffectComesAfterItsCauseEvenWhenItsServicesClockIsBehind() {
        Script s = new Script("o-9", T0);
        DeskFact cause = s.by("tech-1", new VisitStarted(1, T0, true, "tech-1"));
        s.after(ofMinutes(-1)); // the reacting service's clock is a minute behind
        DeskFact effect = s.reacting(cause, "x", new DeskEvents.ConversionDeadlineSet(T0.plus(ofDays(1)), "IN_UNIT_SAME_DAY"));
        DeskFact unrelated = new DeskFact("billing", "Other", UUID.randomUUID(), "o-9/bill", 1, T0.minusSeconds(30), "a", "agent", null, null);

        assertThat(CausalOrder.of(List.of(effect, unrelated, cause))).as("the unrelated event is earliest; the effect waits for its cause")
                .containsExactly(unrelated, cause, effect);
    }

    private static Deadline deadline(DeskView v, DeadlineKind kind) {
        return v.deadlines().stream().filter(d -> d.kind() == kind).findFirst().orElseThrow();
    }
}
