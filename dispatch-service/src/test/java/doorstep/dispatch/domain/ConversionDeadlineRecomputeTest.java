package doorstep.dispatch.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;

import doorstep.dispatch.domain.DispatchEvent.*;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

/** A calendar change moves a pending warranty deadline, visibly; nothing else. Test calendars, not real notices. */
class ConversionDeadlineRecomputeTest {

    static final ZoneId SH = ZoneId.of("Asia/Shanghai");
    /** Thursday 2031-01-09 15:00 in Shanghai. */
    static final Instant DISPATCHED = local("2031-01-09T15:00");
    static final WorkingCalendar BEFORE = new WorkingCalendar(Set.of(2031), Set.of(), Set.of());
    /** Friday 2031-01-10 corrected to a holiday. */
    static final WorkingCalendar AFTER = new WorkingCalendar(Set.of(2031), Set.of(LocalDate.parse("2031-01-10")), Set.of());

    static final DispatchOpened WARRANTY_ORDER = new DispatchOpened("o-1", "PG20310109-000001", "site-a", "Asia/Shanghai",
            LocationKind.IN_UNIT, "u-1", "3栋-1202", true, null, "质保期内: 卫生间渗水", "王", "13812345678", DISPATCHED.minusSeconds(600), null);
    static final TechnicianAssigned ASSIGNED = new TechnicianAssigned("tech-1", "张师傅", null, DISPATCHED, DISPATCHED.plusSeconds(900));
    static final ConversionDeadlineSet DUE_FRIDAY = new ConversionDeadlineSet(ConversionRule.WARRANTY_ONE_WORKING_DAY, local("2031-01-10T15:00"));

    final AggregateFixture<Dispatch, DispatchEvent> fixture = AggregateFixture.forAggregate(Dispatch::new, Dispatch::apply);

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(SH).toInstant();
    }

    @Test
    void theFirstDispatchComputesTheDeadlineFromTheCalendarInForce() {
        fixture.given(WARRANTY_ORDER)
                .when(d -> d.assign(DispatchTest.onDuty("tech-1", "张师傅"), DISPATCHED, BEFORE))
                .thenEmits(ASSIGNED, DUE_FRIDAY);
    }

    @Test
    void aHolidayCorrectionMovesThePendingDeadlineToTheNextWorkingDay() {
        fixture.given(WARRANTY_ORDER, ASSIGNED, DUE_FRIDAY)
                .when(d -> d.recomputeConversionDeadline(AFTER, "2031-01-10 corrected to HOLIDAY"))
                .thenEmits(new ConversionDeadlineMoved(ConversionRule.WARRANTY_ONE_WORKING_DAY, local("2031-01-10T15:00"),
                        local("2031-01-13T15:00"), "2031-01-10 corrected to HOLIDAY"));
    }

    @Test
    void theClockStillStartsAtTheFirstDispatchAfterAReassignment() {
        TechnicianAssigned reassigned = new TechnicianAssigned("tech-2", "李师傅", "tech-1", DISPATCHED.plusSeconds(3600),
                DISPATCHED.plusSeconds(4500));
        fixture.given(WARRANTY_ORDER, ASSIGNED, DUE_FRIDAY, reassigned)
                .when(d -> d.recomputeConversionDeadline(AFTER, "r"))
                .thenEmits(new ConversionDeadlineMoved(ConversionRule.WARRANTY_ONE_WORKING_DAY, local("2031-01-10T15:00"),
                        local("2031-01-13T15:00"), "r"));
    }

    @Test
    void aMovedDeadlineIsTheOneTheOrderKeepsAndRecomputesFrom() {
        ConversionDeadlineMoved moved = new ConversionDeadlineMoved(ConversionRule.WARRANTY_ONE_WORKING_DAY, local("2031-01-10T15:00"),
                local("2031-01-13T15:00"), "r");
        fixture.given(WARRANTY_ORDER, ASSIGNED, DUE_FRIDAY, moved)
                .when(d -> d.recomputeConversionDeadline(AFTER, "again"))
                .thenEmitsNothing();
    }

    @Test
    void nothingMovesWhenTheChangeDoesNotTouchTheDeadline() {
        fixture.given(WARRANTY_ORDER, ASSIGNED, DUE_FRIDAY)
                .when(d -> d.recomputeConversionDeadline(BEFORE, "r"))
                .thenEmitsNothing();
    }

    @Test
    void convertedExemptedOrCompletedOrdersKeepTheirRecord() {
        fixture.given(WARRANTY_ORDER, ASSIGNED, DUE_FRIDAY,
                        new ConvertedToCoordination(ConversionRule.WARRANTY_ONE_WORKING_DAY, local("2031-01-10T15:00"), local("2031-01-10T15:00")))
                .when(d -> d.recomputeConversionDeadline(AFTER, "r"))
                .thenEmitsNothing();
        fixture.given(WARRANTY_ORDER, ASSIGNED, DUE_FRIDAY, new ConversionExempted("leader-1", "特殊情况", DISPATCHED))
                .when(d -> d.recomputeConversionDeadline(AFTER, "r"))
                .thenEmitsNothing();
        fixture.given(WARRANTY_ORDER)
                .when(d -> d.recomputeConversionDeadline(AFTER, "r"))
                .thenEmitsNothing();
    }
}
