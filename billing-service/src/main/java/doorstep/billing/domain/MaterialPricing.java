package doorstep.billing.domain;

import java.util.Optional;

import doorstep.platform.domain.InvalidValue;

/**
 * Materials not on the fee schedule: the warehouse inbound price plus a 30 % management fee,
 * to the jiao (如收费表中不含,则按入库价上浮30%(管理费)为准(精确到角)), rounded half up (四舍五入).
 */
public final class MaterialPricing {

    /** 30 % management fee. */
    public static final int MANAGEMENT_FEE_PERCENT = 30;

    private MaterialPricing() {
    }

    /**
     * What a material costs the owner per piece, and why.
     *
     * @param listedName the schedule's name for it, or null when it is priced from the warehouse
     */
    public record UnitPrice(long fen, String basis, String listedName) {
    }

    /**
     * A material's unit price: the schedule's, when the schedule lists it as a material; otherwise
     * the warehouse inbound price + 30 %.
     *
     * @param schedule   the schedule version that applies, or null when none does
     * @param code       the material's code, or null for a material without one
     * @param inboundFen the warehouse inbound unit price in fen, or null when the warehouse has none
     * @return empty when neither prices it
     */
    public static Optional<UnitPrice> unitPrice(FeeScheduleVersion schedule, String code, Long inboundFen) {
        Optional<FeeItem> listed = schedule == null || code == null ? Optional.empty()
                : schedule.item(code).filter(i -> i.category() == ItemCategory.MATERIAL);
        if (listed.isPresent()) {
            return Optional.of(new UnitPrice(listed.get().priceFen(), "schedule v" + schedule.version(), listed.get().name()));
        }
        if (inboundFen == null) {
            return Optional.empty();
        }
        long unit = unlistedUnitPriceFen(inboundFen);
        return Optional.of(new UnitPrice(unit, "inbound " + Yuan.format(inboundFen) + " + " + MANAGEMENT_FEE_PERCENT + "% → "
                + Yuan.format(unit), null));
    }

    /**
     * @param inboundFen the warehouse inbound unit price in fen
     * @return the unit price in fen: a whole number of jiao, within 5 fen of inbound × 1.3
     */
    public static long unlistedUnitPriceFen(long inboundFen) {
        if (inboundFen < 0) {
            throw new InvalidValue("inboundPriceFen", "cannot be negative");
        }
        // inbound × 130 % in tenths of a fen is inbound × 13; to jiao (100 tenths of a fen), half up.
        long jiao = Math.addExact(Math.multiplyExact(inboundFen, 100 + MANAGEMENT_FEE_PERCENT), 500) / 1000;
        return jiao * 10;
    }
}
