package doorstep.intake.domain;

import java.util.Objects;

import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.Nullable;

/**
 * Where the problem is (户位): inside a unit (户内), named by the unit registry, or in a public
 * area (公共区域) of the site. The kind decides the conversion deadline later on (same day for
 * in-unit orders, three days for public areas).
 */
public record Location(Kind kind, @Nullable String unitId, @Nullable String unitLabel, @Nullable String publicArea) {

    public enum Kind { IN_UNIT, PUBLIC_AREA }

    public static final int MAX_PUBLIC_AREA = 200;

    public Location {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.IN_UNIT && (unitId == null || unitId.isBlank())) {
            throw new InvalidValue("unitId", "is required for an in-unit location");
        }
        if (kind == Kind.PUBLIC_AREA) {
            if (publicArea == null || publicArea.isBlank()) {
                throw new InvalidValue("publicArea", "is required for a public-area location");
            }
            if (publicArea.length() > MAX_PUBLIC_AREA) {
                throw new InvalidValue("publicArea", "is longer than " + MAX_PUBLIC_AREA + " characters");
            }
        }
    }

    public static Location inUnit(String unitId, String unitLabel) {
        return new Location(Kind.IN_UNIT, unitId, unitLabel, null);
    }

    public static Location publicArea(String description) {
        return new Location(Kind.PUBLIC_AREA, null, null, description == null ? null : description.strip());
    }
}
