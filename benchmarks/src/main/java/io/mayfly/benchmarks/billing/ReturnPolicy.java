package io.mayfly.benchmarks.billing;

import java.util.Locale;

/**
 * When a serving function returns, as the simulator models it (lambda-node's rule): once idle for
 * its linger after its last request, at the next billing-window boundary, and at the latest
 * {@code maxServeMs} after it was invoked. The linger is {@code idleLingerMs}, or
 * {@code burstLingerMs} while the invocation's last {@code burstRequests} requests all arrived
 * within {@code burstLingerMs} (a burst: the next request is likely to come sooner than a
 * re-invocation would take to pay off in latency).
 *
 * @param idleLingerMs    how long a node stays without requests (0: it returns when its last
 *                        request ends)
 * @param billingWindowMs Lambda's billing granularity (1 ms today; 100 ms in the paper's era)
 * @param serveOverheadMs billed time of a serve invocation beyond its requests: the handshake with
 *                        the proxy before the first and the BYE after the last
 * @param maxServeMs      the longest one invocation serves
 * @param burstLingerMs   the linger during a burst (0: no burst rule)
 * @param burstRequests   how many requests within {@code burstLingerMs} make a burst (at least 2)
 */
public record ReturnPolicy(
        double idleLingerMs,
        long billingWindowMs,
        double serveOverheadMs,
        long maxServeMs,
        double burstLingerMs,
        int burstRequests) {

    /** The six lingers compared in the reports: 0, 10 ms, 100 ms, 1 s, 5 s and 30 s (the old default). */
    public static final double[] COMPARED_LINGERS_MS = {0, 10, 100, 1_000, 5_000, 30_000};

    /** lambda-local's warm handshake and return, measured at ~1-3 ms here (see the README). */
    public static final double DEFAULT_SERVE_OVERHEAD_MS = 2;

    public ReturnPolicy {
        if (!(idleLingerMs >= 0) || billingWindowMs < 1 || !(serveOverheadMs >= 0) || maxServeMs < 1) {
            throw new IllegalArgumentException("return policy: idle linger " + idleLingerMs + " ms must be >= 0,"
                    + " billing window " + billingWindowMs + " ms >= 1, serve overhead " + serveOverheadMs
                    + " ms >= 0, max serve " + maxServeMs + " ms >= 1");
        }
        if (!(burstLingerMs >= 0) || (burstLingerMs > 0 && burstRequests < 2)) {
            throw new IllegalArgumentException("return policy: burst linger " + burstLingerMs
                    + " ms must be >= 0, and a burst at least 2 requests (got " + burstRequests + ")");
        }
    }

    /** A fixed linger: no burst rule. */
    public ReturnPolicy(double idleLingerMs, long billingWindowMs, double serveOverheadMs, long maxServeMs) {
        this(idleLingerMs, billingWindowMs, serveOverheadMs, maxServeMs, 0, 0);
    }

    /** Linger {@code idleLingerMs}, 1 ms billing, the default overhead, serve at most 10 min. */
    public static ReturnPolicy linger(double idleLingerMs) {
        return new ReturnPolicy(idleLingerMs, 1, DEFAULT_SERVE_OVERHEAD_MS, 600_000);
    }

    public ReturnPolicy withBillingWindowMs(long windowMs) {
        return new ReturnPolicy(idleLingerMs, windowMs, serveOverheadMs, maxServeMs, burstLingerMs, burstRequests);
    }

    public ReturnPolicy withServeOverheadMs(double overheadMs) {
        return new ReturnPolicy(idleLingerMs, billingWindowMs, overheadMs, maxServeMs, burstLingerMs, burstRequests);
    }

    /** The same billing window, overhead and hard stop with another linger rule. */
    public ReturnPolicy withLinger(double idleMs, double burstMs, int requests) {
        return new ReturnPolicy(idleMs, billingWindowMs, serveOverheadMs, maxServeMs, burstMs, requests);
    }

    /** True when a burst lengthens the linger (a burst linger no longer than the idle one changes nothing). */
    public boolean adaptive() {
        return burstLingerMs > idleLingerMs;
    }

    /** "linger 10 ms", "linger 30 s", "linger 100 ms, 1 s in bursts of 3". */
    public String label() {
        String base = idleLingerMs == 0 ? "linger 0" : "linger " + duration(idleLingerMs);
        return adaptive() ? base + ", " + duration(burstLingerMs) + " in bursts of " + burstRequests : base;
    }

    private static String duration(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.3g s", ms / 1000) : String.format(Locale.ROOT, "%.3g ms", ms);
    }
}
