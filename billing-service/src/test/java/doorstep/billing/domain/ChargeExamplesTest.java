package doorstep.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import doorstep.billing.domain.WorkFacts.Interval;
import doorstep.billing.domain.WorkFacts.PerformedService;
import doorstep.billing.domain.WorkFacts.UsedMaterial;
import doorstep.platform.domain.InvalidValue;
import org.junit.jupiter.api.Test;

/** The source document's examples, worked through. */
class ChargeExamplesTest {

    static final Instant ARRIVAL = Instant.parse("2026-11-30T02:00:00Z");
    static final FeeScheduleVersion V1 = new FeeScheduleVersion(1, Instant.parse("2026-01-01T00:00:00Z"), List.of(
            new FeeItem("S-BULB", "更换灯泡", ItemCategory.SERVICE, ItemUnit.PER_JOB, 500),
            new FeeItem("S-TOILET", "疏通马桶", ItemCategory.SERVICE, ItemUnit.PER_JOB, 3000),
            new FeeItem("S-LABOUR", "水电维修工时", ItemCategory.SERVICE, ItemUnit.PER_30_MINUTES, 4000),
            new FeeItem("M-BULB", "LED灯泡 9W", ItemCategory.MATERIAL, ItemUnit.PER_PIECE, 1500)));

    static WorkFacts work(List<PerformedService> services, List<UsedMaterial> materials, Duration handling) {
        return new WorkFacts(services, materials, List.of(new Interval(ARRIVAL, ARRIVAL.plus(handling))));
    }

    static PerformedService at(String code, int minutesIn) {
        return new PerformedService(code, ARRIVAL.plus(Duration.ofMinutes(minutesIn)));
    }

    @Test
    void aBulbAndABlockedToiletInOneWindowAreChargedAtTheHigherStandardOnly() {
        // "如在30分钟内客户要求更换一个灯泡和疏通马桶…就高不就低,但不能重复计费"
        ChargeBreakdown c = ChargeCalculator.charge(V1, work(List.of(at("S-BULB", 5), at("S-TOILET", 20)), List.of(),
                Duration.ofMinutes(28)), Map.of());
        assertThat(c.windows()).isEqualTo(1);
        assertThat(c.totalFen()).isEqualTo(3000);
        assertThat(c.lines()).singleElement().satisfies(l -> {
            assertThat(l.code()).isEqualTo("S-TOILET");
            assertThat(l.window()).isEqualTo(1);
        });
        assertThat(c.absorbed()).singleElement().isEqualTo(new ChargeBreakdown.Absorbed("S-BULB", 1, 500, "S-TOILET"));
    }

    @Test
    void inDifferentWindowsEachIsCharged() {
        ChargeBreakdown c = ChargeCalculator.charge(V1, work(List.of(at("S-BULB", 5), at("S-TOILET", 40)), List.of(),
                Duration.ofMinutes(45)), Map.of());
        assertThat(c.windows()).isEqualTo(2);
        assertThat(c.totalFen()).isEqualTo(3500);
        assertThat(c.absorbed()).isEmpty();
    }

    @Test
    void aFewMinutesOfWorkIsOneStartedWindow() {
        // "你们处理这个报事才几分钟为什么要收半个小时的费用?"
        ChargeBreakdown c = ChargeCalculator.charge(V1, work(List.of(at("S-LABOUR", 0)), List.of(), Duration.ofMinutes(4)), Map.of());
        assertThat(c.windows()).isEqualTo(1);
        assertThat(c.totalFen()).isEqualTo(4000);
    }

    @Test
    void timeBasedWorkCompetesWithJobsInEveryWindow() {
        // 61 minutes of labour at 40 yuan per 30 minutes = 3 windows; the toilet (30) loses to labour (40) in window 1
        ChargeBreakdown c = ChargeCalculator.charge(V1, work(List.of(at("S-LABOUR", 0), at("S-TOILET", 10)), List.of(),
                Duration.ofMinutes(61)), Map.of());
        assertThat(c.windows()).isEqualTo(3);
        assertThat(c.totalFen()).isEqualTo(3 * 4000);
        assertThat(c.absorbed()).extracting(ChargeBreakdown.Absorbed::code).containsExactly("S-TOILET");
    }

    @Test
    void windowsCountHandlingTimeAcrossVisitsNotTheHoursBetweenThem() {
        Instant secondVisit = ARRIVAL.plus(Duration.ofHours(5));
        WorkFacts twoVisits = new WorkFacts(
                List.of(at("S-BULB", 10), new PerformedService("S-TOILET", secondVisit.plus(Duration.ofMinutes(5)))),
                List.of(),
                List.of(new Interval(ARRIVAL, ARRIVAL.plus(Duration.ofMinutes(20))),
                        new Interval(secondVisit, secondVisit.plus(Duration.ofMinutes(8)))));
        ChargeBreakdown c = ChargeCalculator.charge(V1, twoVisits, Map.of());
        // 28 minutes of handling time: one window, so the bulb and the toilet are never both charged
        assertThat(c.handlingSeconds()).isEqualTo(28 * 60);
        assertThat(c.totalFen()).isEqualTo(3000);
    }

    @Test
    void materialsAreChargedOnTopAtTheScheduleOrTheInboundPricePlusThirtyPercent() {
        ChargeBreakdown c = ChargeCalculator.charge(V1, work(List.of(at("S-BULB", 1)),
                List.of(new UsedMaterial("M-BULB", "LED灯泡 9W", 2), new UsedMaterial("W-VALVE-15", "角阀 DN15", 1)),
                Duration.ofMinutes(10)), Map.of("W-VALVE-15", 1234L));
        // 12.34 × 1.3 = 16.042 → 16.0 yuan
        assertThat(c.lines()).extracting(ChargeBreakdown.Line::amountFen).containsExactly(500L, 3000L, 1600L);
        assertThat(c.lines().get(2).basis()).isEqualTo("inbound 12.34 + 30% → 16.00");
        assertThat(c.totalFen()).isEqualTo(500 + 3000 + 1600);
    }

    @Test
    void aMaterialNobodyPricedIsRefused() {
        assertThatThrownBy(() -> ChargeCalculator.charge(V1, work(List.of(), List.of(new UsedMaterial(null, "进口龙头", 1)),
                Duration.ofMinutes(5)), Map.of())).isInstanceOf(InvalidValue.class).hasMessageContaining("进口龙头");
    }

    @Test
    void theManagementFeeRoundsHalfUpToTheJiao() {
        assertThat(MaterialPricing.unlistedUnitPriceFen(1234)).isEqualTo(1600); // 16.042 → 16.0
        assertThat(MaterialPricing.unlistedUnitPriceFen(1235)).isEqualTo(1610); // 16.055 → 16.1 (half up)
        assertThat(MaterialPricing.unlistedUnitPriceFen(1000)).isEqualTo(1300);
        assertThat(MaterialPricing.unlistedUnitPriceFen(4)).isEqualTo(10);      // 0.052 → 0.1
        assertThat(MaterialPricing.unlistedUnitPriceFen(3)).isEqualTo(0);       // 0.039 → 0.0
    }
}
