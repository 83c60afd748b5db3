package doorstep.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import doorstep.dispatch.domain.CalendarEvent.CalendarDayCorrected;
import doorstep.dispatch.domain.CalendarEvent.CalendarYearPublished;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;
import doorstep.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

/** A year of the working calendar: published once, corrected a day at a time. Test data, not a real notice. */
class CalendarYearTest {

    static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");
    static final LocalDate NEW_YEAR = LocalDate.parse("2031-01-01"); // a Wednesday
    static final LocalDate SATURDAY = LocalDate.parse("2031-01-04");
    static final CalendarYearPublished PUBLISHED = new CalendarYearPublished(2031, List.of(NEW_YEAR, LocalDate.parse("2031-01-02")),
            List.of(SATURDAY), "test data", NOW);

    final AggregateFixture<CalendarYear, CalendarEvent> fixture = AggregateFixture.forAggregate(CalendarYear::new, CalendarYear::apply);

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void aYearIsPublishedWithItsDatesInOrder() {
        fixture.given()
                .when(y -> y.publish(2031, List.of(d("2031-01-02"), NEW_YEAR), List.of(SATURDAY), " test data ", NOW))
                .thenEmits(PUBLISHED);
    }

    @Test
    void aYearIsPublishedOnce() {
        fixture.given(PUBLISHED)
                .when(y -> y.publish(2031, List.of(), List.of(), "again", NOW))
                .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("publish-a-year-once");
    }

    @Test
    void everyDateLiesInTheYearAndIsEitherAHolidayOrAMakeUpWorkingDay() {
        fixture.given().when(y -> y.publish(2031, List.of(d("2030-12-31")), List.of(), "x", NOW))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("holidays");
        fixture.given().when(y -> y.publish(2031, List.of(SATURDAY), List.of(SATURDAY), "x", NOW))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("makeUpWorkingDays");
        fixture.given().when(y -> y.publish(2031, List.of(NEW_YEAR, NEW_YEAR), List.of(), "x", NOW))
                .thenRejectedWith(InvalidValue.class).hasMessageContaining("twice");
        fixture.given().when(y -> y.publish(2031, List.of(), List.of(), " ", NOW))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("source");
    }

    @Test
    void aMakeUpWorkingDayIsAWeekendDay() {
        fixture.given().when(y -> y.publish(2031, List.of(), List.of(d("2031-01-06")), "x", NOW)) // a Monday
                .thenRejectedWith(InvalidValue.class).hasMessageContaining("weekend");
        fixture.given(PUBLISHED).when(y -> y.correctDay(d("2031-01-06"), DayKind.MAKE_UP_WORKING_DAY, "r", NOW))
                .thenRejectedWith(InvalidValue.class).hasMessageContaining("weekend");
    }

    @Test
    void aDayIsCorrectedWithItsReasonAndWhatItWas() {
        LocalDate friday = d("2031-01-03");
        fixture.given(PUBLISHED)
                .when(y -> y.correctDay(friday, DayKind.HOLIDAY, "notice amended", NOW))
                .thenEmits(new CalendarDayCorrected(friday, DayKind.HOLIDAY, DayKind.REGULAR, "notice amended", NOW));
        CalendarYear after = fixture.given(PUBLISHED, new CalendarDayCorrected(NEW_YEAR, DayKind.REGULAR, DayKind.HOLIDAY, "typo", NOW)).state();
        assertThat(after.kindOf(NEW_YEAR)).isEqualTo(DayKind.REGULAR);
        assertThat(after.holidays()).containsExactly(d("2031-01-02"));
    }

    @Test
    void correctionsNeedAPublishedYearAReasonAndAChange() {
        fixture.given().when(y -> y.correctDay(NEW_YEAR, DayKind.REGULAR, "r", NOW))
                .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("publish-before-correcting");
        fixture.given(PUBLISHED).when(y -> y.correctDay(NEW_YEAR, DayKind.REGULAR, " ", NOW))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("reason");
        fixture.given(PUBLISHED).when(y -> y.correctDay(NEW_YEAR, DayKind.HOLIDAY, "r", NOW))
                .thenRejectedWith(RuleViolation.class).extracting("rule").isEqualTo("correct-to-a-different-kind");
        fixture.given(PUBLISHED).when(y -> y.correctDay(d("2032-01-01"), DayKind.HOLIDAY, "r", NOW))
                .thenRejectedWith(InvalidValue.class).extracting("field").isEqualTo("date");
    }

    @Test
    void fromTheFirstOfDecemberTheNextYearIsDue() {
        WorkingCalendar only2031 = new WorkingCalendar(java.util.Set.of(2031), java.util.Set.of(), java.util.Set.of());
        assertThat(only2031.coverage(d("2031-11-30")).nextYearMissing()).isFalse();
        assertThat(only2031.coverage(d("2031-12-01")).nextYearMissing()).isTrue();
        assertThat(only2031.coverage(d("2031-12-01")).currentYearMissing()).isFalse();
        assertThat(only2031.coverage(d("2032-01-01")).currentYearMissing()).isTrue();
        WorkingCalendar both = new WorkingCalendar(java.util.Set.of(2031, 2032), java.util.Set.of(), java.util.Set.of());
        assertThat(both.coverage(d("2031-12-31")).nextYearMissing()).isFalse();
    }
}
