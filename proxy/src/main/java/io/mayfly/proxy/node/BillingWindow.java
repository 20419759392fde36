package io.mayfly.proxy.node;

import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.settings.SettingsRegistry;

/**
 * How long an invoked node serves, told to it in its invocation payload.
 *
 * @param billingWindowMs Lambda's billing granularity (1 ms today); a node returns shortly before
 *     a window boundary once idle, so it never pays a window it does not use
 * @param idleReturnMs how long a node stays connected without requests before it returns; 0 returns
 *     when its last request ends (it still waits briefly for the request it was invoked for)
 * @param maxServeMs the longest one invocation serves; below the function's timeout so Lambda
 *     never kills a serving instance (a kill loses its memory)
 * @param burstLingerMs how long a node stays without requests instead, while its instance's last
 *     {@code burstRequests} requests arrived within this many ms (0: never)
 * @param burstRequests how many requests within {@code burstLingerMs} make a burst
 */
public record BillingWindow(
        long billingWindowMs, long idleReturnMs, long maxServeMs, long burstLingerMs, int burstRequests) {

    /**
     * 1 ms billing (AWS since Dec 2020), return after 100 ms idle, or 10 s once 3 requests came
     * within 10 s, serve at most 10 min. With 1 ms billing a node pays for every idle ms: lingering
     * 30 s made each request buy k+r x 30 s of memory. A node that just saw 3 requests in 10 s is
     * likely to see the next within seconds: staying spares that request a re-invocation, at a
     * price the README's simulated table states; one that did not returns after 100 ms. A node
     * returns only once the proxy agreed to its BYE, so no linger loses a request.
     */
    public static final BillingWindow DEFAULTS = new BillingWindow(
            SettingsRegistry.EMBEDDED_BILLING_WINDOW_MS.parseLong(null),
            SettingsRegistry.EMBEDDED_IDLE_RETURN_MS.parseLong(null),
            600_000,
            SettingsRegistry.EMBEDDED_BURST_LINGER_MS.parseLong(null),
            SettingsRegistry.EMBEDDED_BURST_REQUESTS.parseInt(null));

    /** A fixed linger: no burst rule. */
    public BillingWindow(long billingWindowMs, long idleReturnMs, long maxServeMs) {
        this(billingWindowMs, idleReturnMs, maxServeMs, 0, 0);
    }

    public BillingWindow {
        if (billingWindowMs < 1) {
            throw new IllegalArgumentException(
                    "billing-window-ms " + billingWindowMs + " must be at least 1 (AWS bills per 1 ms)");
        }
        if (idleReturnMs < 0 || idleReturnMs > maxServeMs) {
            throw new IllegalArgumentException(
                    "idle-return-ms " + idleReturnMs + " must be between 0 and max-serve-ms " + maxServeMs);
        }
        if (burstLingerMs < 0
                || burstLingerMs > maxServeMs
                || (burstLingerMs > 0 && (burstRequests < 2 || burstRequests > NodeInvocation.MAX_BURST_REQUESTS))) {
            // Checked here, at start-up, rather than when the first invocation is built.
            throw new IllegalArgumentException("burst-linger-ms " + burstLingerMs + " must be between 0 and"
                    + " max-serve-ms " + maxServeMs + ", and burst-requests " + burstRequests + " between 2 and "
                    + NodeInvocation.MAX_BURST_REQUESTS);
        }
        if (maxServeMs > 890_000) {
            throw new IllegalArgumentException("max-serve-ms " + maxServeMs
                    + " exceeds 890000: Lambda's timeout is at most 900 s and a killed instance loses its memory");
        }
    }

    /** The longest a node stays without requests: its burst linger when it has one. */
    public long longestLingerMs() {
        return Math.max(idleReturnMs, burstLingerMs);
    }

    /**
     * The SDK read/api-call timeout for one invocation: the longest it may legitimately run plus
     * room for a cold start, so the SDK never gives up on a node that is serving.
     */
    public java.time.Duration invocationTimeout() {
        return java.time.Duration.ofMillis(maxServeMs + 30_000);
    }
}
