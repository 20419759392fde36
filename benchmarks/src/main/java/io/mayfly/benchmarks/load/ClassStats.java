package io.mayfly.benchmarks.load;

import org.HdrHistogram.Histogram;

/** Latencies (nanoseconds) and bytes of one kind of request in one size class, for one target. */
public final class ClassStats {
    private final Histogram latencyNanos = new Histogram(3);
    private long bytes;
    private long totalNanos;

    public void record(long nanos, long sizeBytes) {
        latencyNanos.recordValue(Math.max(1, nanos));
        bytes += sizeBytes;
        totalNanos += nanos;
    }

    public Histogram latencyNanos() {
        return latencyNanos;
    }

    public long count() {
        return latencyNanos.getTotalCount();
    }

    public long bytes() {
        return bytes;
    }

    /** Bytes per second while requests of this class were in flight (not diluted by pacing gaps). */
    public double bytesPerSecond() {
        return totalNanos == 0 ? 0 : bytes * 1e9 / totalNanos;
    }

    public double percentileMicros(double percentile) {
        return count() == 0 ? Double.NaN : latencyNanos.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMicros() {
        return count() == 0 ? Double.NaN : latencyNanos.getMaxValue() / 1000.0;
    }
}
