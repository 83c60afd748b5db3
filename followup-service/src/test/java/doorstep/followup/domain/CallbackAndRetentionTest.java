package doorstep.followup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import doorstep.followup.domain.CallbackEvent.*;
import doorstep.followup.domain.CallbackPolicy.Reason;
import doorstep.followup.domain.RetentionEvent.*;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

class CallbackAndRetentionTest {

    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    static final ZoneId SH = ZoneId.of("Asia/Shanghai");
    final AggregateFixture<Callback, CallbackEvent> callbacks = AggregateFixture.forAggregate(Callback::new, Callback::apply);
    final AggregateFixture<Retention, RetentionEvent> retention = AggregateFixture.forAggregate(Retention::new, Retention::apply);
    final CallbackPolicy policy = new CallbackPolicy(true, 3, 20);

    @Test
    void thePolicyCallsEveryPaidOrderEveryLowRatingAndAStableShareOfTheRest() {
        assertThat(policy.reasons("o-1", true, 5)).containsExactly(Reason.PAID);
        assertThat(policy.reasons("o-1", false, 2)).containsExactly(Reason.LOW_RATING);
        assertThat(policy.reasons("o-1", true, 3)).containsExactly(Reason.PAID, Reason.LOW_RATING);
        long sampled = java.util.stream.IntStream.range(0, 10_000)
                .filter(i -> policy.reasons("order-" + i, false, 5).contains(Reason.SAMPLED)).count();
        assertThat(sampled).isBetween(1_700L, 2_300L); // about 20 %
        assertThat(policy.reasons("order-42", false, 5)).isEqualTo(policy.reasons("order-42", false, 5));
        assertThat(new CallbackPolicy(true, 3, 0).reasons("order-42", false, 5)).isEmpty();
    }

    @Test
    void threeUnansweredCallsAbandonTheCallback() {
        CallbackScheduled scheduled = new CallbackScheduled("o-1", List.of(Reason.PAID), NOW);
        callbacks.given(scheduled, new CallbackNotReached(1, null, "agent-1", NOW), new CallbackNotReached(2, null, "agent-1", NOW))
                .when(c -> c.notReached("无人接听", "agent-1", NOW))
                .thenEmits(new CallbackNotReached(3, "无人接听", "agent-1", NOW), new CallbackAbandoned(3, NOW));
        callbacks.given(scheduled, new CallbackAbandoned(3, NOW)).when(c -> c.reached(5, null, false, "agent-1", NOW))
                .thenRejectedWith(RuleViolation.class).extracting("currentState").isEqualTo("ABANDONED");
    }

    @Test
    void aProblemThatCameBackBecomesARepeatComplaint() {
        CallbackScheduled scheduled = new CallbackScheduled("o-1", List.of(Reason.LOW_RATING), NOW);
        callbacks.given(scheduled).when(c -> c.reached(2, " ", true, "agent-1", NOW))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("comment");
        callbacks.given(scheduled).when(c -> c.reached(2, " 水管又漏了 ", true, "agent-1", NOW))
                .thenEmits(new CallbackCompleted(1, 2, " 水管又漏了 ", true, "agent-1", NOW), new RepeatComplaintRaised("o-1", "水管又漏了", NOW));
        callbacks.given(scheduled).when(c -> c.reached(9, null, false, "agent-1", NOW))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("satisfaction");
    }

    @Test
    void paidOrdersAreKeptTwoYearsFreeOnesOneAndCoordinationOrdersForever() {
        retention.given().when(r -> r.schedule("o-1", RecordKind.ofDispatchOrder(true), NOW, SH))
                .thenEmits(new RetentionScheduled("o-1", RecordKind.PAID_DISPATCH_ORDER, NOW, Instant.parse("2028-11-30T08:00:00Z")));
        retention.given().when(r -> r.schedule("o-1", RecordKind.ofDispatchOrder(false), NOW, SH))
                .thenEmits(new RetentionScheduled("o-1", RecordKind.FREE_DISPATCH_ORDER, NOW, Instant.parse("2027-11-30T08:00:00Z")));
        retention.given().when(r -> r.schedule("o-1", RecordKind.COORDINATION_ORDER, NOW, SH))
                .thenEmits(new RetentionScheduled("o-1", RecordKind.COORDINATION_ORDER, NOW, null));
    }

    @Test
    void anOrderThatBecameACoordinationOrderIsKeptPermanentlyAsAWholeItsDispatchOrderPeriodDoesNotEndIt() {
        RetentionScheduled coordination = new RetentionScheduled("o-1", RecordKind.COORDINATION_ORDER, NOW, null);
        retention.given(coordination).when(r -> r.schedule("o-1", RecordKind.ofDispatchOrder(true), NOW, SH))
                .thenEmits(new RetentionScheduled("o-1", RecordKind.PAID_DISPATCH_ORDER, NOW, null));
        Instant end = Instant.parse("2028-11-30T08:00:00Z");
        RetentionScheduled paidFirst = new RetentionScheduled("o-1", RecordKind.PAID_DISPATCH_ORDER, NOW, end);
        assertThat(retention.given(paidFirst).state().pendingDeadlines()).containsOnlyKeys(RecordKind.PAID_DISPATCH_ORDER);
        assertThat(retention.given(paidFirst, coordination).state().pendingDeadlines()).isEmpty();
        retention.given(paidFirst, coordination).when(r -> r.due(RecordKind.PAID_DISPATCH_ORDER, end)).thenEmitsNothing();
    }

    @Test
    void retentionExpiresOnceNamingThePersonalDataAndWhereItIs() {
        Instant end = Instant.parse("2027-11-30T08:00:00Z");
        RetentionScheduled free = new RetentionScheduled("o-1", RecordKind.FREE_DISPATCH_ORDER, NOW, end);
        retention.given(free).when(r -> r.due(RecordKind.FREE_DISPATCH_ORDER, end.minusMillis(1))).thenEmitsNothing();
        retention.given(free).when(r -> r.due(RecordKind.FREE_DISPATCH_ORDER, end))
                .thenEmits(new RetentionExpired("o-1", RecordKind.FREE_DISPATCH_ORDER, end, Retention.PERSONAL_DATA, Retention.SERVICES, end));
        retention.given(free, new RetentionExpired("o-1", RecordKind.FREE_DISPATCH_ORDER, end, Retention.PERSONAL_DATA, Retention.SERVICES, end))
                .when(r -> r.due(RecordKind.FREE_DISPATCH_ORDER, end)).thenEmitsNothing();
    }
}
