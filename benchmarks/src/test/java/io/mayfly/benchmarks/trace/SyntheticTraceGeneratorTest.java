package io.mayfly.benchmarks.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyntheticTraceGeneratorTest {
    private static final SyntheticTraceSpec DEFAULTS = SyntheticTraceSpec.defaults();

    private static SyntheticTraceSpec withTotalBytes(long totalBytes, long seed) {
        SyntheticTraceSpec d = DEFAULTS;
        return new SyntheticTraceSpec(
                seed,
                d.traceHours(),
                totalBytes,
                d.minObjectBytes(),
                d.largeThresholdBytes(),
                d.maxObjectBytes(),
                d.largeObjectFraction(),
                d.largeBytesShare(),
                d.read10Fraction(),
                d.maxReads(),
                d.reuseWithinHourFraction(),
                d.hotReuseMeanMinutes(),
                d.coldReuseExtraMeanHours());
    }

    @Test
    void defaultTraceHasThePapersShape() {
        Trace trace = new SyntheticTraceGenerator(DEFAULTS).generate();
        TraceShape shape = TraceShape.of(trace, DEFAULTS.largeThresholdBytes());

        assertThat(shape.sizeDecades()).as("sizes span 9 orders of magnitude").isGreaterThanOrEqualTo(9);
        assertThat(shape.minObjectBytes()).isLessThan(10);
        assertThat(shape.maxObjectBytes()).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(shape.largeObjectFraction()).as("20% of objects are large").isCloseTo(0.20, within(0.02));
        assertThat(shape.largeBytesShare())
                .as("large objects hold ~95% of bytes")
                .isCloseTo(0.95, within(0.02));
        assertThat(shape.largeRead10Fraction())
                .as("over 30% of large objects read 10+ times")
                .isGreaterThan(0.30)
                .isLessThan(0.45);
        assertThat(shape.largeReuseWithinHour())
                .as("35-45% re-read within an hour")
                .isBetween(0.35, 0.45);
    }

    @Test
    void shapeHoldsAtLargerScaleAndOtherSeeds() {
        for (long seed : new long[] {2, 3, 4}) {
            Trace trace = new SyntheticTraceGenerator(withTotalBytes(16L << 30, seed)).generate();
            TraceShape shape = TraceShape.of(trace, DEFAULTS.largeThresholdBytes());
            assertThat(shape.sizeDecades()).isGreaterThanOrEqualTo(9);
            assertThat(shape.largeObjectFraction()).isCloseTo(0.20, within(0.01));
            assertThat(shape.largeBytesShare()).isCloseTo(0.95, within(0.01));
            assertThat(shape.largeRead10Fraction()).isGreaterThan(0.30);
            assertThat(shape.largeReuseWithinHour()).isBetween(0.35, 0.45);
        }
    }

    @Test
    void footprintFollowsTheTotalBytesCap() {
        Trace trace = new SyntheticTraceGenerator(DEFAULTS).generate();
        assertThat((double) trace.peakFootprintBytes())
                .isCloseTo(DEFAULTS.totalBytes(), within(0.15 * DEFAULTS.totalBytes()));
        assertThat(trace.maxObjectBytes()).isLessThanOrEqualTo(DEFAULTS.maxObjectBytes());
    }

    @Test
    void sameSeedSameTraceOtherSeedOtherTrace() {
        Trace a = new SyntheticTraceGenerator(DEFAULTS).generate();
        Trace b = new SyntheticTraceGenerator(DEFAULTS).generate();
        Trace c = new SyntheticTraceGenerator(withTotalBytes(DEFAULTS.totalBytes(), 99)).generate();
        assertThat(a.records()).isEqualTo(b.records());
        assertThat(a.records()).isNotEqualTo(c.records());
    }

    @Test
    void everyRequestFallsInsideTheTraceDurationInTimeOrder() {
        Trace trace = new SyntheticTraceGenerator(DEFAULTS).generate();
        assertThat(trace.duration()).isEqualTo(Duration.ofHours(50));
        long previous = 0;
        for (TraceRecord r : trace.records()) {
            assertThat(r.timestampMicros())
                    .isBetween(previous, Duration.ofHours(50).toNanos() / 1000);
            assertThat(r.operation()).isEqualTo(Operation.GET);
            previous = r.timestampMicros();
        }
    }

    @Test
    void paretoExponentIsSolvedForTheTargetMean() {
        SyntheticTraceGenerator generator = new SyntheticTraceGenerator(DEFAULTS);
        double la = Math.log(DEFAULTS.largeThresholdBytes());
        double lb = Math.log(DEFAULTS.maxObjectBytes());
        for (double mean : new double[] {20e6, 47e6, 90e6}) {
            double alpha = generator.paretoExponentForMean(mean);
            assertThat(SyntheticTraceGenerator.boundedParetoMean(alpha, la, lb)).isCloseTo(mean, within(mean * 1e-6));
        }
        // alpha = 1 on [a, b]: the mean is a ln(b/a) / (1 - a/b).
        double a = Math.exp(la);
        double b = Math.exp(lb);
        assertThat(SyntheticTraceGenerator.boundedParetoMean(1, la, lb))
                .isCloseTo(a * Math.log(b / a) / (1 - a / b), within(1.0));
        assertThat(SyntheticTraceGenerator.boundedParetoLogQuantile(0, 0.7, la, lb))
                .isCloseTo(la, within(1e-9));
        assertThat(SyntheticTraceGenerator.boundedParetoLogQuantile(1, 0.7, la, lb))
                .isCloseTo(lb, within(1e-9));
    }

    @Test
    void invalidKnobsAreRefusedWithTheirName() {
        SyntheticTraceSpec d = DEFAULTS;
        assertThatThrownBy(() -> new SyntheticTraceSpec(
                        1, 50, 1 << 30, 1, 10_000_000, 256 << 20, 1.5, 0.95, 0.35, 30, 0.4, 15, 3))
                .hasMessageContaining("large-object-fraction 1.5");
        assertThatThrownBy(() -> new SyntheticTraceSpec(
                        1, 20, 1 << 30, 1, 10_000_000, 256 << 20, 0.2, 0.95, 0.35, 30, 0.4, 15, 3))
                .hasMessageContaining("max-reads 30")
                .hasMessageContaining("trace-hours");
        assertThatThrownBy(() -> new SyntheticTraceSpec(
                        1, 50, 1 << 30, 20_000_000, 10_000_000, 256 << 20, 0.2, 0.95, 0.35, 30, 0.4, 15, 3))
                .hasMessageContaining("min-object-bytes");
        assertThat(d.parameters()).allSatisfy(p -> assertThat(p.source()).isNotBlank());
    }
}
