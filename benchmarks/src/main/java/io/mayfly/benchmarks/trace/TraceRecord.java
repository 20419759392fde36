package io.mayfly.benchmarks.trace;

/**
 * One request of a trace.
 *
 * @param timestampMicros time since the trace's first request, in the trace's own (uncompressed) clock
 * @param sizeBytes       the object's size: the value a read-through GET stores on a miss, or a PUT stores
 */
public record TraceRecord(long timestampMicros, Operation operation, String key, long sizeBytes) {
    public TraceRecord {
        if (timestampMicros < 0) {
            throw new IllegalArgumentException("timestamp " + timestampMicros + " us is negative; traces start at 0");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size " + sizeBytes + " of key " + key + " is negative");
        }
    }
}
