package doorstep.billing.domain;

import java.util.List;

/**
 * A charge and its working: which line was charged in which 30-minute window, which items the
 * highest-rate rule absorbed and why, and each material's price basis. Amounts in fen.
 */
public record ChargeBreakdown(int scheduleVersion, long handlingSeconds, int windows, List<Line> lines,
                              List<Absorbed> absorbed, long totalFen) {

    public ChargeBreakdown {
        lines = List.copyOf(lines);
        absorbed = List.copyOf(absorbed);
    }

    public enum LineKind { SERVICE, MATERIAL }

    /**
     * @param window the 30-minute window (1-based) for a service line; 0 for materials
     * @param basis  how the unit price was found, e.g. {@code schedule v3} or {@code inbound 12.34 + 30% → 16.00}
     */
    public record Line(LineKind kind, int window, String code, String name, ItemUnit unit, int quantity, long unitPriceFen,
                       long amountFen, String basis) {
    }

    /** A service item not charged because a higher standard was charged in the same window (就高不就低,不能重复计费). */
    public record Absorbed(String code, int window, long priceFen, String chargedInstead) {
    }

    public long serviceLines(int window) {
        return lines.stream().filter(l -> l.kind() == LineKind.SERVICE && l.window() == window).count();
    }
}
