package io.mayfly.proxy.node;

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
 */
public record BillingWindow(long billingWindowMs, long idleReturnMs, long maxServeMs) {

    /**
     * 1 ms billing (AWS since Dec 2020), return after 100 ms idle, serve at most 10 min. With 1 ms
     * billing a node pays for every idle ms: lingering 30 s made each request buy k+r x 30 s of
     * memory. 100 ms costs a few percent more than returning at once (README: the measured curve)
     * and keeps a burst of requests on one invocation; a node returns only once the proxy agreed to
     * its BYE, so no linger loses a request.
     */
    public static final BillingWindow DEFAULTS = new BillingWindow(
            SettingsRegistry.EMBEDDED_BILLING_WINDOW_MS.parseLong(null),
            SettingsRegistry.EMBEDDED_IDLE_RETURN_MS.parseLong(null),
            600_000);

    public BillingWindow {
        if (billingWindowMs < 1) {
            throw new IllegalArgumentException(
                    "billing-window-ms " + billingWindowMs + " must be at least 1 (AWS bills per 1 ms)");
        }
        if (idleReturnMs < 0 || idleReturnMs > maxServeMs) {
            throw new IllegalArgumentException(
                    "idle-return-ms " + idleReturnMs + " must be between 0 and max-serve-ms " + maxServeMs);
        }
        if (maxServeMs > 890_000) {
            throw new IllegalArgumentException("max-serve-ms " + maxServeMs
                    + " exceeds 890000: Lambda's timeout is at most 900 s and a killed instance loses its memory");
        }
    }

    /**
     * The SDK read/api-call timeout for one invocation: the longest it may legitimately run plus
     * room for a cold start, so the SDK never gives up on a node that is serving.
     */
    public java.time.Duration invocationTimeout() {
        return java.time.Duration.ofMillis(maxServeMs + 30_000);
    }
}
