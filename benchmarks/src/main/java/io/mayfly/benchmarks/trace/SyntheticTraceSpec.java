package io.mayfly.benchmarks.trace;

import java.util.List;
import java.util.Locale;

/**
 * The knobs of the synthetic trace, each with where its default comes from. The shape targets
 * the InfiniCache paper's (FAST '20, section 2 and Figure 1) IBM Docker registry trace (object
 * sizes and popularity skew); the scale knobs are ours, chosen so the default
 * run takes about two minutes and fits in memory.
 *
 * @param seed                     the random seed; the same spec and seed give the same trace
 * @param traceHours               real time the trace covers (paper: a 50-hour production trace)
 * @param totalBytes               the footprint to generate, all objects once (ours: memory cap)
 * @param minObjectBytes           the smallest object (ours: 1 B, so sizes span 9 decades)
 * @param largeThresholdBytes      objects above this are "large" (paper: "over 10 MB")
 * @param maxObjectBytes           the largest object (ours: 256 MiB memory cap; the paper's go higher)
 * @param largeObjectFraction      share of objects that are large (paper: 20%)
 * @param largeBytesShare          share of the footprint held by large objects (paper: about 95%)
 * @param read10Fraction           share of objects read 10 or more times (paper: over 30% of large ones)
 * @param maxReads                 most reads of one object (ours; the paper gives no tail)
 * @param reuseWithinHourFraction  share of re-read objects read again within an hour (paper: 35-45%)
 * @param hotReuseMeanMinutes      mean gap between reads of a within-the-hour object (ours)
 * @param coldReuseExtraMeanHours  mean gap beyond one hour between reads of the other objects (ours)
 */
public record SyntheticTraceSpec(
        long seed,
        double traceHours,
        long totalBytes,
        long minObjectBytes,
        long largeThresholdBytes,
        long maxObjectBytes,
        double largeObjectFraction,
        double largeBytesShare,
        double read10Fraction,
        int maxReads,
        double reuseWithinHourFraction,
        double hotReuseMeanMinutes,
        double coldReuseExtraMeanHours) {

    public static final long MIB = 1L << 20;

    /** The two-minute default: 50 hours of trace, 1 GiB of objects. */
    public static SyntheticTraceSpec defaults() {
        return new SyntheticTraceSpec(1, 50, 1024 * MIB, 1, 10_000_000, 256 * MIB, 0.20, 0.95, 0.35, 30, 0.40, 15, 3);
    }

    public SyntheticTraceSpec {
        requirePositive("trace-hours", traceHours);
        requirePositive("total-bytes", totalBytes);
        if (minObjectBytes < 1 || minObjectBytes >= largeThresholdBytes || largeThresholdBytes >= maxObjectBytes) {
            throw new IllegalArgumentException("object sizes must satisfy 1 <= min-object-bytes (" + minObjectBytes
                    + ") < large-threshold-bytes (" + largeThresholdBytes + ") < max-object-bytes ("
                    + maxObjectBytes + ")");
        }
        if (maxObjectBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max-object-bytes " + maxObjectBytes
                    + " exceeds the largest value the driver can replay (" + (Integer.MAX_VALUE - 8) + ")");
        }
        requireFraction("large-object-fraction", largeObjectFraction);
        requireFraction("large-bytes-share", largeBytesShare);
        requireFraction("read10-fraction", read10Fraction);
        requireFraction("reuse-within-hour-fraction", reuseWithinHourFraction);
        if (maxReads < 10) {
            throw new IllegalArgumentException(
                    "max-reads " + maxReads + " must be at least 10: some objects are read" + " 10 or more times");
        }
        // Objects not re-read within the hour wait at least an hour between reads.
        if (maxReads - 1 >= traceHours) {
            throw new IllegalArgumentException("max-reads " + maxReads + " needs a trace of more than " + (maxReads - 1)
                    + " hours (trace-hours is " + traceHours + "): lower max-reads or raise trace-hours");
        }
        requirePositive("hot-reuse-mean-minutes", hotReuseMeanMinutes);
        requirePositive("cold-reuse-extra-mean-hours", coldReuseExtraMeanHours);
    }

    /** One documented knob, for the report. */
    public record Parameter(String name, String value, String source) {}

    public List<Parameter> parameters() {
        return List.of(
                new Parameter("seed", Long.toString(seed), "ours; same seed, same trace"),
                new Parameter("trace-hours", fmt(traceHours), "paper: 50-hour IBM Docker registry trace"),
                new Parameter("total-bytes", Long.toString(totalBytes), "ours: scale cap so a run fits in memory"),
                new Parameter(
                        "min-object-bytes",
                        Long.toString(minObjectBytes),
                        "ours: with max-object-bytes, sizes span 9 orders of magnitude (paper)"),
                new Parameter("large-threshold-bytes", Long.toString(largeThresholdBytes), "paper: large = over 10 MB"),
                new Parameter(
                        "max-object-bytes",
                        Long.toString(maxObjectBytes),
                        "ours: memory cap; the paper's trace holds larger objects"),
                new Parameter("large-object-fraction", fmt(largeObjectFraction), "paper: 20% of objects are large"),
                new Parameter("large-bytes-share", fmt(largeBytesShare), "paper: large objects hold ~95% of bytes"),
                new Parameter(
                        "read10-fraction", fmt(read10Fraction), "paper: over 30% of large objects read 10+ times"),
                new Parameter("max-reads", Integer.toString(maxReads), "ours: the paper gives no tail"),
                new Parameter(
                        "reuse-within-hour-fraction",
                        fmt(reuseWithinHourFraction),
                        "paper: 35-45% of large objects re-read within an hour"),
                new Parameter("hot-reuse-mean-minutes", fmt(hotReuseMeanMinutes), "ours"),
                new Parameter("cold-reuse-extra-mean-hours", fmt(coldReuseExtraMeanHours), "ours"));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " " + value + " must be positive");
        }
    }

    private static void requireFraction(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " " + value + " must be between 0 and 1 (exclusive)");
        }
    }
}
