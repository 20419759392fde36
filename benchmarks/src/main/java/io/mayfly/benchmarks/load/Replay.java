package io.mayfly.benchmarks.load;

import io.mayfly.benchmarks.billing.ServiceRecorder;
import io.mayfly.benchmarks.targets.CacheTarget;
import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceRecord;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays a trace against one target on one thread, so every target sees the same keys in the
 * same order. Requests start at their trace time divided by the compression factor (or back to
 * back when the target falls behind); a GET that misses is followed by a PUT of the traced size,
 * as a read-through cache in front of the registry would do.
 */
public final class Replay {
    private final double timeCompression;
    private final boolean readThrough;
    private final PrintWriter progress;

    /**
     * @param timeCompression trace seconds per replay second; 0 replays back to back, unpaced
     * @param readThrough     whether a GET miss is followed by a PUT of the traced size
     * @param progress        where a line per ten percent goes, or null
     */
    public Replay(double timeCompression, boolean readThrough, PrintWriter progress) {
        if (timeCompression < 0 || Double.isNaN(timeCompression)) {
            throw new IllegalArgumentException("time compression " + timeCompression
                    + " must be 0 (unpaced) or a positive factor such as 3600 (an hour per second)");
        }
        this.timeCompression = timeCompression;
        this.readThrough = readThrough;
        this.progress = progress;
    }

    public TargetResult run(Trace trace, CacheTarget target) {
        TargetResult result = new TargetResult(target.name(), target.description());
        target.clear();
        ServiceRecorder recorder = null;
        int pool = target.functionPoolSize();
        if (pool > 0) {
            recorder = new ServiceRecorder(pool);
            target.recordService(recorder);
        }
        Map<String, Integer> storedSizes = new HashMap<>();
        int total = trace.records().size();
        int nextReport = 1;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            TraceRecord r = trace.records().get(i);
            pace(start, r.timestampMicros(), result);
            if (recorder != null) {
                // In real time a request that starts late (the target fell behind) arrived when it
                // started; compressed, the trace's clock is the one to bill on.
                long at = timeCompression == 1
                        ? Math.max(r.timestampMicros(), (System.nanoTime() - start) / 1000)
                        : r.timestampMicros();
                recorder.begin(at, r.key());
            }
            try {
                switch (r.operation()) {
                    case GET -> get(target, r, storedSizes, result);
                    case PUT -> put(target, r.key(), (int) r.sizeBytes(), storedSizes, result);
                    case DELETE -> {
                        long t0 = System.nanoTime();
                        target.remove(r.key());
                        result.deletes().record(System.nanoTime() - t0, 0);
                        storedSizes.remove(r.key());
                    }
                }
            } catch (RuntimeException e) {
                // A failed request is a result: count it and go on, so one failure does not void the run.
                result.failedRequests++;
                if (result.firstFailure == null) {
                    result.firstFailure = r.operation() + " " + r.key() + ": " + e;
                }
                storedSizes.remove(r.key());
            } finally {
                if (recorder != null) {
                    recorder.end();
                }
            }
            if (progress != null && (i + 1) * 10L >= (long) nextReport * total) {
                progress.printf(
                        Locale.ROOT,
                        "  %s: %d%% (%d/%d requests, %.1f s)%n",
                        target.name(),
                        nextReport * 10,
                        i + 1,
                        total,
                        (System.nanoTime() - start) / 1e9);
                progress.flush();
                nextReport = (int) ((i + 1) * 10L / total) + 1;
            }
        }
        result.wallNanos = System.nanoTime() - start;
        if (recorder != null) {
            target.recordService(null);
            result.serviceLog = recorder.log(trace.duration().toNanos() / 1000);
        }
        for (Map.Entry<String, Integer> e : storedSizes.entrySet()) {
            if (target.contains(e.getKey())) {
                result.storedKeys++;
                result.storedBytes += e.getValue();
            }
        }
        result.reportedMemoryBytes = target.reportedMemoryBytes();
        return result;
    }

    private void get(CacheTarget target, TraceRecord r, Map<String, Integer> storedSizes, TargetResult result) {
        long t0 = System.nanoTime();
        byte[] value = target.get(r.key());
        long nanos = System.nanoTime() - t0;
        if (value != null) {
            result.getHits(SizeClass.of(r.sizeBytes())).record(nanos, value.length);
            Integer expected = storedSizes.get(r.key());
            if (expected == null || expected != value.length) {
                result.wrongValues++;
            }
        } else {
            result.getMisses().record(nanos, 0);
            if (readThrough) {
                put(target, r.key(), (int) r.sizeBytes(), storedSizes, result);
            }
        }
    }

    private static void put(
            CacheTarget target, String key, int size, Map<String, Integer> storedSizes, TargetResult result) {
        byte[] value = valueFor(key, size);
        long t0 = System.nanoTime();
        target.put(key, value);
        result.puts(SizeClass.of(size)).record(System.nanoTime() - t0, size);
        storedSizes.put(key, size);
    }

    /** A fresh array per put: a store-by-reference provider may keep it. */
    static byte[] valueFor(String key, int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) key.hashCode());
        return value;
    }

    private void pace(long start, long traceMicros, TargetResult result) {
        if (timeCompression == 0) {
            return;
        }
        long due = start + (long) (traceMicros * 1000 / timeCompression);
        long now = System.nanoTime();
        if (now < due) {
            // The driver's own schedule, not test synchronisation: wait for the request's replay time.
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
        } else {
            result.maxLagNanos = Math.max(result.maxLagNanos, now - due);
        }
    }
}
