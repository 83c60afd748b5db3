package doorstep.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import doorstep.billing.domain.BillingEvent.*;
import doorstep.billing.domain.FeeScheduleEvent.*;
import doorstep.billing.domain.WorkFacts.Interval;
import doorstep.billing.domain.WorkFacts.PerformedService;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderBillTest {

    static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");
    static final FeeScheduleVersion V1 = ChargeExamplesTest.V1;
    static final WorkFacts PLANNED = new WorkFacts(List.of(new PerformedService("S-TOILET", NOW)), List.of(),
            List.of(new Interval(NOW, NOW.plus(Duration.ofMinutes(30)))));

    final AggregateFixture<OrderBill, BillingEvent> bill = AggregateFixture.forAggregate(OrderBill::new, OrderBill::apply);
    final AggregateFixture<FeeSchedule, FeeScheduleEvent> schedule = AggregateFixture.forAggregate(FeeSchedule::new, FeeSchedule::apply);

    static QuoteIssued quote(String id) {
        ChargeBreakdown b = ChargeCalculator.charge(V1, PLANNED, Map.of());
        return new QuoteIssued(id, "o-1", 1, b, b.totalFen(), "tech-1", NOW);
    }

    static final QuoteAccepted ACCEPTED = new QuoteAccepted("q-1", "o-1", 1, 3000, "sig-owner", NOW);

    static ChargeRaised charged(long total) {
        ChargeBreakdown b = new ChargeBreakdown(1, 1800, 1, List.of(), List.of(), total);
        return new ChargeRaised("c-1", "o-1", "q-1", b, total, "tech-1", NOW);
    }

    @Nested
    class Quotes {

        @Test
        void plannedWorkIsOneVisitOfTheEstimatedLengthWithEveryServiceAtItsStart() {
            assertThat(WorkFacts.planned(List.of("S-TOILET"), List.of(), NOW, Duration.ofMinutes(30))).isEqualTo(PLANNED);
        }

        @Test
        void withoutAScheduleInForceNothingIsQuoted() {
            bill.given().when(b -> b.issueQuote("o-1", "q-1", null, PLANNED, Map.of(), "tech-1", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("quote-from-a-published-schedule");
        }

        @Test
        void theQuoteStatusIsTheCurrentQuotesStanding() {
            assertThat(bill.given().state().quoteStatus()).isNull();
            assertThat(bill.given(quote("q-1")).state().quoteStatus()).isEqualTo("ISSUED");
            assertThat(bill.given(quote("q-1"), ACCEPTED).state().quoteStatus()).isEqualTo("ACCEPTED");
            assertThat(bill.given(quote("q-1"), new QuoteDeclined("q-1", "o-1", "太贵", NOW)).state().quoteStatus()).isEqualTo("DECLINED");
            assertThat(bill.given(quote("q-1"), new QuoteDeclined("q-1", "o-1", "太贵", NOW), quote("q-2")).state().quoteStatus())
                    .isEqualTo("ISSUED");
        }

        @Test
        void theVersionInForceIsTheActiveOneWithTheLatestStartNotAfterTheTimeTiesToTheHigherVersion() {
            Instant jan = Instant.parse("2026-01-01T00:00:00Z");
            Instant jun = Instant.parse("2026-06-01T00:00:00Z");
            List<FeeSchedule.Active> active = List.of(new FeeSchedule.Active(1, jan), new FeeSchedule.Active(3, jun),
                    new FeeSchedule.Active(2, jun));
            assertThat(FeeSchedule.versionInForce(active, jan.minusSeconds(1))).isEmpty();
            assertThat(FeeSchedule.versionInForce(active, jan)).contains(1);
            assertThat(FeeSchedule.versionInForce(active, jun.minusSeconds(1))).contains(1);
            assertThat(FeeSchedule.versionInForce(active, jun)).contains(3);
        }

        @Test
        void aMaterialOnTheScheduleCostsTheSchedulesPriceOtherwiseInboundPlusThirtyPercent() {
            FeeItem listed = V1.items().stream().filter(i -> i.category() == ItemCategory.MATERIAL).findFirst().orElseThrow();
            assertThat(MaterialPricing.unitPrice(V1, listed.code(), 1L))
                    .contains(new MaterialPricing.UnitPrice(listed.priceFen(), "schedule v1", listed.name()));
            assertThat(MaterialPricing.unitPrice(V1, "W-UNLISTED", 1234L))
                    .contains(new MaterialPricing.UnitPrice(1600, "inbound 12.34 + 30% → 16.00", null));
            assertThat(MaterialPricing.unitPrice(null, listed.code(), 1234L)).map(MaterialPricing.UnitPrice::fen).contains(1600L);
            assertThat(MaterialPricing.unitPrice(V1, "W-UNKNOWN", null)).isEmpty();
        }

        @Test
        void aQuoteCitesTheScheduleVersionAndAppliesTheSameRules() {
            bill.given().when(b -> b.issueQuote("o-1", "q-1", V1, PLANNED, Map.of(), "tech-1", NOW))
                    .thenEmits(quote("q-1"));
        }

        @Test
        void theOwnersConsentIsRecordedWithTheirSignature() {
            bill.given(quote("q-1")).when(b -> b.acceptQuote("q-1", " ", NOW))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("signatureRef");
            bill.given(quote("q-1")).when(b -> b.acceptQuote("q-1", "sig-owner", NOW)).thenEmits(ACCEPTED);
        }

        @Test
        void onlyTheCurrentQuoteIsDecidedAndOnlyOnce() {
            bill.given(quote("q-1"), quote("q-2")).when(b -> b.acceptQuote("q-1", "sig", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("decide-the-current-quote");
            bill.given(quote("q-1"), new QuoteDeclined("q-1", "o-1", "太贵", NOW)).when(b -> b.acceptQuote("q-1", "sig", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("decide-a-quote-once");
            bill.given(quote("q-1"), ACCEPTED).when(b -> b.issueQuote("o-1", "q-3", V1, PLANNED, Map.of(), "tech-1", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("one-accepted-quote");
        }
    }

    @Nested
    class Charging {

        final WorkFacts done = new WorkFacts(List.of(new PerformedService("S-BULB", NOW.plusSeconds(60)),
                new PerformedService("S-TOILET", NOW.plusSeconds(600))), List.of(), List.of(new Interval(NOW, NOW.plusSeconds(1500))));

        @Test
        void paidWorkIsChargedFromWhatWasDoneOnce() {
            ChargeBreakdown expected = ChargeCalculator.charge(V1, done, Map.of());
            bill.given(quote("q-1"), ACCEPTED)
                    .when(b -> b.complete("o-1", "c-1", true, null, V1, done, Map.of(), "tech-1", NOW))
                    .thenEmits(new ChargeRaised("c-1", "o-1", "q-1", expected, 3000, "tech-1", NOW));
            bill.given(quote("q-1"), ACCEPTED, charged(3000))
                    .when(b -> b.complete("o-1", "c-2", true, null, V1, done, Map.of(), "tech-1", NOW))
                    .thenEmitsNothing();
        }

        @Test
        void freeWorkRecordsWhyNothingIsCharged() {
            bill.given().when(b -> b.complete("o-1", "c-1", false, NoChargeReason.COMMON_PART, null, done, Map.of(), "tech-1", NOW))
                    .thenEmits(new NoChargeRecorded("o-1", NoChargeReason.COMMON_PART, "tech-1", NOW));
        }

        @Test
        void paidWorkWithoutAnAcceptedQuoteIsNotCharged() {
            bill.given(quote("q-1")).when(b -> b.complete("o-1", "c-1", true, null, V1, done, Map.of(), "tech-1", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("charge-needs-accepted-quote");
        }
    }

    @Nested
    class Payments {

        @Test
        void paymentsAdjustmentsAndRefundsMoveTheBalanceNeverTheCharge() {
            var after = bill.given(quote("q-1"), ACCEPTED, charged(3000),
                            new ChargeAdjusted("a-1", "o-1", -500, "业主投诉服务慢,减免5元", "leader-1", NOW))
                    .when(b -> b.recordPayment("p-1", PaymentMethod.WECHAT_PAY, 2500, "李四", "tech-1", NOW))
                    .thenEmits(new PaymentRecorded("p-1", "o-1", PaymentMethod.WECHAT_PAY, 2500, "李四", "tech-1", NOW))
                    .stateAfter();
            assertThat(after.balanceFen()).isZero();
        }

        @Test
        void nobodyPaysMoreThanOwedOrGetsBackMoreThanPaid() {
            bill.given(quote("q-1"), ACCEPTED, charged(3000)).when(b -> b.recordPayment("p", PaymentMethod.CASH, 3001, "李四", "t", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("pay-no-more-than-owed");
            bill.given(quote("q-1"), ACCEPTED, charged(3000), new PaymentRecorded("p", "o-1", PaymentMethod.CASH, 1000, "李四", "t", NOW))
                    .when(b -> b.refund("r", 1001, "多收", "leader-1", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("refund-no-more-than-paid");
            bill.given(quote("q-1"), ACCEPTED, charged(3000)).when(b -> b.adjust("a", -3001, "减免", "leader-1", NOW))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("amountFen");
            bill.given(quote("q-1"), ACCEPTED, charged(3000)).when(b -> b.adjust("a", -100, " ", "leader-1", NOW))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("reason");
        }

        @Test
        void nothingIsPaidBeforeACharge() {
            bill.given(quote("q-1")).when(b -> b.recordPayment("p", PaymentMethod.CASH, 100, "李四", "t", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("payments-follow-a-charge");
        }
    }

    /**
     * An order whose personal data was erased (D48): its events are read back with 已删除 in the
     * owner's signature, their reason for declining and the payer; the bill folds and decides as before.
     */
    @Nested
    class ErasedPersonalData {

        static final String ERASED = doorstep.platform.domain.Personal.ERASED;

        @Test
        void eventsReadWithTheMarkerFoldIntoTheSameBillAndItStillDecides() {
            var erased = bill.given(quote("q-0"),
                            new QuoteDeclined("q-0", "o-1", ERASED, NOW), quote("q-1"),
                            new QuoteAccepted("q-1", "o-1", 1, 3000, ERASED, NOW), charged(3000),
                            new PaymentRecorded("p-1", "o-1", PaymentMethod.CASH, 1000, ERASED, "tech-1", NOW))
                    .when(b -> b.recordPayment("p-2", PaymentMethod.WECHAT_PAY, 2000, ERASED, "tech-1", NOW))
                    .thenEmits(new PaymentRecorded("p-2", "o-1", PaymentMethod.WECHAT_PAY, 2000, ERASED, "tech-1", NOW))
                    .stateAfter();
            var clear = bill.given(quote("q-0"),
                    new QuoteDeclined("q-0", "o-1", "太贵了", NOW), quote("q-1"), ACCEPTED, charged(3000),
                    new PaymentRecorded("p-1", "o-1", PaymentMethod.CASH, 1000, "李四", "tech-1", NOW),
                    new PaymentRecorded("p-2", "o-1", PaymentMethod.WECHAT_PAY, 2000, "李四", "tech-1", NOW)).state();
            assertThat(erased).usingRecursiveComparison().isEqualTo(clear);
            assertThat(erased.balanceFen()).isZero();
            assertThat(erased.quoteStatus()).isEqualTo("ACCEPTED");
        }

        @Test
        void theRulesHoldForAnErasedBillAsForAnyOther() {
            bill.given(quote("q-1"), new QuoteAccepted("q-1", "o-1", 1, 3000, ERASED, NOW), charged(3000),
                            new PaymentRecorded("p-1", "o-1", PaymentMethod.CASH, 3000, ERASED, "tech-1", NOW))
                    .when(b -> b.recordPayment("p-2", PaymentMethod.CASH, 1, "李四", "tech-1", NOW))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("pay-no-more-than-owed");
            bill.given(quote("q-1"), new QuoteAccepted("q-1", "o-1", 1, 3000, ERASED, NOW), charged(3000),
                            new PaymentRecorded("p-1", "o-1", PaymentMethod.CASH, 3000, ERASED, "tech-1", NOW))
                    .when(b -> b.refund("r-1", 500, "多收退回", "leader-1", NOW))
                    .thenEmits(new RefundIssued("r-1", "o-1", 500, "多收退回", "leader-1", NOW));
        }
    }

    @Nested
    class Schedules {

        final List<FeeItem> items = V1.items();
        final Instant from = Instant.parse("2027-01-01T00:00:00Z");

        @Test
        void aDraftIsRevisedThenActivatedAndNeverEditedAfter() {
            schedule.given().when(s -> s.draft(2, from, items, "admin-1")).thenEmits(new FeeScheduleDrafted(2, from, items, "admin-1"));
            schedule.given(new FeeScheduleDrafted(2, from, items, "admin-1")).when(s -> s.activate(NOW, "admin-1"))
                    .thenEmits(new FeeScheduleActivated(2, from, NOW, "admin-1"));
            schedule.given(new FeeScheduleDrafted(2, from, items, "admin-1"), new FeeScheduleActivated(2, from, NOW, "admin-1"))
                    .when(s -> s.revise(from, items, "admin-1"))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("active-schedules-are-never-edited");
        }

        @Test
        void itemsAreValidAndUnique() {
            schedule.given().when(s -> s.draft(2, from, List.of(items.get(0), items.get(0)), "admin-1"))
                    .thenRejectedWith(InvalidValue.class).hasMessageContaining("twice");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> new FeeItem("S-X", "按个服务", ItemCategory.SERVICE, ItemUnit.PER_PIECE, 100))
                    .isInstanceOf(InvalidValue.class).extracting("field").isEqualTo("unit");
        }
    }
}
