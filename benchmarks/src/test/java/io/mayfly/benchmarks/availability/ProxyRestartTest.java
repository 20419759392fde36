package io.mayfly.benchmarks.availability;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5's "under a fault schedule with a proxy restart, no get ever returns wrong bytes". */
class ProxyRestartTest {

    @Test
    void underAFaultScheduleWithProxyRestartsNoGetEverReturnsWrongBytes() throws Exception {
        RunSpec spec = new RunSpec(Mechanisms.BOTH, 6, 1, 600, 6, 3, 2, 256,
                new ReadWorkload.Shape(24, 16 * 1024, 2, 60, 11),
                6, 6, Duration.ofSeconds(60), 12, List.of(Duration.ofMinutes(20), Duration.ofMinutes(40)),
                Duration.ofMinutes(1), Duration.ofMinutes(5), 1 << 20, Duration.ofMinutes(30));

        RunResult result = AvailabilityRun.run(spec, 3);

        assertThat(result.valuesWritten()).isEqualTo(24);
        assertThat(result.restarts()).isEqualTo(2);
        assertThat(result.reads()).isGreaterThan(50);
        assertThat(result.wrong()).as("reads that returned wrong bytes").isZero();
        // The restarted proxy's index starts empty: earlier values are misses (then written again).
        assertThat(result.hours()).singleElement().satisfies(h -> {
            assertThat(h.misses()).isPositive();
            assertThat(h.rewrites()).isPositive();
            assertThat(h.faults().get("RESTART_PROXY")).isEqualTo(2);
            assertThat(h.invocations("serve")).isPositive();
        });
        assertThat(result.availability()).isBetween(0.0, 1.0);
        assertThat(result.correct()).isPositive();
    }
}
