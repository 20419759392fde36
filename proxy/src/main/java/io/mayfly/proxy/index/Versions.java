package io.mayfly.proxy.index;

/**
 * Versions are (epoch, counter) packed into one positive long: the epoch in the high bits, a
 * counter below. A proxy's epoch exceeds every epoch its functions hold and its own start time in
 * milliseconds, so no version is issued twice, across restarts or by two proxies of one pool, and
 * of two versions of a key the larger one was written later. A counter that runs out carries into
 * the epoch, which keeps the order.
 */
public final class Versions {

    /** Writes one epoch numbers before its counter carries into the next epoch (4 Mi). */
    public static final int COUNTER_BITS = 22;

    /** Epochs count milliseconds from 2025-01-01T00:00Z: 41 bits last until 2094. */
    public static final long EPOCH_BASE_MILLIS = 1_735_689_600_000L;

    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    private Versions() {}

    /** The epoch of a version. */
    public static long epochOf(long version) {
        return version >>> COUNTER_BITS;
    }

    /** The counter of a version within its epoch. */
    public static long counterOf(long version) {
        return version & COUNTER_MASK;
    }

    /** The version numbered {@code counter} in {@code epoch}. */
    public static long of(long epoch, long counter) {
        if (epoch < 0 || epoch >= 1L << (63 - COUNTER_BITS) || counter < 0 || counter > COUNTER_MASK) {
            throw new IllegalArgumentException("epoch " + epoch + " or counter " + counter + " out of range");
        }
        return (epoch << COUNTER_BITS) | counter;
    }

    /** The epoch of a proxy started at {@code millis} that found epochs up to {@code highestSeen}. */
    public static long epochFor(long millis, long highestSeen) {
        return Math.max(Math.max(0, millis - EPOCH_BASE_MILLIS), highestSeen + 1);
    }

    public static String describe(long version) {
        return epochOf(version) + "." + counterOf(version);
    }
}
