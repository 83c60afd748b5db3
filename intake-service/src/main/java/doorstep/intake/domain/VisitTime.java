package doorstep.intake.domain;

import java.time.Instant;

import doorstep.platform.domain.Nullable;

/** When the technician should come (上门时间): as soon as possible, or at a time agreed with the reporter. */
public record VisitTime(boolean asSoonAsPossible, @Nullable Instant agreedAt) {

    public VisitTime {
        if (asSoonAsPossible == (agreedAt != null)) {
            throw new IllegalArgumentException("a visit time is either as soon as possible or agreed, not both");
        }
    }

    public static VisitTime asap() {
        return new VisitTime(true, null);
    }

    public static VisitTime agreed(Instant at) {
        return new VisitTime(false, at);
    }
}
