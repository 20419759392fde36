package io.mayfly.benchmarks.billing;

/**
 * Lambda's bill for one simulated run: serve invocations, warm-ups and backups, each with its
 * invocations and GB-seconds, and what they cost.
 *
 * @param hours             the simulated span (the trace's, divided by the rate multiplier)
 * @param requests          requests replayed
 * @param functionRequests  requests that needed at least one function
 * @param invokedRequests   of those, requests that found at least one of their functions
 *                          returned, so they waited for an invocation
 * @param serveInvocations  serve invocations (each a request fee)
 * @param serveGbSeconds    their billed GB-seconds
 * @param warmups           warm-up invocations
 * @param warmupGbSeconds   their billed GB-seconds
 * @param backups           backup invocations (0 without backup)
 * @param backupGbSeconds   their billed GB-seconds
 * @param usd               the whole bill
 * @param invocationsByFunction serve invocations of each function of the simulated pool
 * @param gbSecondsByFunction   serve GB-seconds of each function
 */
public record SimulatedBill(
        double hours,
        long requests,
        long functionRequests,
        long invokedRequests,
        long serveInvocations,
        double serveGbSeconds,
        double warmups,
        double warmupGbSeconds,
        double backups,
        double backupGbSeconds,
        double usd,
        long[] invocationsByFunction,
        double[] gbSecondsByFunction) {

    public double usdPerHour() {
        return usd / hours;
    }

    public double requestsPerHour() {
        return requests / hours;
    }

    public double invocations() {
        return serveInvocations + warmups + backups;
    }

    public double gbSeconds() {
        return serveGbSeconds + warmupGbSeconds + backupGbSeconds;
    }

    /** Share of function requests that waited for an invocation. */
    public double invokedShare() {
        return functionRequests == 0 ? 0 : (double) invokedRequests / functionRequests;
    }

    /** Mean latency the return policy adds to a request, given one warm invocation's latency. */
    public double addedLatencyMs(double warmInvokeMs) {
        return invokedShare() * warmInvokeMs;
    }
}
