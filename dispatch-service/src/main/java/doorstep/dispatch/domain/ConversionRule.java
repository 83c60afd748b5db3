package doorstep.dispatch.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When an unfinished dispatch order becomes a coordination order (转协调单), from the source's
 * 单据处理: in-unit orders not completed on the day they were dispatched, public-area orders not
 * completed within three days, and warranty work (质保期内工程) not completed within one working day.
 */
public enum ConversionRule {

    /** 户内派工当天不能完成: due at the end of the dispatch day, site time (the next day's 00:00). */
    IN_UNIT_SAME_DAY {
        @Override
        Instant dueAt(Instant dispatchedAt, ZoneId zone, WorkingCalendar calendar) {
            return LocalDate.ofInstant(dispatchedAt, zone).plusDays(1).atStartOfDay(zone).toInstant();
        }
    },

    /** 公共区域三天未能完成: due three days (72 hours) after dispatch. */
    PUBLIC_AREA_THREE_DAYS {
        @Override
        Instant dueAt(Instant dispatchedAt, ZoneId zone, WorkingCalendar calendar) {
            return dispatchedAt.plus(Duration.ofDays(3));
        }
    },

    /**
     * 质保期内的工程,在一个工作日不能处理完成: due at the same time of day on the next working day;
     * dispatched on a day off, the working day begins on the next working day and is due at its end.
     */
    WARRANTY_ONE_WORKING_DAY {
        @Override
        Instant dueAt(Instant dispatchedAt, ZoneId zone, WorkingCalendar calendar) {
            ZonedDateTime local = dispatchedAt.atZone(zone);
            LocalDate day = local.toLocalDate();
            if (calendar.isWorkingDay(day)) {
                LocalDate next = calendar.nextWorkingDayAfter(day);
                return next.atTime(local.toLocalTime()).atZone(zone).toInstant();
            }
            LocalDate first = calendar.nextWorkingDayAfter(day);
            return first.plusDays(1).atStartOfDay(zone).toInstant();
        }
    };

    abstract Instant dueAt(Instant dispatchedAt, ZoneId zone, WorkingCalendar calendar);

    /** Warranty work follows its own rule wherever it is; otherwise the location decides. */
    public static ConversionRule forOrder(LocationKind location, boolean warranty) {
        if (warranty) {
            return WARRANTY_ONE_WORKING_DAY;
        }
        return location == LocationKind.IN_UNIT ? IN_UNIT_SAME_DAY : PUBLIC_AREA_THREE_DAYS;
    }

    /** The deadline for an order dispatched at {@code dispatchedAt}. */
    public Instant deadline(Instant dispatchedAt, ZoneId zone, WorkingCalendar calendar) {
        return dueAt(dispatchedAt, zone, calendar);
    }
}
