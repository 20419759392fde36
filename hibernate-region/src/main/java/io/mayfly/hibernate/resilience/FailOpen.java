package io.mayfly.hibernate.resilience;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * A dead cache is a miss, never a failed transaction. On a failure a read returns its miss value
 * and a write is dropped; the region then skips the cache for the retry interval, so a proxy that
 * hangs costs one operation timeout per interval rather than one per entity load. A dropped
 * {@link #change change} (say, the removal of an updated entity) would leave stale data in the
 * cache once it answers again, so the region runs its repair (a clear) before it serves again.
 */
public final class FailOpen implements ResilienceStrategy {

    private final Runnable repair;
    private final Runnable onLostChange;
    private final long retryIntervalMs;
    private final LongSupplier clockMs;
    private final FailureLog failures;
    private final AtomicBoolean lostChanges = new AtomicBoolean();
    private volatile long skipUntilMs;
    private volatile boolean skipping;

    /**
     * @param retryIntervalMs how long to skip the cache after a failure; 0 tries every call
     * @param logIntervalMs at most one log line per this interval while failing
     * @param clockMs a monotonic millisecond clock
     */
    public FailOpen(
            String region,
            Runnable repair,
            Runnable onLostChange,
            long retryIntervalMs,
            long logIntervalMs,
            LongSupplier clockMs) {
        this.repair = repair;
        this.onLostChange = onLostChange;
        this.retryIntervalMs = retryIntervalMs;
        this.clockMs = clockMs;
        this.failures = new FailureLog(region, logIntervalMs);
    }

    /** The factory with the system's monotonic clock. */
    public static ResilienceStrategy.Factory factory(long retryIntervalMs, long logIntervalMs) {
        return (region, repair, onLostChange) -> new FailOpen(
                region, repair, onLostChange, retryIntervalMs, logIntervalMs, () -> System.nanoTime() / 1_000_000L);
    }

    @Override
    public <T> @Nullable T read(String operation, Supplier<T> read, @Nullable T miss) {
        return attempt(operation, read, miss, false);
    }

    @Override
    public void fill(String operation, Runnable write) {
        attempt(
                operation,
                () -> {
                    write.run();
                    return null;
                },
                null,
                false);
    }

    @Override
    public void change(String operation, Runnable write) {
        attempt(
                operation,
                () -> {
                    write.run();
                    return null;
                },
                null,
                true);
    }

    private <T> @Nullable T attempt(String operation, Supplier<T> call, @Nullable T fallback, boolean change) {
        long now = clockMs.getAsLong();
        if (skipping && now - skipUntilMs < 0) {
            if (change) {
                lostChange();
            }
            failures.skipped();
            return fallback;
        }
        try {
            boolean repaired = false;
            if (lostChanges.compareAndSet(true, false)) {
                try {
                    repair.run();
                    repaired = true;
                } catch (RuntimeException e) {
                    lostChanges.set(true);
                    throw e;
                }
            }
            T result = call.get();
            skipping = false;
            failures.recovered(now, repaired);
            return result;
        } catch (CacheException | org.hibernate.cache.CacheException e) {
            if (change) {
                lostChange();
            }
            skipUntilMs = now + retryIntervalMs;
            skipping = retryIntervalMs > 0;
            failures.failed(operation, e, now);
            return fallback;
        }
    }

    private void lostChange() {
        lostChanges.set(true);
        onLostChange.run();
    }

    @Override
    public void requireRepair() {
        lostChanges.set(true);
    }

    /** Log lines written so far (first failure, periodic summaries, recovery). */
    public long linesLogged() {
        return failures.linesLogged();
    }

    /** Failures and skipped calls since the last line logged. */
    public long suppressed() {
        return failures.suppressed();
    }

    /** True while changes were dropped and the region has not been repaired yet. */
    public boolean needsRepair() {
        return lostChanges.get();
    }
}
