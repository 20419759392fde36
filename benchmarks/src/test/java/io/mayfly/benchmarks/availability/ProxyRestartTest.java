package io.mayfly.benchmarks.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Under a fault schedule with a proxy restart, no get ever returns wrong bytes. */
class ProxyRestartTest {

    @Test
    void underAFaultScheduleWithProxyRestartsNoGetEverReturnsWrongBytes() throws Exception {
        // One simulated hour in 12 s: reclaims, kills in mid-invocation, stragglers, dropped node
        // connections, and two proxy restarts.
        RunSpec spec = new RunSpec(
                Mechanisms.BOTH,
                2,
                1,
                300,
                6,
                3,
                2,
                256,
                new ReadWorkload.Shape(16, 16 * 1024, 2, 30, 11),
                3,
                4,
                Duration.ofSeconds(60),
                6,
                List.of(Duration.ofMinutes(20), Duration.ofMinutes(40)),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                1 << 20,
                Duration.ofMinutes(30));

        RunResult result = AvailabilityRun.run(spec, 3);

        assertThat(result.valuesWritten()).isEqualTo(16);
        assertThat(result.restarts()).isEqualTo(2);
        assertThat(result.reads()).isGreaterThan(50);
        assertThat(result.wrong()).as("reads that returned wrong bytes").isZero();
        // The restarted proxy rebuilds its index from the nodes, so most reads stay correct across
        // the restarts instead of turning into misses.
        assertThat(result.hours()).singleElement().satisfies(h -> {
            assertThat(h.correct()).isGreaterThan(h.misses());
            assertThat(h.faults().get("RESTART_PROXY")).isEqualTo(2);
            assertThat(h.invocations("serve")).isPositive();
        });
        assertThat(result.availability()).isBetween(0.0, 1.0);
        assertThat(result.correct()).isPositive();
    }
}
