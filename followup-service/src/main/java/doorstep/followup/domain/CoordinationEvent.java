package doorstep.followup.domain;

import java.time.Instant;

import doorstep.platform.domain.Nullable;
import doorstep.platform.domain.Personal;

/** The life of a coordination order (协调单). Stream id {@code <order id>/coordination}. */
public sealed interface CoordinationEvent {

    /** A dispatch order was not completed in time and is tracked here, by a designated tracker. */
    record CoordinationOrderOpened(String orderId, String coordinationNumber, String siteId, String siteTimeZone,
                                   String conversionRule, Instant convertedAt, @Nullable String trackerId,
                                   Instant firstEntryDueAt, String firstCheckMonth, Instant firstChecksDueAt, Instant at)
            implements CoordinationEvent {
    }

    record TrackerAssigned(String trackerId, String assignedBy, Instant at) implements CoordinationEvent {
    }

    /**
     * One step of tracking, with everything the source asks to write down. Never edited: a correction
     * is a new entry naming the entry it corrects. Entries fill numbered pages (续页) of a fixed size.
     * The contact person (联系人), the contact method (联系方式) and the opinions and attitude of those
     * involved (相关人员的意见、态度) are personal data (D48).
     */
    record TrackingEntryRecorded(int entryNumber, int page, Instant trackedAt, String place, @Personal String contactPerson,
                                 @Personal String contactMethod, String content, @Personal String opinions, String plan, String recordedBy,
                                 @Nullable Integer correctsEntry, Instant nextEntryDueAt, Instant at) implements CoordinationEvent {
    }

    /** Seven days passed without an entry. Raised once per missed week. */
    record TrackingEntryOverdue(Instant dueAt, Instant nextEntryDueAt) implements CoordinationEvent {
    }

    /** A team leader's or supervisor's check with sign-off (签字确认) and comment. */
    record CheckSignedOff(Cadence cadence, String checkerId, String comment, Instant at) implements CoordinationEvent {
    }

    /** A calendar month ended with too few checks of one kind. */
    record CheckOverdue(Cadence cadence, String month, int required, int found, Instant detectedAt) implements CoordinationEvent {
    }

    /** The month's checks were counted; the next month's count is due at {@code nextChecksDueAt}. */
    record CheckMonthClosed(String month, int leaderChecks, int supervisorChecks, String nextMonth, Instant nextChecksDueAt)
            implements CoordinationEvent {
    }

    /** A special case (特殊情况除外): a cadence is not enforced, for a reason, granted by someone. */
    record CadenceExempted(Cadence cadence, String reason, String grantedBy, Instant at) implements CoordinationEvent {
    }

    /**
     * Resolved; the team leader's archive is due by {@code archiveDueAt}, the end of the site-local day (当日).
     * The customer's and the tracker's signature references (客户签字, 跟踪人员签字) are personal data (D48).
     */
    record CoordinationResolved(String result, @Personal String customerSignatureRef, @Personal String trackerSignatureRef,
                                Instant archiveDueAt, Instant at) implements CoordinationEvent {
    }

    /** The resolved coordination order was not archived by the end of the day it was resolved. */
    record CoordinationArchiveOverdue(Instant dueAt, Instant detectedAt) implements CoordinationEvent {
    }

    /** 班长归档. */
    record CoordinationArchived(String archivedBy, Instant at) implements CoordinationEvent {
    }
}
