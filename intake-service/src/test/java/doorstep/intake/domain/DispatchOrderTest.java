package doorstep.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.domain.RuleViolation;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DispatchOrderTest {

    static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");
    static final Reporter WANG = new Reporter("王", phone("13812345678"));
    static final LegalOwner OWNER = new LegalOwner("李四", List.of(phone("13900001111")));
    static final Location UNIT = Location.inUnit("unit-1", "3栋-1202");

    static ContactPhone phone(String raw) {
        return ContactPhone.dialledFrom(PhoneNumber.parse(raw), null);
    }

    final AggregateFixture<DispatchOrder, DispatchOrderEvent> fixture =
            AggregateFixture.forAggregate(DispatchOrder::new, DispatchOrder::apply);

    static ReportProblem report(Location location, Reporter reporter, VisitTime visit, String content) {
        return new ReportProblem("o-1", "PG20261129-000001", "site-a", "Asia/Shanghai", location, OWNER, reporter, visit, content,
                ReportChannel.CUSTOMER_CENTER, null, false, NOW, null);
    }

    static final ProblemReported REPORTED = new ProblemReported("o-1", "PG20261129-000001", "site-a", "Asia/Shanghai", UNIT, OWNER, WANG,
            VisitTime.asap(), "厨房水管漏水", ReportChannel.CUSTOMER_CENTER, null, false, NOW, null);

    @Nested
    class RepeatComplaint {

        @Test
        void aRepeatComplaintIsANewOrderForTheSamePlaceAndReporterNamingTheOriginal() {
            Instant later = NOW.plus(Duration.ofDays(10));
            fixture.given()
                    .when(o -> o.report(DispatchOrder.repeatComplaint(REPORTED, "o-2", "PG20261209-000007", "又漏了", later)))
                    .thenEmits(new ProblemReported("o-2", "PG20261209-000007", "site-a", "Asia/Shanghai", UNIT, OWNER, WANG,
                            VisitTime.asap(), "回访复诉(原单 PG20261129-000001): 又漏了", ReportChannel.CUSTOMER_CENTER, null, false,
                            later, "o-1"));
        }

        @Test
        void aLongComplaintIsCutToTheContentLimit() {
            ReportProblem repeat = DispatchOrder.repeatComplaint(REPORTED, "o-2", "PG2", "漏".repeat(DispatchOrder.MAX_CONTENT), NOW);
            assertThat(repeat.content()).hasSize(DispatchOrder.MAX_CONTENT).startsWith("回访复诉(原单 PG20261129-000001): ");
        }
    }

    @Nested
    class ReportingAProblem {

        @Test
        void withTheFiveElementsCreatesTheOrderKeepingOwnerAndReporterApart() {
            fixture.given()
                    .when(o -> o.report(report(UNIT, WANG, VisitTime.asap(), "  厨房水管漏水 ")))
                    .thenEmits(REPORTED);
        }

        @Test
        void aPublicAreaHasNoLegalOwner() {
            fixture.given()
                    .when(o -> o.report(report(Location.publicArea("3栋大堂"), WANG, VisitTime.asap(), "灯不亮")))
                    .thenEmitsMatching(events -> assertThat(((ProblemReported) events.get(0)).legalOwner()).isNull());
        }

        @Test
        void eachOfTheFiveElementsIsRequired() {
            assertRejected(report(null, WANG, VisitTime.asap(), "漏水"), "location");
            assertRejected(report(UNIT, null, VisitTime.asap(), "漏水"), "reporter");
            assertRejected(report(UNIT, WANG, null, "漏水"), "visitTime");
            assertRejected(report(UNIT, WANG, VisitTime.asap(), "  "), "content");
        }

        @Test
        void theReporterNeedsAtLeastASurnameAndAPhone() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Reporter(" ", phone("13812345678")))
                    .isInstanceOf(InvalidValue.class).extracting("field").isEqualTo("name");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Reporter("王", null))
                    .isInstanceOf(InvalidValue.class).extracting("field").isEqualTo("phone");
            assertThat(new Reporter("王", phone("13812345678")).name()).isEqualTo("王");
        }

        @Test
        void anAgreedVisitTimeMayNotLieInThePast() {
            assertRejected(report(UNIT, WANG, VisitTime.agreed(NOW.minus(Duration.ofMinutes(6))), "漏水"), "visitTime");
            fixture.given()
                    .when(o -> o.report(report(UNIT, WANG, VisitTime.agreed(NOW.minus(Duration.ofMinutes(5))), "漏水")))
                    .thenEmitsMatching(events -> assertThat(events).hasSize(1));
        }

        @Test
        void anotherDepartmentMustSayWhichDepartmentItIs() {
            ReportProblem fromSecurity = new ReportProblem("o-1", "PG1", "site-a", "Asia/Shanghai", UNIT, OWNER, WANG, VisitTime.asap(), "漏水",
                    ReportChannel.OTHER_DEPARTMENT, null, false, NOW, null);
            fixture.given().when(o -> o.report(fromSecurity))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("reportingDepartment");
        }

        @Test
        void anOrderIsReportedOnce() {
            fixture.given(REPORTED)
                    .when(o -> o.report(report(UNIT, WANG, VisitTime.asap(), "漏水")))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("order-reported-once");
        }

        private void assertRejected(ReportProblem command, String field) {
            fixture.given().when(o -> o.report(command))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo(field);
        }
    }

    @Nested
    class AmendingBeforeDispatch {

        @Test
        void recordsOnlyWhatChanged() {
            Reporter zhang = new Reporter("张", phone("0755-86123456"));
            fixture.given(REPORTED)
                    .when(o -> o.amend(new AmendOrder(zhang, VisitTime.asap(), "厨房水管漏水", true, NOW)))
                    .thenEmits(new OrderAmended("o-1", zhang, null, null, true, NOW));
        }

        @Test
        void anAmendmentThatChangesNothingRecordsNothing() {
            fixture.given(REPORTED)
                    .when(o -> o.amend(new AmendOrder(WANG, VisitTime.asap(), "厨房水管漏水", false, NOW)))
                    .thenEmitsNothing();
        }

        @Test
        void theAmendedStateIsWhatTheNextAmendmentComparesWith() {
            OrderAmended toWarranty = new OrderAmended("o-1", null, null, null, true, NOW);
            fixture.given(REPORTED, toWarranty)
                    .when(o -> o.amend(new AmendOrder(null, null, null, true, NOW)))
                    .thenEmitsNothing();
        }

        @Test
        void aCancelledOrderCannotBeAmended() {
            fixture.given(REPORTED, new OrderCancelled("o-1", "业主自行处理", NOW))
                    .when(o -> o.amend(new AmendOrder(null, null, "新内容", null, NOW)))
                    .thenRejectedWith(RuleViolation.class)
                    .satisfies(e -> {
                        assertThat(((RuleViolation) e).rule()).isEqualTo("amend-only-before-dispatch");
                        assertThat(((RuleViolation) e).currentState()).isEqualTo("CANCELLED");
                    });
        }
    }

    @Nested
    class Dispatching {

        @Test
        void dispatchIsNotedOnceAndEndsAmendmentsAndCancellation() {
            OrderDispatched dispatched = new OrderDispatched("o-1", "tech-1", NOW);
            fixture.given(REPORTED).when(o -> o.noteDispatched("tech-1", NOW)).thenEmits(dispatched);
            fixture.given(REPORTED, dispatched).when(o -> o.noteDispatched("tech-2", NOW)).thenEmitsNothing();
            fixture.given(REPORTED, dispatched).when(o -> o.amend(new AmendOrder(null, null, "新内容", null, NOW)))
                    .thenRejectedWith(RuleViolation.class).extracting("currentState").isEqualTo("DISPATCHED");
            fixture.given(REPORTED, dispatched).when(o -> o.cancel(new CancelOrder("不需要了", NOW)))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("cancel-only-before-dispatch");
        }

        @Test
        void aCancelledOrderIgnoresALateDispatch() {
            fixture.given(REPORTED, new OrderCancelled("o-1", "重复", NOW)).when(o -> o.noteDispatched("tech-1", NOW))
                    .thenEmitsNothing();
        }
    }

    @Nested
    class Cancelling {

        @Test
        void needsAReason() {
            fixture.given(REPORTED).when(o -> o.cancel(new CancelOrder(" ", NOW)))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("reason");
        }

        @Test
        void withdrawsTheOrder() {
            var then = fixture.given(REPORTED).when(o -> o.cancel(new CancelOrder(" 业主自行处理 ", NOW)))
                    .thenEmits(new OrderCancelled("o-1", "业主自行处理", NOW));
            assertThat(then.stateAfter().status()).isEqualTo(OrderStatus.CANCELLED);
        }

        @Test
        void happensOnce() {
            fixture.given(REPORTED, new OrderCancelled("o-1", "重复报事", NOW))
                    .when(o -> o.cancel(new CancelOrder("again", NOW)))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("cancel-only-before-dispatch");
        }
    }
}
