package io.mayfly.lambda.local.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    private static final List<String> POOL = names(20);

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnother() {
        FaultPlan a = busyPlan(7);
        FaultPlan b = busyPlan(7);
        FaultPlan c = busyPlan(8);

        assertThat(a.faults()).isNotEmpty().isEqualTo(b.faults());
        assertThat(c.faults()).isNotEqualTo(a.faults());
        assertThat(a.faults()).isSortedAccordingTo(java.util.Comparator.comparing(PlannedFault::at));
    }

    @Test
    void reclaimsPerInstanceSlotFollowThePoissonRate() {
        double rate = 2.0;
        Duration length = Duration.ofHours(50);
        FaultPlan plan = FaultPlan.builder(42, length, POOL)
                .instanceSlots(1)
                .reclaimsPerInstanceHour(rate)
                .plan();

        double expected = rate * 50 * POOL.size();
        // Poisson: the standard deviation is the square root of the mean; 4 of them is a 1-in-15,000 miss.
        assertThat((double) plan.count(FaultKind.RECLAIM)).isCloseTo(expected, within(4 * Math.sqrt(expected)));
        // Gaps within one slot are exponential: their mean is 1/rate and their deviation as large.
        List<Double> gapsHours = new ArrayList<>();
        for (String function : POOL) {
            double last = 0;
            for (PlannedFault f : plan.faults()) {
                if (f.function().equals(function)) {
                    double at = f.at().toNanos() / 3_600e9;
                    gapsHours.add(at - last);
                    last = at;
                }
            }
        }
        double mean =
                gapsHours.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double variance = gapsHours.stream()
                .mapToDouble(g -> (g - mean) * (g - mean))
                .average()
                .orElseThrow();
        assertThat(mean).isCloseTo(1 / rate, within(0.05));
        assertThat(Math.sqrt(variance)).isCloseTo(1 / rate, within(0.07));
    }

    @Test
    void everyInstanceSlotIsReclaimedAtTheRateOnItsOwn() {
        FaultPlan plan = FaultPlan.builder(3, Duration.ofHours(100), names(5))
                .instanceSlots(2)
                .reclaimsPerInstanceHour(1)
                .plan();
        for (int slot = 0; slot < 2; slot++) {
            int s = slot;
            long count = plan.faults().stream().filter(f -> f.slot() == s).count();
            assertThat((double) count).isCloseTo(500, within(4 * Math.sqrt(500)));
        }
    }

    @Test
    void poolWideFaultsAndProxyRestartsArePlannedAsAsked() {
        FaultPlan plan = FaultPlan.builder(1, Duration.ofHours(200), POOL)
                .midInvocationKillsPerHour(1)
                .stragglers(2, Duration.ofSeconds(45))
                .connectionDropsPerHour(3)
                .proxyRestartAt(Duration.ofMinutes(90))
                .plan();

        assertThat((double) plan.count(FaultKind.KILL_MID_INVOCATION)).isCloseTo(200, within(4 * Math.sqrt(200)));
        assertThat((double) plan.count(FaultKind.STRAGGLE)).isCloseTo(400, within(4 * Math.sqrt(400)));
        assertThat((double) plan.count(FaultKind.DROP_CONNECTION)).isCloseTo(600, within(4 * Math.sqrt(600)));
        assertThat(plan.faults())
                .filteredOn(f -> f.kind() == FaultKind.STRAGGLE)
                .allSatisfy(f -> assertThat(f.hold()).isEqualTo(Duration.ofSeconds(45)));
        assertThat(plan.faults())
                .filteredOn(f -> f.kind() == FaultKind.DROP_CONNECTION)
                .allSatisfy(f -> assertThat(POOL).contains(f.function()));
        assertThat(plan.faults())
                .filteredOn(f -> f.kind() == FaultKind.RESTART_PROXY)
                .singleElement()
                .satisfies(f -> assertThat(f.at()).isEqualTo(Duration.ofMinutes(90)));
        assertThat(plan.count(FaultKind.RECLAIM)).isZero();
    }

    @Test
    void addingAKindOfFaultLeavesTheReclaimsAsTheyWere() {
        FaultPlan reclaimsOnly = FaultPlan.builder(9, Duration.ofHours(5), POOL)
                .reclaimsPerInstanceHour(1)
                .plan();
        FaultPlan more = FaultPlan.builder(9, Duration.ofHours(5), POOL)
                .reclaimsPerInstanceHour(1)
                .stragglers(4, Duration.ofSeconds(10))
                .plan();

        assertThat(more.faults())
                .filteredOn(f -> f.kind() == FaultKind.RECLAIM)
                .containsExactlyElementsOf(reclaimsOnly.faults());
    }

    @Test
    void badSpecsAreRefusedWithTheValueAndTheRule() {
        assertThatThrownBy(() -> FaultPlan.builder(1, Duration.ofHours(1), POOL)
                        .reclaimsPerInstanceHour(-1)
                        .plan())
                .hasMessageContaining("reclaims per instance-hour -1.0");
        assertThatThrownBy(() -> FaultPlan.builder(1, Duration.ZERO, POOL).plan())
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() ->
                        FaultPlan.builder(1, Duration.ofHours(1), List.of()).plan())
                .hasMessageContaining("at least one function");
        assertThatThrownBy(() -> FaultPlan.builder(1, Duration.ofHours(1), POOL)
                        .proxyRestartAt(Duration.ofHours(2))
                        .plan())
                .hasMessageContaining("outside the plan");
        assertThatThrownBy(() -> new SimulatedClock(0.5)).hasMessageContaining("at least 1");
    }

    @Test
    void theClockCompressesSimulatedTimeOntoTheWallClock() {
        long[] now = {1_000};
        SimulatedClock clock = new SimulatedClock(60, () -> now[0]);
        now[0] += Duration.ofSeconds(2).toNanos();

        assertThat(clock.now()).isEqualTo(Duration.ofMinutes(2));
        assertThat(clock.toWall(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(clock.toSimulated(Duration.ofSeconds(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(clock.wallNanosUntil(Duration.ofMinutes(3)))
                .isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    private static FaultPlan busyPlan(long seed) {
        return FaultPlan.builder(seed, Duration.ofHours(3), POOL)
                .reclaimsPerInstanceHour(1)
                .midInvocationKillsPerHour(2)
                .stragglers(2, Duration.ofSeconds(30))
                .connectionDropsPerHour(2)
                .proxyRestartAt(Duration.ofMinutes(30))
                .plan();
    }

    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("node-" + i);
        }
        return out;
    }
}
