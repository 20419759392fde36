package io.mayfly.benchmarks.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts the paper gives about its trace, measured on any trace, so a generated or user
 * trace can be compared with them (and the generator tested against them).
 *
 * @param sizeDecades             how many powers of ten hold at least one object size ([1,10), [10,100), ...)
 * @param largeObjectFraction     objects above the threshold / all objects
 * @param largeBytesShare         bytes of large objects / bytes of all objects (each at its first size)
 * @param largeRead10Fraction     large objects read 10+ times / large objects
 * @param largeReuseWithinHour    large objects read again within an hour of a read / large objects read twice or more
 */
public record TraceShape(
        int objects,
        long minObjectBytes,
        long maxObjectBytes,
        int sizeDecades,
        double largeObjectFraction,
        double largeBytesShare,
        double largeRead10Fraction,
        double largeReuseWithinHour) {

    private static final long MICROS_PER_HOUR = 3_600_000_000L;

    public static TraceShape of(Trace trace, long largeThresholdBytes) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, List<Long>> reads = new LinkedHashMap<>();
        for (TraceRecord r : trace.records()) {
            sizes.putIfAbsent(r.key(), r.sizeBytes());
            if (r.operation() == Operation.GET) {
                reads.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.timestampMicros());
            }
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        long[] decades = new long[20];
        long bytes = 0;
        long largeBytes = 0;
        int large = 0;
        int largeRead10 = 0;
        int largeReread = 0;
        int largeWithinHour = 0;
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            long size = e.getValue();
            min = Math.min(min, size);
            max = Math.max(max, size);
            decades[size == 0 ? 0 : (int) Math.floor(Math.log10(size))]++;
            bytes += size;
            if (size > largeThresholdBytes) {
                large++;
                largeBytes += size;
                List<Long> times = reads.getOrDefault(e.getKey(), List.of());
                if (times.size() >= 10) {
                    largeRead10++;
                }
                if (times.size() >= 2) {
                    largeReread++;
                    for (int i = 1; i < times.size(); i++) {
                        if (times.get(i) - times.get(i - 1) <= MICROS_PER_HOUR) {
                            largeWithinHour++;
                            break;
                        }
                    }
                }
            }
        }
        int occupied = 0;
        for (long d : decades) {
            if (d > 0) {
                occupied++;
            }
        }
        int objects = sizes.size();
        return new TraceShape(
                objects,
                objects == 0 ? 0 : min,
                max,
                occupied,
                ratio(large, objects),
                ratio(largeBytes, bytes),
                ratio(largeRead10, large),
                ratio(largeWithinHour, largeReread));
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }
}
