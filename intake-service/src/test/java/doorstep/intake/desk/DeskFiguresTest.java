package doorstep.intake.desk;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import doorstep.intake.desk.DeskEvents.RefundIssued;
import org.junit.jupiter.api.Test;

/** The dashboard's figures equal figures computed by hand for a scripted set of orders (D53). */
class DeskFiguresTest {

    static final Instant T0 = Instant.parse("2026-11-02T01:00:00Z");
    static final String SITE = Lifecycles.SITE;

    /**
     * Five orders of the site and one of another site:
     * o-1 paid, on time (15-minute rule), 1800 s, rated 5, paid 50.00, called back 4;
     * o-2 late (15-minute rule), converted after three days, a tracking week missed;
     * o-3 cancelled;
     * o-4 on time twice (15-minute rule, then an appointment), 1321 s, free, verified without the owner;
     * o-6 as o-1 an hour later, then 10.00 refunded two days later;
     * o-5 as o-1 at another site (never counted).
     */
    static Map<String, List<DeskFact>> orders() {
        Map<String, List<DeskFact>> m = new LinkedHashMap<>();
        m.put("o-1", Lifecycles.paidOnTime("o-1", SITE, T0).facts());
        m.put("o-2", Lifecycles.converted("o-2", SITE, T0).facts());
        m.put("o-3", Lifecycles.cancelled("o-3", SITE, T0).facts());
        m.put("o-4", Lifecycles.appointment("o-4", SITE, T0).facts());
        Script refunded = Lifecycles.paidOnTime("o-6", SITE, T0.plus(ofHours(1)));
        refunded.after(ofDays(2));
        refunded.by("leader-1", new RefundIssued(1000, refunded.now()));
        m.put("o-6", refunded.facts());
        m.put("o-5", Lifecycles.paidOnTime("o-5", "another-site", T0).facts());
        return m;
    }

    @Test
    void aMonthsFiguresAreThoseComputedByHand() {
        DeskFigures f = DeskFigures.compute(SITE, T0, T0.plus(ofDays(30)), orders());

        assertThat(f.reported()).isEqualTo(5); // o-1, o-2, o-3, o-4, o-6
        assertThat(f.arrivalOnTime()).isEqualTo(new DeskFigures.Rate(5, 4, 0.8)); // o-1, o-2 late, o-4 twice, o-6
        assertThat(f.arrivalOnTimeFifteenMinutes()).isEqualTo(new DeskFigures.Rate(4, 3, 0.75));
        assertThat(f.arrivalOnTimeAppointment()).isEqualTo(new DeskFigures.Rate(1, 1, 1.0));
        assertThat(f.completed()).isEqualTo(3); // o-1, o-4, o-6
        assertThat(f.averageHandlingSeconds()).isCloseTo((1800 + 1321 + 1800) / 3.0, within(1e-9));
        assertThat(f.conversion()).isEqualTo(new DeskFigures.Rate(4, 1, 0.25)); // 3 completed + o-2 converted
        assertThat(f.overdueCoordinationOrders()).isEqualTo(1); // o-2's missed week
        assertThat(f.averageRating()).isEqualTo(5.0);
        assertThat(f.ratings()).isEqualTo(2);
        assertThat(f.averageCallbackSatisfaction()).isEqualTo(4.0);
        assertThat(f.callbacks()).isEqualTo(2);
        assertThat(f.paidRevenueFen()).isEqualTo(5000 + 5000 - 1000);
    }

    @Test
    void aLaterPeriodCountsOnlyWhatHappenedInIt() {
        DeskFigures f = DeskFigures.compute(SITE, T0.plus(ofDays(2)), T0.plus(ofDays(30)), orders());

        assertThat(f.reported()).isZero();
        assertThat(f.arrivalOnTime()).isEqualTo(new DeskFigures.Rate(0, 0, null));
        assertThat(f.completed()).isZero();
        assertThat(f.averageHandlingSeconds()).isNull();
        assertThat(f.conversion()).isEqualTo(new DeskFigures.Rate(1, 1, 1.0)); // o-2 converted on day 3
        assertThat(f.overdueCoordinationOrders()).isEqualTo(1);
        assertThat(f.averageRating()).isNull();
        assertThat(f.callbacks()).isZero();
        assertThat(f.paidRevenueFen()).isEqualTo(-1000); // only o-6's refund
    }

    @Test
    void aPeriodBeforeTheWeekWasMissedHasNoOverdueCoordinationOrder() {
        DeskFigures f = DeskFigures.compute(SITE, T0, T0.plus(ofDays(6)), orders());

        assertThat(f.overdueCoordinationOrders()).isZero(); // opened on day 3, first entry due on day 10
        assertThat(f.conversion().hits()).isEqualTo(1);
    }
}
