package io.mayfly.hibernate.resilience;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One region's failure log, rate-limited: the first failure of an outage is logged with its stack
 * trace, later ones at most once per interval with the count of those left out, and recovery once.
 * A dead proxy under load would otherwise write a stack trace per entity load.
 */
final class FailureLog {

    private static final Logger log = LoggerFactory.getLogger(FailureLog.class);

    private final String region;
    private final long intervalMs;
    private boolean failing;
    private long outageStartMs;
    private long lastLoggedMs;
    private long suppressed;
    private long outageFailures;
    private long linesLogged;

    FailureLog(String region, long intervalMs) {
        this.region = region;
        this.intervalMs = intervalMs;
    }

    synchronized void failed(String operation, RuntimeException failure, long nowMs) {
        outageFailures++;
        if (!failing) {
            failing = true;
            outageStartMs = nowMs;
            lastLoggedMs = nowMs;
            suppressed = 0;
            linesLogged++;
            log.warn(
                    "second-level cache region {} failed during {}; going on without it (reads are misses,"
                            + " writes are skipped) until it answers again: {}",
                    region,
                    operation,
                    failure.getMessage(),
                    failure);
        } else if (nowMs - lastLoggedMs >= intervalMs) {
            linesLogged++;
            log.warn(
                    "second-level cache region {} still failing after {} ms: {} failures not logged since the"
                            + " last line; latest during {}: {}",
                    region,
                    nowMs - outageStartMs,
                    suppressed,
                    operation,
                    failure.getMessage());
            lastLoggedMs = nowMs;
            suppressed = 0;
        } else {
            suppressed++;
        }
    }

    /** A call not even tried, because the region waits before retrying a failed cache. */
    synchronized void skipped() {
        suppressed++;
    }

    synchronized void recovered(long nowMs, boolean repaired) {
        if (failing) {
            failing = false;
            linesLogged++;
            log.info(
                    "second-level cache region {} answers again after {} ms and {} failures{}",
                    region,
                    nowMs - outageStartMs,
                    outageFailures,
                    repaired ? "; cleared it, since changes were lost meanwhile" : "");
            outageFailures = 0;
            suppressed = 0;
        }
    }

    synchronized long linesLogged() {
        return linesLogged;
    }

    synchronized long suppressed() {
        return suppressed;
    }
}
