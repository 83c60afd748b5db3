package doorstep.followup.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Kept 2 years (paid dispatch orders), 1 year (free ones), or permanently (coordination orders). */
public enum RecordKind {
    /** 有偿服务派工单保存时间2年. */
    PAID_DISPATCH_ORDER(2),
    /** 无偿服务派工单保存时间1年. */
    FREE_DISPATCH_ORDER(1),
    /** 协调单保存时间为长期保存. */
    COORDINATION_ORDER(0);

    private final int years;

    RecordKind(int years) {
        this.years = years;
    }

    /** An archived dispatch order's kind: paid (有偿) or free (无偿) service. */
    public static RecordKind ofDispatchOrder(boolean paid) {
        return paid ? PAID_DISPATCH_ORDER : FREE_DISPATCH_ORDER;
    }

    /** Counted in calendar years at the site from archiving; empty: permanent. */
    public Optional<Instant> retainUntil(Instant archivedAt, ZoneId zone) {
        return years == 0 ? Optional.empty() : Optional.of(archivedAt.atZone(zone).plusYears(years).toInstant());
    }
}
