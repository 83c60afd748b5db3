package doorstep.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import doorstep.dispatch.domain.DispatchEvent.*;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DispatchTest {

    /** 2026-11-30 (Monday) 10:00 in Shanghai. */
    static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
    static final WorkingCalendar CAL = WorkingCalendar.weekdaysOnly();

    static final DispatchOpened OPENED = new DispatchOpened("o-1", "PG20261130-000001", "site-a", "Asia/Shanghai",
            LocationKind.IN_UNIT, "u-1", "3栋-1202", false, null, "厨房水管漏水", "王", "13812345678", T0.minusSeconds(60), null);
    static final TechnicianAssigned ASSIGNED = new TechnicianAssigned("tech-1", "张师傅", null, T0, T0.plus(Duration.ofMinutes(15)));
    static final ConversionDeadlineSet CONVERSION = new ConversionDeadlineSet(ConversionRule.IN_UNIT_SAME_DAY,
            Instant.parse("2026-11-30T16:00:00Z"));
    static final Instant ARRIVED_AT = T0.plus(Duration.ofMinutes(12));
    static final VisitStarted VISIT_1 = new VisitStarted(1, "tech-1", ARRIVED_AT, true);
    static final SurveyRecorded FREE = new SurveyRecorded(false, Part.PRIVATE, false, null, ARRIVED_AT);
    static final SurveyRecorded PAID = new SurveyRecorded(true, Part.PRIVATE, false, "换灯泡+疏通马桶", ARRIVED_AT);
    static final WorkStarted WORKING = new WorkStarted(ARRIVED_AT);
    static final java.time.ZoneId SH = java.time.ZoneId.of("Asia/Shanghai");
    static final CompletionChecks ALL_DONE = new CompletionChecks(true, true, true, null);

    final AggregateFixture<Dispatch, DispatchEvent> fixture = AggregateFixture.forAggregate(Dispatch::new, Dispatch::apply);

    /** A technician of the order's site (site-a) who is on duty. */
    static RosterEntry onDuty(String id, String name) {
        return new RosterEntry(id, name, "site-a", true);
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Nested
    class Assignment {

        @Test
        void theFirstDispatchSetsTheArrivalAndConversionDeadlines() {
            fixture.given(OPENED)
                    .when(d -> d.assign(onDuty("tech-1", "张师傅"), T0, CAL))
                    .thenEmits(ASSIGNED, CONVERSION);
        }

        @Test
        void aReassignmentRestartsTheFifteenMinutesButNotTheConversionClock() {
            Instant later = T0.plus(Duration.ofMinutes(30));
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.assign(onDuty("tech-2", "李师傅"), later, CAL))
                    .thenEmits(new TechnicianAssigned("tech-2", "李师傅", "tech-1", later, later.plus(Duration.ofMinutes(15))));
        }

        @Test
        void aVisitTimeAgreedAtReportingMovesArrivalToThreeMinutesBeforeIt() {
            Instant agreed = T0.plus(Duration.ofHours(2));
            DispatchOpened withTime = new DispatchOpened("o-1", "PG1", "site-a", "Asia/Shanghai", LocationKind.IN_UNIT,
                    "u-1", "3栋-1202", false, agreed, "漏水", "王", "13812345678", T0, null);
            fixture.given(withTime).when(d -> d.assign(onDuty("tech-1", "张师傅"), T0, CAL))
                    .thenEmitsMatching(e -> assertThat(((TechnicianAssigned) e.get(0)).arrivalDueAt()).isEqualTo(agreed.minusSeconds(180)));
        }

        @Test
        void aTechnicianOfAnotherSiteIsRefusedNamingTheField() {
            fixture.given(OPENED)
                    .when(d -> d.assign(new RosterEntry("tech-1", "张师傅", "site-b", true), T0, CAL))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("technicianId");
        }

        @Test
        void aTechnicianOffDutyIsRefused() {
            fixture.given(OPENED)
                    .when(d -> d.assign(new RosterEntry("tech-1", "张师傅", "site-a", false), T0, CAL))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("assign-technicians-on-duty");
        }

        @Test
        void aReassignmentToSomeoneOffDutyIsRefusedToo() {
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.assign(new RosterEntry("tech-2", "李师傅", "site-a", false), T0, CAL))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("assign-technicians-on-duty");
        }

        @Test
        void onlyAHardJobIsEscalatedByHand() {
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.escalate(EscalationReason.ARRIVAL_OVERDUE, null, T0))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("reason");
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.escalate(EscalationReason.HARD_JOB, "高空作业", T0))
                    .thenEmits(new EscalatedToTeamLeader(EscalationReason.HARD_JOB, "高空作业", T0));
        }

        @Test
        void sameTechnicianTwiceIsRefused() {
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.assign(onDuty("tech-1", "张师傅"), T0, CAL))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("reassign-to-someone-else");
        }

        @Test
        void onlyTheAssignedTechnicianAccepts() {
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.accept("tech-9", T0))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("only-the-assigned-technician");
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.accept("tech-1", T0))
                    .thenEmits(new AssignmentAccepted("tech-1", T0));
        }

        @Test
        void contactingTheReporterRecordsClarificationAndPreparation() {
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.contactReporter(true, " 是卫生间不是厨房 ", List.of("疏通机"), List.of("皮碗"), T0))
                    .thenEmits(new ReporterContacted(true, "是卫生间不是厨房", List.of("疏通机"), List.of("皮碗"), T0));
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.contactReporter(true, "", List.of(), List.of(), T0))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("clarification");
        }
    }

    @Nested
    class ArrivalDeadline {

        @Test
        void atExactlyFifteenMinutesWithoutArrivalTheOrderIsOverdueAndEscalated() {
            Instant due = T0.plus(Duration.ofMinutes(15));
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.deadlinePassed(DeadlineKind.ARRIVAL, due))
                    .thenEmits(new ArrivalOverdue(due, due),
                            new EscalatedToTeamLeader(EscalationReason.ARRIVAL_OVERDUE, "no arrival by " + due, due));
        }

        @Test
        void oneMomentBeforeTheDeadlineNothingHappens() {
            Instant due = T0.plus(Duration.ofMinutes(15));
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.deadlinePassed(DeadlineKind.ARRIVAL, due.minusMillis(1)))
                    .thenEmitsNothing();
        }

        /** D39: the due instant is already late, for the arrival as for the scheduler. */
        @Test
        void arrivalIsOnTimeOnlyStrictlyBeforeTheDueInstant() {
            Instant due = T0.plus(Duration.ofMinutes(15));
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.arrive("tech-1", due.minusSeconds(1)))
                    .thenEmits(new VisitStarted(1, "tech-1", due.minusSeconds(1), true));
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.arrive("tech-1", due))
                    .thenEmits(new VisitStarted(1, "tech-1", due, false));
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.arrive("tech-1", due.plusSeconds(1)))
                    .thenEmits(new VisitStarted(1, "tech-1", due.plusSeconds(1), false));
            // the visit is recorded to the second, but judged at the true instant: 0.7 s late is late
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.arrive("tech-1", due.plusMillis(700)))
                    .thenEmits(new VisitStarted(1, "tech-1", due, false));
        }

        @Test
        void theSchedulerAndTheArrivalAgreeOnTheBoundary() {
            Instant due = T0.plus(Duration.ofMinutes(15));
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.deadlinePassed(DeadlineKind.ARRIVAL, due.minusSeconds(1)))
                    .thenEmitsNothing();
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.deadlinePassed(DeadlineKind.ARRIVAL, due.plusSeconds(1)))
                    .thenEmits(new ArrivalOverdue(due, due.plusSeconds(1)),
                            new EscalatedToTeamLeader(EscalationReason.ARRIVAL_OVERDUE, "no arrival by " + due, due.plusSeconds(1)));
        }

        /** Found on a real clock: the due time in the event and in the table differed below a microsecond. */
        @Test
        void aDueTimeWithSubMicrosecondDigitsFiresByTheOrdersOwnDueTime() {
            Instant dispatchedAt = Instant.parse("2026-11-30T02:00:00.017180780Z");
            Instant due = dispatchedAt.plus(Duration.ofMinutes(15));
            TechnicianAssigned assigned = new TechnicianAssigned("tech-1", "张师傅", null, dispatchedAt, due);
            Instant tableDue = Instant.parse("2026-11-30T02:15:00.017181Z"); // PostgreSQL rounds to microseconds
            fixture.given(OPENED, assigned).when(d -> d.deadlinePassed(DeadlineKind.ARRIVAL, tableDue))
                    .thenEmits(new ArrivalOverdue(due, tableDue),
                            new EscalatedToTeamLeader(EscalationReason.ARRIVAL_OVERDUE, "no arrival by " + due, tableDue));
        }

        @Test
        void pendingDeadlinesAreWhatTheOrderWaitsFor() {
            Instant due = T0.plus(Duration.ofMinutes(15));
            assertThat(fixture.given(OPENED, ASSIGNED, CONVERSION).state().pendingDeadlines())
                    .containsEntry(DeadlineKind.ARRIVAL, due).containsEntry(DeadlineKind.CONVERSION, CONVERSION.dueAt()).hasSize(2);
            assertThat(fixture.given(OPENED, ASSIGNED, CONVERSION, new ArrivalOverdue(due, due)).state().pendingDeadlines())
                    .containsOnlyKeys(DeadlineKind.CONVERSION);
            assertThat(fixture.given(OPENED, ASSIGNED, CONVERSION, new OwnerNotHome("敲门无人", T0)).state().pendingDeadlines())
                    .containsOnlyKeys(DeadlineKind.CONVERSION);
        }

        @Test
        void overdueIsRaisedOnceAndNotAfterArrival() {
            Instant due = T0.plus(Duration.ofMinutes(15));
            fixture.given(OPENED, ASSIGNED, CONVERSION, new ArrivalOverdue(due, due))
                    .when(d -> d.deadlinePassed(DeadlineKind.ARRIVAL, due.plusSeconds(5)))
                    .thenEmitsNothing();
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1)
                    .when(d -> d.deadlinePassed(DeadlineKind.ARRIVAL, due))
                    .thenEmitsNothing();
        }

        @Test
        void anAgreedAppointmentReplacesTheDeadlineWithThreeMinutesBeforeIt() {
            Instant appointment = T0.plus(Duration.ofHours(3));
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.bookAppointment(appointment, true, "tech-1", "业主下午在家", T0))
                    .thenEmits(new AppointmentBooked(appointment, appointment.minusSeconds(180), "tech-1", "业主下午在家"));
            // the old 15-minute deadline no longer counts once the appointment is booked
            Instant oldDue = T0.plus(Duration.ofMinutes(15));
            fixture.given(OPENED, ASSIGNED, CONVERSION, new AppointmentBooked(appointment, appointment.minusSeconds(180), "tech-1", null))
                    .when(d -> d.deadlinePassed(DeadlineKind.ARRIVAL, oldDue))
                    .thenEmitsNothing();
        }

        @Test
        void anAppointmentRefusedByTheOwnerGoesToTheTeamLeader() {
            Instant proposed = T0.plus(Duration.ofHours(1));
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.bookAppointment(proposed, false, "tech-1", "业主坚持马上来", T0))
                    .thenEmits(new AppointmentRefused(proposed, "业主坚持马上来"),
                            new EscalatedToTeamLeader(EscalationReason.APPOINTMENT_REFUSED, null, T0)); // the note is personal: not copied (D48)
        }

        @Test
        void ownerNotHomeWaitsForANewAppointmentWithoutAnArrivalDeadline() {
            Instant due = T0.plus(Duration.ofMinutes(15));
            var then = fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.ownerNotHome("敲门无人", T0.plusSeconds(600)))
                    .thenEmits(new OwnerNotHome("敲门无人", T0.plusSeconds(600)));
            Dispatch after = then.stateAfter();
            assertThat(after.status()).isEqualTo(DispatchStatus.AWAITING_APPOINTMENT);
            assertThat(after.deadlinePassed(DeadlineKind.ARRIVAL, due)).isEmpty();
        }
    }

    @Nested
    class Visits {

        @Test
        void handlingTimeAccumulatesAcrossVisitsToTheSecond() {
            Instant end1 = ARRIVED_AT.plusSeconds(25 * 60 + 7);
            Instant start2 = at("2026-11-30T06:00:00.900Z");
            Instant end2 = at("2026-11-30T06:40:13.999Z");
            var then = fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1,
                            new VisitEnded(1, ARRIVED_AT, end1, 25 * 60 + 7, 25 * 60 + 7),
                            new VisitStarted(2, "tech-1", start2.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), true))
                    .when(d -> d.endVisit(end2))
                    .thenEmits(new VisitEnded(2, at("2026-11-30T06:00:00Z"), at("2026-11-30T06:40:13Z"), 40 * 60 + 13,
                            25 * 60 + 7 + 40 * 60 + 13));
            assertThat(then.stateAfter().handlingSeconds()).isEqualTo(3920);
        }

        @Test
        void arrivalBeforeAssignmentIsRefused() {
            fixture.given(OPENED).when(d -> d.arrive("tech-1", T0))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("assign-first");
        }

        @Test
        void freeWorkStartsRightAfterTheSurvey() {
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1).when(d -> d.startWork(ARRIVED_AT))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("survey-before-work");
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE).when(d -> d.startWork(ARRIVED_AT))
                    .thenEmits(WORKING);
        }

        @Test
        void paidWorkCannotStartBeforeTheOwnerAcceptedTheQuote() {
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, PAID).when(d -> d.startWork(ARRIVED_AT))
                    .thenRejectedWith(RuleViolation.class)
                    .satisfies(e -> {
                        assertThat(((RuleViolation) e).rule()).isEqualTo("paid-work-needs-accepted-quote");
                        assertThat(((RuleViolation) e).currentState()).isEqualTo("ON_SITE");
                    });
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, PAID, new QuoteAcceptanceNoted("q-1", ARRIVED_AT))
                    .when(d -> d.startWork(ARRIVED_AT)).thenEmits(WORKING);
        }

        @Test
        void aDeclinedQuoteStopsPaidWorkAgain() {
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, PAID, new QuoteAcceptanceNoted("q-1", ARRIVED_AT),
                            new QuoteDeclineNoted("q-1", ARRIVED_AT))
                    .when(d -> d.startWork(ARRIVED_AT))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("paid-work-needs-accepted-quote");
        }

        @Test
        void commonPartsAndWarrantyWorkAreNeverPaid() {
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1)
                    .when(d -> d.recordSurvey(true, Part.COMMON, false, null, ARRIVED_AT))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("paid");
        }

        @Test
        void riskyWorkNeedsTheOwnersRecordedConsent() {
            RiskDisclosed drilling = new RiskDisclosed("无管线图钻孔可能损坏暗埋管线", ARRIVED_AT);
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, drilling).when(d -> d.startWork(ARRIVED_AT))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("risky-work-needs-owner-consent");
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, drilling)
                    .when(d -> d.recordRiskConsent(true, null, ARRIVED_AT))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("signatureRef");
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, drilling, new RiskConsentRecorded(true, "sig-7", ARRIVED_AT))
                    .when(d -> d.startWork(ARRIVED_AT)).thenEmits(WORKING);
        }

        @Test
        void aRefusedRiskIsEscalated() {
            RiskDisclosed drilling = new RiskDisclosed("钻孔", ARRIVED_AT);
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, drilling)
                    .when(d -> d.recordRiskConsent(false, null, ARRIVED_AT))
                    .thenEmits(new RiskConsentRecorded(false, null, ARRIVED_AT),
                            new EscalatedToTeamLeader(EscalationReason.RISK_REFUSED, "the owner did not accept the risk", ARRIVED_AT));
        }

        @Test
        void missingMaterialsEndTheVisitWithAServiceCardAndTheNextArrivalResumes() {
            Instant leave = ARRIVED_AT.plusSeconds(600);
            List<MaterialLine> valve = List.of(new MaterialLine(null, "角阀 DN15", 1));
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE)
                    .when(d -> d.waitForMaterials(valve, true, false, leave))
                    .thenEmits(new VisitEnded(1, ARRIVED_AT, leave, 600, 600), new WaitingForMaterials(valve, true, false, leave));
            Instant back = leave.plusSeconds(7200);
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, new VisitEnded(1, ARRIVED_AT, leave, 600, 600),
                            new WaitingForMaterials(valve, true, false, leave))
                    .when(d -> d.arrive("tech-1", back))
                    .thenEmits(new MaterialsAvailable("arrived with the materials", back), new VisitStarted(2, "tech-1", back, true));
        }

        @Test
        void requisitionsAreIssuedOnce() {
            List<MaterialLine> items = List.of(new MaterialLine("M-01", "灯泡", 2));
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.requisitionMaterials("r-1", items, T0))
                    .thenEmits(new MaterialsRequisitioned("r-1", items, T0));
            fixture.given(OPENED, ASSIGNED, CONVERSION, new MaterialsRequisitioned("r-1", items, T0))
                    .when(d -> d.issueMaterials("r-1", "wh-1", T0)).thenEmits(new MaterialsIssued("r-1", "wh-1", T0));
            fixture.given(OPENED, ASSIGNED, CONVERSION, new MaterialsRequisitioned("r-1", items, T0), new MaterialsIssued("r-1", "wh-1", T0))
                    .when(d -> d.issueMaterials("r-1", "wh-1", T0))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("issue-a-requisition-once");
        }
    }

    @Nested
    class CompletionAndAfter {

        final Instant done = ARRIVED_AT.plusSeconds(1800);
        final List<PerformedItem> items = List.of(new PerformedItem("S-BULB", ARRIVED_AT.plusSeconds(300)));

        @Test
        void completionEndsTheVisitAndRecordsItemsMaterialsAndSignature() {
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING)
                    .when(d -> d.complete("已更换灯泡", items, List.of(), "sig-tech-1", ALL_DONE, done))
                    .thenEmits(new VisitEnded(1, ARRIVED_AT, done, 1800, 1800),
                            new WorkCompleted("已更换灯泡", items, List.of(), "sig-tech-1", 1800,
                                    List.of(new Visit(ARRIVED_AT, done)), "tech-1", false, Part.PRIVATE, false, ALL_DONE, Dispatch.endOfDay(done, SH), done));
        }

        @Test
        void completingTwiceIsRefused() {
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING,
                            new VisitEnded(1, ARRIVED_AT, done, 1800, 1800), new WorkCompleted("ok", items, List.of(), "s", 1800, List.of(), "tech-1", false, Part.PRIVATE, false, ALL_DONE, Dispatch.endOfDay(done, SH), done))
                    .when(d -> d.complete("again", items, List.of(), "s", ALL_DONE, done))
                    .thenRejectedWith(RuleViolation.class).satisfies(e -> assertThat(((RuleViolation) e).currentState()).isEqualTo("COMPLETED"));
        }

        @Test
        void theOwnerAcceptsSignsAndRatesFromOneToFive() {
            DispatchEvent[] completed = {OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING,
                    new VisitEnded(1, ARRIVED_AT, done, 1800, 1800), new WorkCompleted("ok", items, List.of(), "s", 1800, List.of(), "tech-1", false, Part.PRIVATE, false, ALL_DONE, Dispatch.endOfDay(done, SH), done)};
            fixture.given(completed).when(d -> d.ownerAccepts("sig-owner", 6, null, done))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("rating");
            fixture.given(completed).when(d -> d.ownerAccepts("sig-owner", 5, "师傅很专业", done))
                    .thenEmits(new OwnerAccepted("sig-owner", 5, "师傅很专业", done));
            fixture.given(completed).when(d -> d.verifyWithoutOwnerSignature("leader-1", " ", done))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("reason");
            fixture.given(completed).when(d -> d.verifyWithoutOwnerSignature("leader-1", "业主出差,电话确认", done))
                    .thenEmits(new VerifiedWithoutOwnerSignature("leader-1", "业主出差,电话确认", done));
        }

        @Test
        void archivingNeedsTheTeamLeadersReviewAndClosesTheOrder() {
            DispatchEvent[] signed = {OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING,
                    new VisitEnded(1, ARRIVED_AT, done, 1800, 1800), new WorkCompleted("ok", items, List.of(), "s", 1800, List.of(), "tech-1", false, Part.PRIVATE, false, ALL_DONE, Dispatch.endOfDay(done, SH), done),
                    new OwnerAccepted("sig", 5, null, done)};
            fixture.given(signed).when(d -> d.archive("agent-1", done))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("archive-after-review");
            DispatchEvent[] archived = java.util.stream.Stream.concat(java.util.Arrays.stream(signed),
                    java.util.stream.Stream.of(new ReviewedByTeamLeader("leader-1", null, done), new Archived("agent-1", done)))
                    .toArray(DispatchEvent[]::new);
            fixture.given(archived).when(d -> d.escalate(EscalationReason.HARD_JOB, "x", done))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("archived-orders-are-closed");
        }

        @Test
        void continuedTrackingNeedsReasonAndHandler() {
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.continueTracking("等厂家配件", " ", T0))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("handler");
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.continueTracking("等厂家配件", "张师傅", T0))
                    .thenEmits(new TrackingContinued("等厂家配件", "张师傅", T0));
        }
    }

    @Nested
    class Conversion {

        @Test
        void anInUnitOrderStillOpenAtMidnightConverts() {
            Instant midnight = CONVERSION.dueAt();
            fixture.given(OPENED, ASSIGNED, CONVERSION)
                    .when(d -> d.deadlinePassed(DeadlineKind.CONVERSION, midnight))
                    .thenEmits(new ConvertedToCoordination(ConversionRule.IN_UNIT_SAME_DAY, midnight, midnight));
        }

        @Test
        void completedWorkOrAnExemptionOrAWithdrawalPreventsConversion() {
            Instant midnight = CONVERSION.dueAt();
            Instant done = at("2026-11-30T15:59:59Z");
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING, new VisitEnded(1, ARRIVED_AT, done, 1, 1),
                            new WorkCompleted("ok", List.of(), List.of(), "s", 1, List.of(), "tech-1", false, Part.PRIVATE, false, ALL_DONE, Dispatch.endOfDay(done, SH), done))
                    .when(d -> d.deadlinePassed(DeadlineKind.CONVERSION, midnight)).thenEmitsNothing();
            fixture.given(OPENED, ASSIGNED, CONVERSION, new ConversionExempted("leader-1", "业主出国", T0))
                    .when(d -> d.deadlinePassed(DeadlineKind.CONVERSION, midnight)).thenEmitsNothing();
            fixture.given(OPENED, ASSIGNED, CONVERSION, new DispatchWithdrawn("重复", T0))
                    .when(d -> d.deadlinePassed(DeadlineKind.CONVERSION, midnight)).thenEmitsNothing();
        }

        @Test
        void anExemptionNeedsAReasonAndComesBeforeConversion() {
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.exemptFromConversion("leader-1", "", T0))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("reason");
            fixture.given(OPENED, ASSIGNED, CONVERSION,
                            new ConvertedToCoordination(ConversionRule.IN_UNIT_SAME_DAY, CONVERSION.dueAt(), CONVERSION.dueAt()))
                    .when(d -> d.exemptFromConversion("leader-1", "特殊", T0))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("exempt-before-conversion");
        }

        @Test
        void anIntakeWithdrawalClosesTheOrderButNotFinishedWork() {
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.withdraw("重复报事", T0))
                    .thenEmits(new DispatchWithdrawn("重复报事", T0));
            fixture.given(OPENED, new DispatchWithdrawn("重复报事", T0)).when(d -> d.assign(onDuty("tech-1", "张"), T0, CAL))
                    .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("withdrawn-orders-are-closed");
            fixture.given(OPENED).when(d -> d.open(OPENED)).thenEmitsNothing();
        }
    }

    @Nested
    class Boundaries {

        /** D39 at the conversion deadline: due − 1 s nothing, due and due + 1 s converted. */
        @Test
        void theConversionDeadlineIsLateFromItsDueInstant() {
            Instant midnight = CONVERSION.dueAt();
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.deadlinePassed(DeadlineKind.CONVERSION, midnight.minusSeconds(1)))
                    .thenEmitsNothing();
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.deadlinePassed(DeadlineKind.CONVERSION, midnight))
                    .thenEmits(new ConvertedToCoordination(ConversionRule.IN_UNIT_SAME_DAY, midnight, midnight));
            fixture.given(OPENED, ASSIGNED, CONVERSION).when(d -> d.deadlinePassed(DeadlineKind.CONVERSION, midnight.plusSeconds(1)))
                    .thenEmits(new ConvertedToCoordination(ConversionRule.IN_UNIT_SAME_DAY, midnight, midnight.plusSeconds(1)));
        }

        /** The first instant of a site-local day belongs to that day: dispatched at 00:00:00, due at the next midnight. */
        @Test
        void theFirstInstantOfADayBelongsToThatDay() {
            Instant midnight = Instant.parse("2026-11-30T16:00:00Z"); // 2026-12-01 00:00 in Shanghai
            fixture.given(OPENED).when(d -> d.assign(onDuty("tech-1", "张师傅"), midnight, CAL))
                    .thenEmitsMatching(events -> assertThat(((ConversionDeadlineSet) events.get(1)).dueAt())
                            .isEqualTo(Instant.parse("2026-12-01T16:00:00Z")));
            fixture.given(OPENED).when(d -> d.assign(onDuty("tech-1", "张师傅"), midnight.minusNanos(1000), CAL))
                    .thenEmitsMatching(events -> assertThat(((ConversionDeadlineSet) events.get(1)).dueAt()).isEqualTo(midnight));
        }
    }

    @Nested
    class SameDayReviewAndArchive {

        final Instant done = Instant.parse("2026-11-30T09:30:00Z"); // 17:30 in Shanghai
        final Instant endOfDay = Instant.parse("2026-11-30T16:00:00Z");
        final WorkCompleted completed = new WorkCompleted("ok", List.of(), List.of(), "s", 1800, List.of(), "tech-1", false,
                Part.PRIVATE, false, ALL_DONE, endOfDay, done);
        final DispatchEvent[] history = {OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING,
                new VisitEnded(1, ARRIVED_AT, done, 1800, 1800), completed};

        @Test
        void completionSetsTheReviewAndArchiveDueAtTheEndOfTheSiteLocalDay() {
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING)
                    .when(d -> d.complete("ok", List.of(), List.of(), "s", ALL_DONE, done))
                    .thenEmitsMatching(events -> assertThat(((WorkCompleted) events.get(1)).reviewAndArchiveDueAt()).isEqualTo(endOfDay));
            assertThat(fixture.given(history).state().pendingDeadlines())
                    .containsEntry(DeadlineKind.REVIEW, endOfDay).containsEntry(DeadlineKind.ARCHIVE, endOfDay)
                    .doesNotContainKey(DeadlineKind.CONVERSION);
        }

        @Test
        void notReviewedOrArchivedByMidnightIsOverdue() {
            fixture.given(history).when(d -> d.deadlinePassed(DeadlineKind.REVIEW, endOfDay.minusSeconds(1))).thenEmitsNothing();
            fixture.given(history).when(d -> d.deadlinePassed(DeadlineKind.REVIEW, endOfDay))
                    .thenEmits(new ReviewOverdue(endOfDay, endOfDay));
            fixture.given(history).when(d -> d.deadlinePassed(DeadlineKind.ARCHIVE, endOfDay.plusSeconds(1)))
                    .thenEmits(new ArchiveOverdue(endOfDay, endOfDay.plusSeconds(1)));
        }

        @Test
        void aReviewStopsTheReviewDeadlineAndAnArchiveStopsBoth() {
            Instant evening = endOfDay.minusSeconds(3600);
            assertThat(fixture.given(concat(history, new OwnerAccepted("sig", 5, null, evening),
                    new ReviewedByTeamLeader("leader-1", null, evening))).state().pendingDeadlines())
                    .containsOnlyKeys(DeadlineKind.ARCHIVE);
            assertThat(fixture.given(concat(history, new OwnerAccepted("sig", 5, null, evening),
                    new ReviewedByTeamLeader("leader-1", null, evening), new Archived("agent-1", evening))).state().pendingDeadlines())
                    .isEmpty();
            assertThat(fixture.given(concat(history, new ReviewOverdue(endOfDay, endOfDay))).state().pendingDeadlines())
                    .containsOnlyKeys(DeadlineKind.ARCHIVE);
        }

        @Test
        void aCompletionRecordsTheThreeChecksAndSaysWhyOneWasSkipped() {
            CompletionChecks notTested = new CompletionChecks(true, false, true, " ");
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING)
                    .when(d -> d.complete("ok", List.of(), List.of(), "s", notTested, done))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("checks.skippedReason");
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING)
                    .when(d -> d.complete("ok", List.of(), List.of(), "s", null, done))
                    .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("checks");
            fixture.given(OPENED, ASSIGNED, CONVERSION, VISIT_1, FREE, WORKING)
                    .when(d -> d.complete("ok", List.of(), List.of(), "s", new CompletionChecks(true, false, true, " 停电无法调试 "), done))
                    .thenEmitsMatching(events -> assertThat(((WorkCompleted) events.get(1)).checks())
                            .isEqualTo(new CompletionChecks(true, false, true, "停电无法调试")));
        }

        private DispatchEvent[] concat(DispatchEvent[] first, DispatchEvent... more) {
            return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more))
                    .toArray(DispatchEvent[]::new);
        }
    }
}
