package io.mayfly.benchmarks.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What one replay measured against one target. */
public final class TargetResult {
    private final String target;
    private final String description;
    private final Map<SizeClass, ClassStats> getHits = new EnumMap<>(SizeClass.class);
    private final Map<SizeClass, ClassStats> puts = new EnumMap<>(SizeClass.class);
    private final ClassStats getMisses = new ClassStats();
    private final ClassStats deletes = new ClassStats();
    long wrongValues;
    long wallNanos;
    long maxLagNanos;
    long storedBytes;
    long storedKeys;
    long reportedMemoryBytes = -1;
    long failedRequests;

    @Nullable
    String firstFailure;

    io.mayfly.benchmarks.billing.@Nullable ServiceLog serviceLog;

    public TargetResult(String target, String description) {
        this.target = target;
        this.description = description;
        for (SizeClass c : SizeClass.values()) {
            getHits.put(c, new ClassStats());
            puts.put(c, new ClassStats());
        }
    }

    public String target() {
        return target;
    }

    public String description() {
        return description;
    }

    public ClassStats getHits(SizeClass c) {
        return Objects.requireNonNull(getHits.get(c), "every size class has stats");
    }

    public ClassStats puts(SizeClass c) {
        return Objects.requireNonNull(puts.get(c), "every size class has stats");
    }

    public ClassStats getMisses() {
        return getMisses;
    }

    public ClassStats deletes() {
        return deletes;
    }

    public long hits() {
        return getHits.values().stream().mapToLong(ClassStats::count).sum();
    }

    public long gets() {
        return hits() + getMisses.count();
    }

    public long putCount() {
        return puts.values().stream().mapToLong(ClassStats::count).sum();
    }

    public long requests() {
        return gets() + putCount() + deletes.count();
    }

    public double hitRatio() {
        return gets() == 0 ? 0 : (double) hits() / gets();
    }

    /** Requests per second of wall time, pacing included. */
    public double requestsPerSecond() {
        return wallNanos == 0 ? 0 : requests() * 1e9 / wallNanos;
    }

    public long wallNanos() {
        return wallNanos;
    }

    /** How far the replay fell behind the compressed schedule at worst. */
    public long maxLagNanos() {
        return maxLagNanos;
    }

    /** Hits whose value was not the size last stored under the key. */
    public long wrongValues() {
        return wrongValues;
    }

    /** Bytes of the keys the target still held at the end (each at the size the driver stored). */
    public long storedBytes() {
        return storedBytes;
    }

    public long storedKeys() {
        return storedKeys;
    }

    /** Requests that threw (counted, not retried; the replay goes on). */
    public long failedRequests() {
        return failedRequests;
    }

    /** The first failure's message, or null. */
    public @Nullable String firstFailure() {
        return firstFailure;
    }

    /** Which functions served each request, when the target reported it (Mayfly's embedded proxy). */
    public java.util.Optional<io.mayfly.benchmarks.billing.ServiceLog> serviceLog() {
        return java.util.Optional.ofNullable(serviceLog);
    }

    /** The target's own memory figure (Redis used_memory), or -1. */
    public long reportedMemoryBytes() {
        return reportedMemoryBytes;
    }
}
