package io.mayfly.benchmarks.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a read trace shaped like the InfiniCache paper's Docker registry trace (see
 * {@link SyntheticTraceSpec} for every knob and its source).
 * <ul>
 *   <li>Small objects: sizes log-uniform on [min, threshold]. Large objects: a bounded Pareto on
 *       (threshold, max] whose exponent is solved so large objects hold the target share of bytes.</li>
 *   <li>Sizes are drawn one per quantile stratum, so a trace of a few hundred objects has the
 *       distribution's shape (span, byte share), not only its expectation.</li>
 *   <li>Exactly the target share of objects is read 10+ times; of the re-read objects, exactly the
 *       target share are read again within an hour (gaps under 59 min), the rest wait over an hour.</li>
 *   <li>Every request is a GET: a replay against an empty cache misses first and stores the object
 *       (read-through), as a registry cache does.</li>
 * </ul>
 */
public final class SyntheticTraceGenerator {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final long MICROS_PER_MINUTE = 60_000_000L;

    private final SyntheticTraceSpec spec;

    public SyntheticTraceGenerator(SyntheticTraceSpec spec) {
        this.spec = spec;
    }

    public Trace generate() {
        SplittableRandom random = new SplittableRandom(spec.seed());
        double smallMean = logUniformMean(spec.minObjectBytes(), spec.largeThresholdBytes());
        int smallCount = (int) Math.max(1, Math.round(spec.totalBytes() * (1 - spec.largeBytesShare()) / smallMean));
        int largeCount = (int)
                Math.max(1, Math.round(smallCount * spec.largeObjectFraction() / (1 - spec.largeObjectFraction())));

        List<Long> sizes = new ArrayList<>(smallCount + largeCount);
        long smallTotal = 0;
        double la = Math.log(spec.minObjectBytes());
        double lb = Math.log(spec.largeThresholdBytes());
        for (int i = 0; i < smallCount; i++) {
            double q = (i + random.nextDouble()) / smallCount;
            long size =
                    clamp(Math.round(Math.exp(la + q * (lb - la))), spec.minObjectBytes(), spec.largeThresholdBytes());
            sizes.add(size);
            smallTotal += size;
        }
        double targetLargeMean = smallTotal * spec.largeBytesShare() / (1 - spec.largeBytesShare()) / largeCount;
        double alpha = paretoExponentForMean(targetLargeMean);
        double lt = Math.log(spec.largeThresholdBytes());
        double lm = Math.log(spec.maxObjectBytes());
        for (int i = 0; i < largeCount; i++) {
            double q = (i + random.nextDouble()) / largeCount;
            double y = boundedParetoLogQuantile(q, alpha, lt, lm);
            sizes.add(clamp(Math.round(Math.exp(y)), spec.largeThresholdBytes() + 1, spec.maxObjectBytes()));
        }
        shuffle(sizes, random);

        int objects = sizes.size();
        List<Integer> large = new ArrayList<>();
        List<Integer> small = new ArrayList<>();
        for (int id = 0; id < objects; id++) {
            (sizes.get(id) > spec.largeThresholdBytes() ? large : small).add(id);
        }
        int[] reads = new int[objects];
        boolean[] hot = new boolean[objects];
        assignReads(large, reads, hot, random);
        assignReads(small, reads, hot, random);

        long durationMicros = Math.round(spec.traceHours() * MICROS_PER_HOUR);
        List<TraceRecord> records = new ArrayList<>();
        for (int id = 0; id < objects; id++) {
            String key = String.format(Locale.ROOT, "object-%06d", id);
            for (long t : accessTimes(reads[id], hot[id], durationMicros, random)) {
                records.add(new TraceRecord(t, Operation.GET, key, sizes.get(id)));
            }
        }
        records.sort(Comparator.comparingLong(TraceRecord::timestampMicros).thenComparing(TraceRecord::key));
        String description = String.format(
                Locale.ROOT,
                "synthetic Docker-registry-shaped trace, seed %d: %d objects (%d large, Pareto exponent %.3f), %d GETs"
                        + " over %.4g h",
                spec.seed(),
                objects,
                largeCount,
                alpha,
                records.size(),
                spec.traceHours());
        return new Trace(description, records, Duration.ofNanos(durationMicros * 1000));
    }

    /** Exactly round(f x n) objects read 10+ times; of those read twice or more, round(f x m) are hot. */
    private void assignReads(List<Integer> ids, int[] reads, boolean[] hot, SplittableRandom random) {
        List<Integer> order = new ArrayList<>(ids);
        shuffle(order, random);
        int heavy = (int) Math.round(spec.read10Fraction() * order.size());
        List<Integer> reread = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            int id = order.get(i);
            reads[id] = i < heavy ? 10 + random.nextInt(spec.maxReads() - 9) : 1 + random.nextInt(9);
            if (reads[id] >= 2) {
                reread.add(id);
            }
        }
        shuffle(reread, random);
        int hotCount = (int) Math.round(spec.reuseWithinHourFraction() * reread.size());
        for (int i = 0; i < hotCount; i++) {
            hot[reread.get(i)] = true;
        }
    }

    private long[] accessTimes(int count, boolean hotObject, long durationMicros, SplittableRandom random) {
        long[] gaps = new long[count - 1];
        long fixed = 0;
        long extra = 0;
        for (int i = 0; i < gaps.length; i++) {
            if (hotObject) {
                double minutes = exponential(random, spec.hotReuseMeanMinutes());
                gaps[i] = clamp(Math.round(minutes * MICROS_PER_MINUTE), 1_000_000, 59 * MICROS_PER_MINUTE);
                fixed += gaps[i];
            } else {
                gaps[i] = Math.round(exponential(random, spec.coldReuseExtraMeanHours()) * MICROS_PER_HOUR);
                extra += gaps[i];
                fixed += MICROS_PER_HOUR;
            }
        }
        // Keep every access inside the trace: shrink only the part of a cold gap beyond its hour.
        long room = (long) (durationMicros * 0.98) - fixed;
        double shrink = extra > room ? Math.max(0, room) / (double) extra : 1;
        long[] times = new long[count];
        long span = 0;
        for (int i = 0; i < gaps.length; i++) {
            if (!hotObject) {
                gaps[i] = MICROS_PER_HOUR + (long) (gaps[i] * shrink);
            }
            span += gaps[i];
        }
        long start = (long) (random.nextDouble() * Math.max(0, durationMicros - span));
        times[0] = start;
        for (int i = 0; i < gaps.length; i++) {
            times[i + 1] = times[i] + gaps[i];
        }
        return times;
    }

    /** The exponent whose bounded Pareto on (threshold, max] has this mean; clamped to the reachable range. */
    double paretoExponentForMean(double mean) {
        double lt = Math.log(spec.largeThresholdBytes());
        double lm = Math.log(spec.maxObjectBytes());
        double lo = -20;
        double hi = 20;
        // The mean falls as the exponent rises.
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (boundedParetoMean(mid, lt, lm) > mean) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Mean of X with density proportional to x^(-alpha-1) on [e^la, e^lb], computed in log space. */
    static double boundedParetoMean(double alpha, double la, double lb) {
        double l = lb - la;
        return Math.exp(la) * growth(1 - alpha, l) / growth(-alpha, l);
    }

    /** Inverse CDF, in log space, of the bounded Pareto with exponent alpha on [e^la, e^lb]. */
    static double boundedParetoLogQuantile(double q, double alpha, double la, double lb) {
        double c = -alpha;
        double l = lb - la;
        if (Math.abs(c * l) < 1e-9) {
            return la + q * l;
        }
        return la + Math.log1p(q * Math.expm1(c * l)) / c;
    }

    /** The integral of e^(c y) for y in [0, l]. */
    private static double growth(double c, double l) {
        return Math.abs(c * l) < 1e-9 ? l : Math.expm1(c * l) / c;
    }

    static double logUniformMean(long a, long b) {
        return (b - a) / Math.log((double) b / a);
    }

    private static double exponential(SplittableRandom random, double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
