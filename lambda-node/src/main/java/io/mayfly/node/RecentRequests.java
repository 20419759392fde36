package io.mayfly.node;

import io.mayfly.protocol.invoke.NodeInvocation;

/**
 * When this instance's last requests arrived. Kept by the instance across its invocations, as a
 * warm Lambda instance keeps its memory, so a request that invokes a node still counts the ones
 * its previous invocation served. Used by one invocation at a time, on the node's event loop.
 */
final class RecentRequests {

    /** The most arrivals a burst rule may ask about (the invocation payload is checked against it). */
    static final int MAX_TRACKED = NodeInvocation.MAX_BURST_REQUESTS;

    private final long[] arrivals = new long[MAX_TRACKED];
    private long recorded;

    void record(long nanos) {
        arrivals[(int) (recorded++ % MAX_TRACKED)] = nanos;
    }

    /** True when the last {@code n} arrivals all fell within {@code windowNanos} of each other. */
    boolean lastWithin(int n, long windowNanos) {
        if (n < 1 || n > MAX_TRACKED || recorded < n) {
            return false;
        }
        long newest = arrivals[(int) ((recorded - 1) % MAX_TRACKED)];
        long oldest = arrivals[(int) ((recorded - n) % MAX_TRACKED)];
        return newest - oldest <= windowNanos;
    }
}
