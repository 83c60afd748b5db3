package doorstep.billing.domain;

import java.time.Instant;
import java.util.List;

/** The life of one fee schedule version (统一收费标准). Stream id {@code fee-schedule-v<N>}. */
public sealed interface FeeScheduleEvent {

    record FeeScheduleDrafted(int version, Instant effectiveFrom, List<FeeItem> items, String draftedBy) implements FeeScheduleEvent {
    }

    /** A draft's items or start date replaced as a whole, before activation. */
    record FeeScheduleRevised(int version, Instant effectiveFrom, List<FeeItem> items, String revisedBy) implements FeeScheduleEvent {
    }

    /** Published: from {@code effectiveFrom} on, quotes cite this version; it is never edited again. */
    record FeeScheduleActivated(int version, Instant effectiveFrom, Instant activatedAt, String activatedBy) implements FeeScheduleEvent {
    }
}
