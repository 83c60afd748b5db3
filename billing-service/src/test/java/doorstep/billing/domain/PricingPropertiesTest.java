package doorstep.billing.domain;

import static doorstep.testing.Properties.between;
import static doorstep.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import doorstep.billing.domain.WorkFacts.Interval;
import doorstep.billing.domain.WorkFacts.PerformedService;
import doorstep.billing.domain.WorkFacts.UsedMaterial;
import org.junit.jupiter.api.Test;

/** The pricing invariants, over generated schedules and work (seeded, reproducible). */
class PricingPropertiesTest {

    static final Instant START = Instant.parse("2026-11-30T02:00:00Z");
    static final int TRIES = 2000;

    record Case(FeeScheduleVersion schedule, WorkFacts work, Map<String, Long> inbound) {
    }

    /** 1–6 services of random price and unit, a listed material, 1–3 visits, up to 8 services done, up to 3 materials. */
    static Case generate(Random r) {
        List<FeeItem> items = new ArrayList<>();
        int services = between(r, 1, 6);
        for (int i = 0; i < services; i++) {
            items.add(new FeeItem("S-" + i, "服务" + i, ItemCategory.SERVICE,
                    r.nextBoolean() ? ItemUnit.PER_JOB : ItemUnit.PER_30_MINUTES, between(r, 0L, 50_000L)));
        }
        items.add(new FeeItem("M-0", "材料", ItemCategory.MATERIAL, ItemUnit.PER_PIECE, 1500));
        List<Interval> visits = new ArrayList<>();
        Instant t = START;
        for (int v = between(r, 1, 3); v > 0; v--) {
            int minutes = between(r, 1, 150);
            visits.add(new Interval(t, t.plus(Duration.ofMinutes(minutes))));
            t = t.plus(Duration.ofMinutes(minutes + between(r, 0, 600)));
        }
        List<PerformedService> done = new ArrayList<>();
        for (int d = between(r, 0, 8); d > 0; d--) {
            done.add(new PerformedService("S-" + r.nextInt(services), START.plus(Duration.ofMinutes(between(r, 0, 900)))));
        }
        List<UsedMaterial> materials = new ArrayList<>();
        for (int m = between(r, 0, 3); m > 0; m--) {
            materials.add(r.nextBoolean() ? new UsedMaterial("M-0", "材料", between(r, 1, 5))
                    : new UsedMaterial("W-1", "库房材料", between(r, 1, 5)));
        }
        return new Case(new FeeScheduleVersion(1, START, items), new WorkFacts(done, materials, visits),
                Map.of("W-1", between(r, 0L, 100_000L)));
    }

    /** Every item at its full standard: per-job once each, per-30-minutes in every window, materials by quantity. */
    static long sumOfStandards(Case c, int windows) {
        long sum = 0;
        for (PerformedService s : c.work().services()) {
            FeeItem item = c.schedule().item(s.code()).orElseThrow();
            sum += item.unit() == ItemUnit.PER_30_MINUTES ? item.priceFen() * windows : item.priceFen();
        }
        for (UsedMaterial m : c.work().materials()) {
            long unit = m.code().equals("M-0") ? 1500 : MaterialPricing.unlistedUnitPriceFen(c.inbound().get("W-1"));
            sum += unit * m.quantity();
        }
        return sum;
    }

    static ChargeBreakdown charge(Case c) {
        return ChargeCalculator.charge(c.schedule(), c.work(), c.inbound());
    }

    @Test
    void theTotalNeverExceedsTheSumOfTheItemsStandards() {
        forAll(TRIES, PricingPropertiesTest::generate, c -> {
            ChargeBreakdown charge = charge(c);
            assertThat(charge.totalFen()).isLessThanOrEqualTo(sumOfStandards(c, charge.windows()));
            assertThat(charge.totalFen()).isEqualTo(charge.lines().stream().mapToLong(ChargeBreakdown.Line::amountFen).sum());
        });
    }

    @Test
    void addingAnItemNeverLowersTheCharge() {
        forAll(TRIES, r -> {
            Case c = generate(r);
            int services = c.schedule().items().size() - 1;
            return new Object[] {c, new PerformedService("S-" + r.nextInt(services), START.plus(Duration.ofMinutes(between(r, 0, 900))))};
        }, pair -> {
            Case c = (Case) pair[0];
            List<PerformedService> more = new ArrayList<>(c.work().services());
            more.add((PerformedService) pair[1]);
            Case bigger = new Case(c.schedule(), new WorkFacts(more, c.work().materials(), c.work().visits()), c.inbound());
            assertThat(charge(bigger).totalFen()).isGreaterThanOrEqualTo(charge(c).totalFen());
        });
    }

    @Test
    void noWindowEverChargesTwoServiceItemsAndTheOneChargedIsTheHighest() {
        forAll(TRIES, PricingPropertiesTest::generate, c -> {
            ChargeBreakdown charge = charge(c);
            for (int w = 1; w <= charge.windows(); w++) {
                assertThat(charge.serviceLines(w)).as("window " + w).isLessThanOrEqualTo(1);
            }
            for (ChargeBreakdown.Absorbed a : charge.absorbed()) {
                long charged = charge.lines().stream()
                        .filter(l -> l.window() == a.window() && l.kind() == ChargeBreakdown.LineKind.SERVICE)
                        .findFirst().orElseThrow().unitPriceFen();
                assertThat(charged).isGreaterThanOrEqualTo(a.priceFen());
            }
        });
    }

    @Test
    void theChargeDoesNotDependOnTheOrderItemsWereListedIn() {
        forAll(TRIES, PricingPropertiesTest::generate, c -> {
            List<PerformedService> reversed = new ArrayList<>(c.work().services());
            java.util.Collections.reverse(reversed);
            Case shuffled = new Case(c.schedule(), new WorkFacts(reversed, c.work().materials(), c.work().visits()), c.inbound());
            assertThat(charge(shuffled).totalFen()).isEqualTo(charge(c).totalFen());
        });
    }

    @Test
    void theManagementFeeLandsOnAWholeJiaoWithinFiveFenOfTheExactValue() {
        forAll(20_000, r -> between(r, 0L, 100_000_000L), inbound -> {
            long price = MaterialPricing.unlistedUnitPriceFen(inbound);
            assertThat(price % 10).isZero();
            // the exact value in tenths of a fen is inbound × 13: |price − inbound × 1.3| ≤ 5 fen
            assertThat(Math.abs(price * 10 - inbound * 13)).isLessThanOrEqualTo(50);
        });
    }
}
