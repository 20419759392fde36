package io.mayfly.spring.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports cache failures that the application survives, at most one warning per interval: a dead
 * proxy fails every cache call, and one line per call would bury the log. The failures in between
 * are counted and named in the next warning; each one is still logged at debug with its stack.
 */
public final class FailureLog {

    private static final Logger log = LoggerFactory.getLogger(FailureLog.class);

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextReportAt;
    private final AtomicLong suppressed = new AtomicLong();

    public FailureLog(long intervalMs) {
        this(intervalMs, System::nanoTime);
    }

    FailureLog(long intervalMs, LongSupplier nanoClock) {
        if (intervalMs < 0) {
            throw new IllegalArgumentException("fail-open log interval " + intervalMs + " ms must not be negative");
        }
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.nanoClock = nanoClock;
        this.nextReportAt = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Records one survived failure.
     *
     * @param operation what failed, e.g. {@code get}, {@code put}, {@code evict}
     * @param cacheName the cache it failed on
     * @param outcome what the application did instead, e.g. "treated as a miss"
     * @return true when this failure was logged at warn (the others are counted)
     */
    public boolean report(String operation, String cacheName, String outcome, RuntimeException failure) {
        log.debug("cache {} failed on {}; {}", operation, cacheName, outcome, failure);
        long now = nanoClock.getAsLong();
        long due = nextReportAt.get();
        if (now - due < 0 || !nextReportAt.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long others = suppressed.getAndSet(0);
        log.warn(
                "cache {} failed on cache '{}', {} (fail-open; mayfly.fail-open=false makes it an error): {}{}",
                operation,
                cacheName,
                outcome,
                failure.toString(),
                others == 0 ? "" : "; " + others + " more cache failures since the last warning");
        return true;
    }

    /** Failures counted since the last warning. */
    public long suppressed() {
        return suppressed.get();
    }
}
