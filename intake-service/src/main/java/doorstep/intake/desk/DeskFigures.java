package doorstep.intake.desk;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import doorstep.intake.desk.DeskEvents.PaymentRecorded;
import doorstep.intake.desk.DeskEvents.RefundIssued;
import doorstep.intake.desk.DeskView.Visit;

/**
 * The desk's dashboard for one site and period {@code [from, to)}, computed from the orders' events (D53). Each figure
 * counts what happened within the period, by the instant its service recorded it:
 *
 * @param reported                   orders reported in the period
 * @param arrivalOnTime              visits that met an arrival deadline in the period, and those on time (上门时限)
 * @param arrivalOnTimeFifteenMinutes the same for deadlines set by the 15-minute rule (15分钟内上门)
 * @param arrivalOnTimeAppointment    the same for deadlines set by a booked appointment (预约)
 * @param averageHandlingSeconds     mean handling time (处理时间) of the work completed in the period, null if none
 * @param conversion                 orders whose work ended in the period (completed or converted), and those converted
 *                                   to a coordination order (转协调单)
 * @param overdueCoordinationOrders  coordination orders of the site with a deadline overdue at {@code to}
 * @param averageRating              mean of the owners' ratings (1–5) given in the period, null if none
 * @param averageCallbackSatisfaction mean satisfaction (1–5) of the callbacks (回访) completed in the period, null if none
 * @param paidRevenueFen             payments received minus refunds issued in the period, in fen
 */
public record DeskFigures(String siteId, Instant from, Instant to, int reported, Rate arrivalOnTime, Rate arrivalOnTimeFifteenMinutes,
                          Rate arrivalOnTimeAppointment, Double averageHandlingSeconds, int completed, Rate conversion,
                          int overdueCoordinationOrders, Double averageRating, int ratings, Double averageCallbackSatisfaction,
                          int callbacks, long paidRevenueFen) {

    /** {@code hits} of {@code of}, and their ratio (null when {@code of} is 0). */
    public record Rate(int of, int hits, Double ratio) {
        static Rate of(int of, int hits) {
            return new Rate(of, hits, of == 0 ? null : (double) hits / of);
        }
    }

    private static final Set<DeadlineKind> COORDINATION_DEADLINES =
            Set.of(DeadlineKind.TRACKING_ENTRY, DeadlineKind.MONTHLY_CHECKS, DeadlineKind.COORDINATION_ARCHIVE);

    /**
     * @param eventsByOrder the events of the site's orders (any order; an order may hold events after {@code to}: they
     *                      are not counted)
     */
    public static DeskFigures compute(String siteId, Instant from, Instant to, Map<String, List<DeskFact>> eventsByOrder) {
        int reported = 0;
        int arrivals = 0, onTime = 0, fifteen = 0, fifteenOnTime = 0, appointments = 0, appointmentsOnTime = 0;
        long handlingTotal = 0;
        int completed = 0, ended = 0, converted = 0, overdueCoordination = 0;
        long ratingTotal = 0;
        int ratings = 0;
        long satisfactionTotal = 0;
        int callbacks = 0;
        long revenue = 0;
        for (Map.Entry<String, List<DeskFact>> order : eventsByOrder.entrySet()) {
            Instant lastInstant = to.minusNanos(1000); // the view as of the period's last microsecond (D38 precision)
            DeskView v = DeskFold.view(order.getKey(), order.getValue(), lastInstant);
            if (v == null || !siteId.equals(v.siteId())) {
                continue;
            }
            if (within(v.reportedAt(), from, to)) {
                reported++;
            }
            for (Visit visit : v.visits()) {
                if (visit.onTime() == null || !within(visit.startedAt(), from, to)) {
                    continue;
                }
                arrivals++;
                int hit = visit.onTime() ? 1 : 0;
                onTime += hit;
                if ("APPOINTMENT".equals(visit.arrivalBasis())) {
                    appointments++;
                    appointmentsOnTime += hit;
                } else {
                    fifteen++;
                    fifteenOnTime += hit;
                }
            }
            boolean completedHere = v.work() != null && within(v.work().completedAt(), from, to);
            if (completedHere) {
                completed++;
                handlingTotal += v.handlingSeconds();
            }
            boolean convertedHere = v.coordination() != null && within(v.coordination().convertedAt(), from, to);
            if (completedHere || convertedHere) {
                ended++;
                converted += convertedHere ? 1 : 0;
            }
            if (v.coordination() != null && v.deadlines().stream()
                    .anyMatch(d -> COORDINATION_DEADLINES.contains(d.kind()) && d.state() == DeadlineState.OVERDUE)) {
                overdueCoordination++;
            }
            if (v.acceptance() != null && v.acceptance().rating() != null && within(v.acceptance().at(), from, to)) {
                ratings++;
                ratingTotal += v.acceptance().rating();
            }
            if (v.callback() != null && "COMPLETED".equals(v.callback().state()) && within(v.callback().at(), from, to)) {
                callbacks++;
                satisfactionTotal += v.callback().satisfaction();
            }
            for (DeskFact f : order.getValue()) {
                if (f.event() instanceof PaymentRecorded p && within(p.at(), from, to)) {
                    revenue += p.amountFen();
                } else if (f.event() instanceof RefundIssued r && within(r.at(), from, to)) {
                    revenue -= r.amountFen();
                }
            }
        }
        return new DeskFigures(siteId, from, to, reported, Rate.of(arrivals, onTime), Rate.of(fifteen, fifteenOnTime),
                Rate.of(appointments, appointmentsOnTime), completed == 0 ? null : (double) handlingTotal / completed, completed,
                Rate.of(ended, converted), overdueCoordination, ratings == 0 ? null : (double) ratingTotal / ratings, ratings,
                callbacks == 0 ? null : (double) satisfactionTotal / callbacks, callbacks, revenue);
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return at != null && !at.isBefore(from) && at.isBefore(to);
    }
}
