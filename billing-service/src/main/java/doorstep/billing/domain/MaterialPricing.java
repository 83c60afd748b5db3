package doorstep.billing.domain;

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
