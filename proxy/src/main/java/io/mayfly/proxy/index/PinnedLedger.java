package io.mayfly.proxy.index;

/**
 * The bytes held by pinned values (never evicted), bounded by {@code pinned-max-bytes}.
 *
 * <p>Pinned values are exempt from eviction, so without a bound one runaway pinned cache could
 * fill the small-value tier and the functions and leave every other cache nothing but refusals.
 * A put reserves its bytes here before it stores anything and returns them when it fails or when
 * its version leaves the index. Thread-safe.
 */
public final class PinnedLedger {

    private final long maxBytes;
    private long usedBytes;

    public PinnedLedger(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("pinned-max-bytes " + maxBytes + " must not be negative");
        }
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Reserves {@code bytes} if they fit under the bound; false (and nothing reserved) if not. */
    public synchronized boolean tryReserve(long bytes) {
        if (bytes < 0 || bytes > maxBytes - usedBytes) {
            return false;
        }
        usedBytes += bytes;
        return true;
    }

    /** Returns bytes a pinned put reserved (its put failed, or its version left the index). */
    public synchronized void release(long bytes) {
        usedBytes = Math.max(0, usedBytes - bytes);
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }
}
