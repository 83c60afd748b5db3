package doorstep.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A short benchmark run inside the test command: it proves the benchmark works and every figure is
 * measured. No performance target is asserted here (the machine is shared and noisy); the full
 * run is {@code ./mvnw -B verify -Pbenchmark}.
 */
@Order(Integer.MAX_VALUE) // last of the system tests: it leaves seeded stores behind (junit-platform.properties)
class BenchmarkSmokeIT {

    @Test
    void theBenchmarkMeasuresEveryFigureAndWritesItsReport() throws Exception {
        int lifecycles = Integer.getInteger("doorstep.benchmark.lifecycles", 20);
        int users = Integer.getInteger("doorstep.benchmark.users", 4);
        int longStreamEntries = Integer.getInteger("doorstep.benchmark.longStreamEntries", 40);
        int runs = Integer.getInteger("doorstep.benchmark.runs", 1);
        Benchmark.Result r = new Benchmark(SystemStack.get(), longStreamEntries, runs).run(lifecycles, users);
        String report = Benchmark.report(r, lifecycles >= 1000 ? "Doorstep benchmark" : "Doorstep benchmark (smoke run)");
        Path file = Path.of("target", "benchmark-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println(report);

        assertThat(r.failures()).isZero();
        assertThat(r.commands()).isEqualTo((long) lifecycles / users * users * Benchmark.COMMANDS_PER_LIFECYCLE);
        assertThat(r.atFullLoad().samples()).isGreaterThanOrEqualTo((long) lifecycles / users * users);
        assertThat(r.atFullLoad().p50()).isGreaterThanOrEqualTo(0);
        assertThat(r.atHalfLoad().samples()).isGreaterThanOrEqualTo(lifecycles / 2);
        assertThat(r.halfLoadCommandsPerSecond()).isPositive();
        assertThat(r.readyMillis()).hasSize(4).allSatisfy((k, v) -> assertThat(v).as(k).isPositive());
        assertThat(r.rssMb()).hasSize(4).allSatisfy((k, v) -> assertThat(v).as(k).isPositive());
        assertThat(r.cpuMillisPerCommand()).containsKeys("dispatch", "load generator", "whole machine")
                .allSatisfy((k, v) -> assertThat(v).as(k).isGreaterThanOrEqualTo(0));
        assertThat(r.repeats()).hasSize(runs).allSatisfy(x -> assertThat(x.commandsPerSecond()).isPositive());
        assertThat(r.scaleOut().commands()).isEqualTo((long) lifecycles / users * users * Benchmark.COMMANDS_PER_LIFECYCLE);
        assertThat(r.scaleOut().commandsPerSecond()).isPositive();
        assertThat(r.scaleOut().latency().samples()).isGreaterThanOrEqualTo((long) lifecycles / users * users);
        assertThat(r.scaleOut().cpuMillisPerCommand()).containsKeys("dispatch", Benchmark.SECOND_DISPATCH);
        assertThat(r.longStream().longStreamEvents()).as("events in the long stream, as followup counts them")
                .isGreaterThan(longStreamEntries + r.longStream().samples());
        assertThat(r.longStream().newP50()).isPositive();
        assertThat(r.longStream().longP50()).isPositive();
        assertThat(r.history().storeEvents()).hasSize(4).allSatisfy((k, v) -> assertThat(v).as(k).isGreaterThanOrEqualTo(Benchmark.SEED_EVENTS));
        assertThat(r.history().rebuilds()).hasSizeGreaterThanOrEqualTo(9).allSatisfy((k, v) -> {
            assertThat(v.events()).as(k).isGreaterThanOrEqualTo(Benchmark.SEED_EVENTS);
            assertThat(v.eventsPerSecond()).as(k).isPositive();
        });
        assertThat(r.history().liveEqualsRebuilt()).hasSize(4).allSatisfy((k, v) -> assertThat(v).as(k).isTrue());
        assertThat(r.history().seededEqualsOnce()).hasSize(4).allSatisfy((k, v) -> assertThat(v).as(k).isTrue());
        assertThat(r.history().deskOrders()).isPositive();
        assertThat(r.bigStore().storeEvents()).containsKey("dispatch").allSatisfy((k, v) -> assertThat(v).as(k).isGreaterThanOrEqualTo(Benchmark.BIG_STORE_EVENTS));
        assertThat(r.bigStore().failures()).isZero();
        assertThat(r.bigStore().ratio()).isPositive();
        assertThat(r.kafkaRecordsPerSecond()).isPositive();
        assertThat(r.postgresInsertsPerSecond()).isPositive();
    }
}
