package doorstep.dispatch.domain;

import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.Nullable;

/** A material and how many: {@code code} is the fee schedule's or warehouse's code when there is one. */
public record MaterialLine(@Nullable String code, String name, int quantity) {

    public MaterialLine {
        if (name == null || name.isBlank()) {
            throw new InvalidValue("name", "is required");
        }
        if (quantity < 1) {
            throw new InvalidValue("quantity", "must be at least 1");
        }
    }
}
