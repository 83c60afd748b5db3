package doorstep.dispatch.domain;

import java.time.Instant;

import doorstep.platform.domain.InvalidValue;

/** A service item of the fee schedule done during the work, with when it was done (for the 30-minute rule). */
public record PerformedItem(String code, Instant performedAt) {

    public PerformedItem {
        if (code == null || code.isBlank()) {
            throw new InvalidValue("code", "is required");
        }
        if (performedAt == null) {
            throw new InvalidValue("performedAt", "is required");
        }
    }
}
