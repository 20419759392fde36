package io.mayfly.benchmarks.billing;

import java.util.Locale;

/**
 * When a serving function returns, as the simulator models it (lambda-node's rule): once idle for
 * {@code idleLingerMs} after its last request, at the next billing-window boundary, and at the
 * latest {@code maxServeMs} after it was invoked.
 *
 * @param idleLingerMs    how long a node stays without requests (0: it returns when its last
 *                        request ends)
 * @param billingWindowMs Lambda's billing granularity (1 ms today; 100 ms in the paper's era)
 * @param serveOverheadMs billed time of a serve invocation beyond its requests: the handshake with
 *                        the proxy before the first and the BYE after the last
 * @param maxServeMs      the longest one invocation serves
 */
public record ReturnPolicy(double idleLingerMs, long billingWindowMs, double serveOverheadMs, long maxServeMs) {

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
    }

    /** Linger {@code idleLingerMs}, 1 ms billing, the default overhead, serve at most 10 min. */
    public static ReturnPolicy linger(double idleLingerMs) {
        return new ReturnPolicy(idleLingerMs, 1, DEFAULT_SERVE_OVERHEAD_MS, 600_000);
    }

    public ReturnPolicy withBillingWindowMs(long windowMs) {
        return new ReturnPolicy(idleLingerMs, windowMs, serveOverheadMs, maxServeMs);
    }

    public ReturnPolicy withServeOverheadMs(double overheadMs) {
        return new ReturnPolicy(idleLingerMs, billingWindowMs, overheadMs, maxServeMs);
    }

    /** "linger 10 ms", "linger 30 s". */
    public String label() {
        if (idleLingerMs == 0) {
            return "linger 0";
        }
        return idleLingerMs >= 1000
                ? String.format(Locale.ROOT, "linger %.3g s", idleLingerMs / 1000)
                : String.format(Locale.ROOT, "linger %.3g ms", idleLingerMs);
    }
}
