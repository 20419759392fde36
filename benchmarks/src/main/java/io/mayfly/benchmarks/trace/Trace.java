package io.mayfly.benchmarks.trace;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A workload: requests in replay order, with timestamps in the trace's real clock.
 *
 * @param description where the trace came from (generator and seed, or file), for the report
 * @param duration    the real time the trace covers; cost is projected to it
 */
public record Trace(String description, List<TraceRecord> records, Duration duration) {
    public Trace {
        records = List.copyOf(records);
        long previous = 0;
        for (TraceRecord r : records) {
            if (r.timestampMicros() < previous) {
                throw new IllegalArgumentException("trace " + description + " is out of time order at key " + r.key()
                        + " (" + r.timestampMicros() + " us after " + previous + " us)");
            }
            previous = r.timestampMicros();
        }
    }

    /**
     * The most bytes the trace ever asks a cache to hold at once: each key at its latest size,
     * as if nothing were evicted. ElastiCache is sized to this; Redis's maxmemory too.
     */
    public long peakFootprintBytes() {
        Map<String, Long> sizes = new HashMap<>();
        long current = 0;
        long peak = 0;
        for (TraceRecord r : records) {
            Long old = sizes.get(r.key());
            switch (r.operation()) {
                case GET, PUT -> {
                    // A GET that misses is followed by a put of the traced size (read-through).
                    if (old == null || r.operation() == Operation.PUT) {
                        current += r.sizeBytes() - (old == null ? 0 : old);
                        sizes.put(r.key(), r.sizeBytes());
                    }
                }
                case DELETE -> {
                    if (old != null) {
                        current -= old;
                        sizes.remove(r.key());
                    }
                }
            }
            peak = Math.max(peak, current);
        }
        return peak;
    }

    public long maxObjectBytes() {
        return records.stream().mapToLong(TraceRecord::sizeBytes).max().orElse(0);
    }

    public long count(Operation operation) {
        return records.stream().filter(r -> r.operation() == operation).count();
    }
}
