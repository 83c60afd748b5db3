package doorstep.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The conversion deadlines at their boundaries, in the site's time zone. */
class ConversionRuleTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A calendar like 2026's National Day: Oct 1–7 off, Saturday Oct 10 a make-up working day. */
    static final WorkingCalendar NATIONAL_DAY = new WorkingCalendar(
            Set.of(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), LocalDate.parse("2026-10-05"),
                    LocalDate.parse("2026-10-06"), LocalDate.parse("2026-10-07")),
            Set.of(LocalDate.parse("2026-10-10")));

    static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    void inUnitOrdersAreDueAtTheEndOfTheDispatchDayLocalTime() {
        Instant due = ConversionRule.IN_UNIT_SAME_DAY.deadline(local("2026-11-30T23:59:59"), SHANGHAI, NATIONAL_DAY);
        assertThat(due).isEqualTo(local("2026-12-01T00:00:00"));
        // 23:59:59 is still the dispatch day: completing then is in time
        assertThat(local("2026-11-30T23:59:59")).isBefore(due);
        // dispatched just after midnight: the whole new day
        assertThat(ConversionRule.IN_UNIT_SAME_DAY.deadline(local("2026-12-01T00:00:00"), SHANGHAI, NATIONAL_DAY))
                .isEqualTo(local("2026-12-02T00:00:00"));
        // 16:30 UTC is already the next day in Shanghai
        assertThat(ConversionRule.IN_UNIT_SAME_DAY.deadline(Instant.parse("2026-11-30T16:30:00Z"), SHANGHAI, NATIONAL_DAY))
                .isEqualTo(local("2026-12-02T00:00:00"));
    }

    @Test
    void publicAreaOrdersHaveThreeDays() {
        assertThat(ConversionRule.PUBLIC_AREA_THREE_DAYS.deadline(local("2026-11-30T10:15:00"), SHANGHAI, NATIONAL_DAY))
                .isEqualTo(local("2026-12-03T10:15:00"));
    }

    @Test
    void warrantyWorkHasOneWorkingDayAcrossAHoliday() {
        // Wednesday Sep 30, the last working day before the holiday: due the next working day, Oct 8
        assertThat(ConversionRule.WARRANTY_ONE_WORKING_DAY.deadline(local("2026-09-30T15:00:00"), SHANGHAI, NATIONAL_DAY))
                .isEqualTo(local("2026-10-08T15:00:00"));
    }

    @Test
    void aMakeUpWorkingDayCountsAsAWorkingDay() {
        // Friday Oct 9 → Saturday Oct 10 is a make-up working day
        assertThat(ConversionRule.WARRANTY_ONE_WORKING_DAY.deadline(local("2026-10-09T09:00:00"), SHANGHAI, NATIONAL_DAY))
                .isEqualTo(local("2026-10-10T09:00:00"));
        // dispatched on Oct 10 itself (a working day): due Monday Oct 12
        assertThat(ConversionRule.WARRANTY_ONE_WORKING_DAY.deadline(local("2026-10-10T09:00:00"), SHANGHAI, NATIONAL_DAY))
                .isEqualTo(local("2026-10-12T09:00:00"));
    }

    @Test
    void warrantyWorkDispatchedOnADayOffHasAllOfTheNextWorkingDay() {
        // Saturday Oct 3 (holiday) → the first working day is Oct 8, due at its end
        assertThat(ConversionRule.WARRANTY_ONE_WORKING_DAY.deadline(local("2026-10-03T11:00:00"), SHANGHAI, NATIONAL_DAY))
                .isEqualTo(local("2026-10-09T00:00:00"));
    }

    @Test
    void warrantyDecidesOverLocation() {
        assertThat(ConversionRule.forOrder(LocationKind.IN_UNIT, true)).isEqualTo(ConversionRule.WARRANTY_ONE_WORKING_DAY);
        assertThat(ConversionRule.forOrder(LocationKind.PUBLIC_AREA, false)).isEqualTo(ConversionRule.PUBLIC_AREA_THREE_DAYS);
        assertThat(ConversionRule.forOrder(LocationKind.IN_UNIT, false)).isEqualTo(ConversionRule.IN_UNIT_SAME_DAY);
    }
}
