package doorstep.billing.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import doorstep.platform.domain.InvalidValue;

/**
 * The source document's charging rules (派工单的填写方法), as one pure function:
 * <ul>
 *   <li>Handling time is cut into 30-minute windows (a started window counts; at least one).</li>
 *   <li>In each window the <b>highest</b> applicable service standard is charged, never two: per-job
 *       items done in that window and every per-30-minutes item of the work compete
 *       (就高不就低,但不能重复计费). What is not charged is listed as absorbed, with what was charged instead.</li>
 *   <li>Materials are charged on top: the schedule's price, or the warehouse inbound price + 30 %
 *       to the jiao for materials not on the schedule.</li>
 * </ul>
 */
public final class ChargeCalculator {

    public static final long WINDOW_SECONDS = 30 * 60;

    private ChargeCalculator() {
    }

    /**
     * @param schedule       the schedule version cited by the accepted quote
     * @param inboundPrices  the warehouse inbound unit price (fen) by material code, for materials not on the schedule
     */
    public static ChargeBreakdown charge(FeeScheduleVersion schedule, WorkFacts work, Map<String, Long> inboundPrices) {
        long handling = work.handlingSeconds();
        int windows = (int) Math.max(1, (handling + WINDOW_SECONDS - 1) / WINDOW_SECONDS);

        List<List<Candidate>> perWindow = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            perWindow.add(new ArrayList<>());
        }
        for (WorkFacts.PerformedService s : work.services()) {
            FeeItem item = schedule.item(s.code())
                    .filter(i -> i.category() == ItemCategory.SERVICE)
                    .orElseThrow(() -> new InvalidValue("serviceItems", s.code() + " is not a service of fee schedule v" + schedule.version()));
            if (item.unit() == ItemUnit.PER_30_MINUTES) {
                for (List<Candidate> window : perWindow) { // time-based work is charged in every window of the handling time
                    window.add(new Candidate(item));
                }
            } else {
                int w = (int) Math.min(windows - 1, work.elapsedSecondsAt(s.performedAt()) / WINDOW_SECONDS);
                perWindow.get(w).add(new Candidate(item));
            }
        }

        List<ChargeBreakdown.Line> lines = new ArrayList<>();
        List<ChargeBreakdown.Absorbed> absorbed = new ArrayList<>();
        long total = 0;
        for (int w = 0; w < windows; w++) {
            List<Candidate> candidates = perWindow.get(w);
            if (candidates.isEmpty()) {
                continue;
            }
            // Highest price wins; ties go to the code first in order, so the result never depends on input order.
            candidates.sort(Comparator.comparingLong((Candidate c) -> -c.item().priceFen()).thenComparing(c -> c.item().code()));
            FeeItem charged = candidates.get(0).item();
            lines.add(new ChargeBreakdown.Line(ChargeBreakdown.LineKind.SERVICE, w + 1, charged.code(), charged.name(),
                    charged.unit(), 1, charged.priceFen(), charged.priceFen(), "schedule v" + schedule.version()));
            total += charged.priceFen();
            for (Candidate other : candidates.subList(1, candidates.size())) {
                absorbed.add(new ChargeBreakdown.Absorbed(other.item().code(), w + 1, other.item().priceFen(), charged.code()));
            }
        }

        for (WorkFacts.UsedMaterial m : work.materials()) {
            if (m.quantity() < 1) {
                throw new InvalidValue("materials", "quantity of " + m.name() + " must be at least 1");
            }
            MaterialPricing.UnitPrice price = MaterialPricing.unitPrice(schedule, m.code(), m.code() == null ? null : inboundPrices.get(m.code()))
                    .orElseThrow(() -> new InvalidValue("materials", m.name() + " is neither on the schedule nor priced by the warehouse"));
            long unit = price.fen();
            String basis = price.basis();
            long amount = Math.multiplyExact(unit, m.quantity());
            lines.add(new ChargeBreakdown.Line(ChargeBreakdown.LineKind.MATERIAL, 0, m.code(), m.name(), ItemUnit.PER_PIECE,
                    m.quantity(), unit, amount, basis));
            total += amount;
        }
        return new ChargeBreakdown(schedule.version(), handling, windows, lines, absorbed, total);
    }

    private record Candidate(FeeItem item) {
    }
}
