package doorstep.followup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import doorstep.followup.domain.CoordinationEvent.*;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

class CoordinationOrderTest {

    static final ZoneId SH = ZoneId.of("Asia/Shanghai");

    static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(SH).toInstant();
    }

    static final Instant OPENED_AT = local("2026-11-30T00:00:00");
    static final CoordinationOrderOpened OPENED = new CoordinationOrderOpened("o-1", "XT20261130-000001", "site-a", "Asia/Shanghai",
            "IN_UNIT_SAME_DAY", OPENED_AT, "tech-1", OPENED_AT.plus(Duration.ofDays(7)), "2026-12", local("2027-01-01T00:00:00"), OPENED_AT);

    final AggregateFixture<CoordinationOrder, CoordinationEvent> fixture =
            AggregateFixture.forAggregate(CoordinationOrder::new, CoordinationOrder::apply);

    static TrackingEntryRecorded entry(int n, Instant at) {
        return new TrackingEntryRecorded(n, (n - 1) / 10 + 1, at, "3栋1202", "李四", "13900001111", "厂家配件未到", "业主同意等待",
                "周五再联系厂家", "tech-1", null, at.plus(Duration.ofDays(7)), at);
    }

    @Test
    void openingSetsTheFirstWeekAndTheFirstFullCheckMonth() {
        fixture.given().when(c -> c.open("o-1", "XT20261130-000001", "site-a", "Asia/Shanghai", "IN_UNIT_SAME_DAY", OPENED_AT, "tech-1", OPENED_AT))
                .thenEmits(OPENED);
        fixture.given(OPENED).when(c -> c.open("o-1", "XT2", "site-a", "Asia/Shanghai", "IN_UNIT_SAME_DAY", OPENED_AT, "tech-1", OPENED_AT))
                .thenEmitsNothing();
    }

    @Test
    void everyEntryNeedsAllItsPartsAndNumbersItsPage() {
        Instant at = OPENED_AT.plus(Duration.ofDays(1));
        fixture.given(OPENED)
                .when(c -> c.recordEntry(at, "3栋1202", "李四", "13900001111", "厂家配件未到", " ", "周五再联系厂家", "tech-1", null, at))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("opinions");
        fixture.given(OPENED)
                .when(c -> c.recordEntry(at, "3栋1202", "李四", "13900001111", "厂家配件未到", "业主同意等待", "周五再联系厂家", "tech-1", null, at))
                .thenEmits(entry(1, at));
        List<CoordinationEvent> ten = new ArrayList<>(List.of(OPENED));
        for (int i = 1; i <= 10; i++) {
            ten.add(entry(i, at));
        }
        fixture.given(ten.toArray(CoordinationEvent[]::new))
                .when(c -> c.recordEntry(at, "物业中心", "李四", "电话", "更正:配件已到", "满意", "明天上门", "tech-1", 3, at))
                .thenEmitsMatching(e -> {
                    TrackingEntryRecorded r = (TrackingEntryRecorded) e.get(0);
                    assertThat(r.entryNumber()).isEqualTo(11);
                    assertThat(r.page()).isEqualTo(2); // 续页
                    assertThat(r.correctsEntry()).isEqualTo(3);
                });
        fixture.given(OPENED).when(c -> c.recordEntry(at, "x", "x", "x", "x", "x", "x", "tech-1", 1, at))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("correctsEntry");
    }

    @Test
    void aContactMethodWrittenAsAPhoneNumberIsKeptInCanonicalFormAndMustBeOne() {
        Instant at = OPENED_AT.plus(Duration.ofDays(1));
        // given pasted with direction marks, typed in full width, or with an extension
        fixture.given(OPENED)
                .when(c -> c.recordEntry(at, "3栋1202", "李四", "\u202D139-0000-1111\u202C", "厂家配件未到", "业主同意等待", "周五再联系厂家", "tech-1", null, at))
                .thenEmits(entry(1, at));
        fixture.given(OPENED)
                .when(c -> c.recordEntry(at, "3栋1202", "李四", "０２８－８７６５４３２１　转　８０１２", "x", "x", "x", "tech-1", null, at))
                .thenEmitsMatching(e -> assertThat(((TrackingEntryRecorded) e.get(0)).contactMethod()).isEqualTo("028-87654321转8012"));
        // a number that is not one is refused, saying why
        fixture.given(OPENED)
                .when(c -> c.recordEntry(at, "3栋1202", "李四", "139 0000 111", "x", "x", "x", "tech-1", null, at))
                .thenRejectedWith(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).field()).isEqualTo("contactMethod"))
                .hasMessage("an 11-digit mobile starting with 1 expected: got 10 digits");
        // other contact methods are kept as written
        fixture.given(OPENED)
                .when(c -> c.recordEntry(at, "3栋1202", "李四", " 微信 li-si\u200B ", "x", "x", "x", "tech-1", null, at))
                .thenEmitsMatching(e -> assertThat(((TrackingEntryRecorded) e.get(0)).contactMethod()).isEqualTo("微信 li-si"));
    }

    @Test
    void sevenDaysWithoutAnEntryIsOverdueExactlyAtTheBoundary() {
        Instant first = OPENED_AT.plus(Duration.ofDays(1));
        Instant due = first.plus(Duration.ofDays(7));
        fixture.given(OPENED, entry(1, first)).when(c -> c.cadenceDue("WEEKLY_ENTRY", due.minusMillis(1))).thenEmitsNothing();
        fixture.given(OPENED, entry(1, first)).when(c -> c.cadenceDue("WEEKLY_ENTRY", due))
                .thenEmits(new TrackingEntryOverdue(due, due.plus(Duration.ofDays(7))));
        // the second entry one second before the boundary moves the deadline: the old one means nothing
        fixture.given(OPENED, entry(1, first), entry(2, due.minusSeconds(1))).when(c -> c.cadenceDue("WEEKLY_ENTRY", due))
                .thenEmitsNothing();
    }

    @Test
    void aMonthWithTheFirstLeaderCheckOnTheFirstAndNoneAfterIsOverdueAtItsEnd() {
        Instant monthEnd = local("2027-01-01T00:00:00");
        CheckSignedOff leaderOnFirst = new CheckSignedOff(Cadence.LEADER_CHECK, "leader-1", "已督促", local("2026-12-01T09:00:00"));
        CheckSignedOff supervisor = new CheckSignedOff(Cadence.SUPERVISOR_CHECK, "sup-1", "已检查", local("2026-12-15T09:00:00"));
        fixture.given(OPENED, leaderOnFirst, supervisor).when(c -> c.cadenceDue("CHECKS", monthEnd))
                .thenEmits(new CheckOverdue(Cadence.LEADER_CHECK, "2026-12", 2, 1, monthEnd),
                        new CheckMonthClosed("2026-12", 1, 1, "2027-01", local("2027-02-01T00:00:00")));
    }

    @Test
    void twoLeaderChecksAndOneSupervisorCheckKeepTheMonthClean() {
        Instant monthEnd = local("2027-01-01T00:00:00");
        fixture.given(OPENED,
                        new CheckSignedOff(Cadence.LEADER_CHECK, "leader-1", "a", local("2026-12-01T09:00:00")),
                        new CheckSignedOff(Cadence.LEADER_CHECK, "leader-1", "b", local("2026-12-31T23:59:59")),
                        new CheckSignedOff(Cadence.SUPERVISOR_CHECK, "sup-1", "c", local("2026-12-20T09:00:00")))
                .when(c -> c.cadenceDue("CHECKS", monthEnd))
                .thenEmits(new CheckMonthClosed("2026-12", 2, 1, "2027-01", local("2027-02-01T00:00:00")));
    }

    @Test
    void checksInTheOpeningMonthDoNotCountForTheFirstFullMonth() {
        Instant monthEnd = local("2027-01-01T00:00:00");
        fixture.given(OPENED, new CheckSignedOff(Cadence.LEADER_CHECK, "leader-1", "a", local("2026-11-30T10:00:00")),
                        new CheckSignedOff(Cadence.LEADER_CHECK, "leader-1", "b", local("2026-12-02T10:00:00")),
                        new CheckSignedOff(Cadence.SUPERVISOR_CHECK, "sup-1", "c", local("2026-12-02T10:00:00")))
                .when(c -> c.cadenceDue("CHECKS", monthEnd))
                .thenEmitsMatching(e -> assertThat(e.get(0)).isEqualTo(new CheckOverdue(Cadence.LEADER_CHECK, "2026-12", 2, 1, monthEnd)));
    }

    @Test
    void anExemptedCadenceRaisesNothingButTheMonthStillCloses() {
        Instant due = OPENED.firstEntryDueAt();
        CadenceExempted weekly = new CadenceExempted(Cadence.WEEKLY_ENTRY, "业主出国三个月", "leader-1", OPENED_AT);
        fixture.given(OPENED, weekly).when(c -> c.cadenceDue("WEEKLY_ENTRY", due)).thenEmitsNothing();
        Instant monthEnd = local("2027-01-01T00:00:00");
        fixture.given(OPENED, new CadenceExempted(Cadence.LEADER_CHECK, "班长休假,主管代查", "sup-1", OPENED_AT),
                        new CadenceExempted(Cadence.SUPERVISOR_CHECK, "特殊情况", "sup-1", OPENED_AT))
                .when(c -> c.cadenceDue("CHECKS", monthEnd))
                .thenEmits(new CheckMonthClosed("2026-12", 0, 0, "2027-01", local("2027-02-01T00:00:00")));
        fixture.given(OPENED).when(c -> c.exempt(Cadence.WEEKLY_ENTRY, "", "leader-1", OPENED_AT))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("reason");
    }

    @Test
    void resolutionNeedsEntriesAndBothSignaturesAndArchivingFollowsIt() {
        Instant at = OPENED_AT.plus(Duration.ofDays(3));
        fixture.given(OPENED).when(c -> c.resolve("已修复", "sig-owner", "sig-tech", at))
                .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("track-before-resolving");
        fixture.given(OPENED, entry(1, at)).when(c -> c.resolve("已修复", "", "sig-tech", at))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("customerSignatureRef");
        fixture.given(OPENED, entry(1, at)).when(c -> c.archive("leader-1", at))
                .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("archive-after-resolution");
        CoordinationResolved resolved = new CoordinationResolved("已修复", "sig-owner", "sig-tech", local("2026-12-04T00:00:00"), at);
        fixture.given(OPENED, entry(1, at)).when(c -> c.resolve("已修复", "sig-owner", "sig-tech", at)).thenEmits(resolved);
        fixture.given(OPENED, entry(1, at), resolved).when(c -> c.archive("leader-1", at))
                .thenEmits(new CoordinationArchived("leader-1", at));
        fixture.given(OPENED, entry(1, at), resolved).when(c -> c.recordEntry(at, "x", "x", "x", "x", "x", "x", "t", null, at))
                .thenRejectedWith(RuleViolation.class).extracting("currentState").isEqualTo("RESOLVED");
        fixture.given(OPENED, entry(1, at), resolved).when(c -> c.cadenceDue("WEEKLY_ENTRY", at.plus(Duration.ofDays(7))))
                .thenEmitsNothing();
    }

    /** 当日: a resolved coordination order not archived by the end of its resolution day is overdue, once. */
    @Test
    void theArchiveIsDueByTheEndOfTheResolutionDay() {
        Instant at = local("2026-12-03T15:00:00");
        Instant endOfDay = local("2026-12-04T00:00:00");
        CoordinationResolved resolved = new CoordinationResolved("已修复", "sig-owner", "sig-tech", endOfDay, at);
        fixture.given(OPENED, entry(1, at)).when(c -> c.resolve("已修复", "sig-owner", "sig-tech", at)).thenEmits(resolved);
        assertThat(fixture.given(OPENED, entry(1, at), resolved).state().pendingDeadlines()).containsOnlyKeys(CoordinationOrder.ARCHIVE);
        fixture.given(OPENED, entry(1, at), resolved).when(c -> c.cadenceDue(CoordinationOrder.ARCHIVE, endOfDay.minusSeconds(1)))
                .thenEmitsNothing();
        fixture.given(OPENED, entry(1, at), resolved).when(c -> c.cadenceDue(CoordinationOrder.ARCHIVE, endOfDay))
                .thenEmits(new CoordinationArchiveOverdue(endOfDay, endOfDay));
        assertThat(fixture.given(OPENED, entry(1, at), resolved, new CoordinationArchiveOverdue(endOfDay, endOfDay)).state()
                .pendingDeadlines()).isEmpty();
        assertThat(fixture.given(OPENED, entry(1, at), resolved, new CoordinationArchived("leader-1", at)).state()
                .pendingDeadlines()).isEmpty();
    }

    /** Weeks missed while the service was down are raised one by one, each at its own due time. */
    @Test
    void missedWeeksAreRaisedInDueOrderEachJudgedAtItsOwnDueTime() {
        Instant first = OPENED_AT.plus(Duration.ofDays(1));
        Instant late = first.plus(Duration.ofDays(30)); // the scheduler comes back 30 days on
        List<CoordinationEvent> history = new ArrayList<>(List.of(OPENED, entry(1, first)));
        List<Instant> raised = new ArrayList<>();
        for (int week = 1; week <= 5; week++) {
            var when = fixture.given(history.toArray(CoordinationEvent[]::new)).when(c -> c.cadenceDue("WEEKLY_ENTRY", late));
            List<CoordinationEvent> events = new ArrayList<>();
            when.thenEmitsMatching(events::addAll);
            if (events.isEmpty()) {
                break;
            }
            raised.add(((TrackingEntryOverdue) events.get(0)).dueAt());
            history.addAll(events);
        }
        assertThat(raised).containsExactly(first.plus(Duration.ofDays(7)), first.plus(Duration.ofDays(14)),
                first.plus(Duration.ofDays(21)), first.plus(Duration.ofDays(28)));
    }

    /** The first instant of a month belongs to that month: a check signed at 00:00:00 on the 1st counts for the new month. */
    @Test
    void aCheckAtTheFirstInstantOfAMonthCountsForThatMonth() {
        Instant monthEnd = local("2027-01-01T00:00:00");
        CheckSignedOff atBoundary = new CheckSignedOff(Cadence.SUPERVISOR_CHECK, "sup-1", null, monthEnd);
        CheckSignedOff before = new CheckSignedOff(Cadence.SUPERVISOR_CHECK, "sup-1", null, monthEnd.minusSeconds(1));
        fixture.given(OPENED, atBoundary).when(c -> c.cadenceDue("CHECKS", monthEnd))
                .thenEmitsMatching(e -> assertThat(e).filteredOn(CheckOverdue.class::isInstance)
                        .extracting(x -> ((CheckOverdue) x).cadence()).contains(Cadence.SUPERVISOR_CHECK));
        fixture.given(OPENED, before).when(c -> c.cadenceDue("CHECKS", monthEnd))
                .thenEmitsMatching(e -> assertThat(e).filteredOn(CheckOverdue.class::isInstance)
                        .extracting(x -> ((CheckOverdue) x).cadence()).doesNotContain(Cadence.SUPERVISOR_CHECK));
        // the boundary check, signed before December was closed, is January's: January is not overdue for it
        List<CoordinationEvent> december = new ArrayList<>();
        fixture.given(OPENED, atBoundary).when(c -> c.cadenceDue("CHECKS", monthEnd)).thenEmitsMatching(december::addAll);
        List<CoordinationEvent> history = new ArrayList<>(List.of(OPENED, atBoundary));
        history.addAll(december);
        Instant januaryEnd = local("2027-02-01T00:00:00");
        fixture.given(history.toArray(CoordinationEvent[]::new)).when(c -> c.cadenceDue("CHECKS", januaryEnd))
                .thenEmitsMatching(e -> assertThat(e).filteredOn(CheckOverdue.class::isInstance)
                        .extracting(x -> ((CheckOverdue) x).cadence()).containsExactly(Cadence.LEADER_CHECK));
    }
}
