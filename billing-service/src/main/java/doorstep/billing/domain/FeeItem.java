package doorstep.billing.domain;

import doorstep.platform.domain.InvalidValue;

/** One line of the published fee schedule (特约服务收费标准), priced in fen. */
public record FeeItem(String code, String name, ItemCategory category, ItemUnit unit, long priceFen) {

    public FeeItem {
        if (code == null || !code.matches("[A-Z0-9][A-Z0-9-]{0,31}")) {
            throw new InvalidValue("code", "must be 1-32 upper-case letters, digits or dashes");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidValue("name", "is required");
        }
        if (category == null) {
            throw new InvalidValue("category", "is required");
        }
        if (unit == null) {
            throw new InvalidValue("unit", "is required");
        }
        if (category == ItemCategory.SERVICE && unit == ItemUnit.PER_PIECE) {
            throw new InvalidValue("unit", "a service is charged per job or per 30 minutes");
        }
        if (category == ItemCategory.MATERIAL && unit != ItemUnit.PER_PIECE) {
            throw new InvalidValue("unit", "a material is charged per piece");
        }
        if (priceFen < 0) {
            throw new InvalidValue("priceFen", "cannot be negative");
        }
    }
}
