package io.mayfly.benchmarks.billing;

import java.util.Arrays;

/**
 * One replayed request as the functions saw it.
 *
 * @param traceMicros  when it arrived, on the trace's own (uncompressed) clock
 * @param serviceNanos how long it took, in wall time (not scaled with the trace's clock: a 10 MiB
 *                     transfer takes as long at any request rate)
 * @param key          the object's key (a projection onto a larger pool places it by key)
 * @param functions    pool indices of the functions it needed, ascending; empty when none did
 *                     (a miss, or a value in the proxy's small-value tier)
 * @param busyNanos    for each of {@code functions}, the duration of the serve invocation that
 *                     served this request alone (lambda-local's meter), or -1 when unknown (the
 *                     invocation served other requests too): the function's own part, which on a
 *                     loaded machine is much shorter than the request's wall time
 */
public record ServedRequest(long traceMicros, long serviceNanos, String key, int[] functions, long[] busyNanos) {
    public ServedRequest {
        if (traceMicros < 0 || serviceNanos < 0) {
            throw new IllegalArgumentException(
                    "request at " + traceMicros + " us taking " + serviceNanos + " ns: neither may be negative");
        }
        if (busyNanos.length != functions.length) {
            throw new IllegalArgumentException(
                    busyNanos.length + " busy times for " + functions.length + " functions: give one per function");
        }
        int[] given = functions;
        int[] order = java.util.stream.IntStream.range(0, given.length)
                .boxed()
                .sorted(java.util.Comparator.comparingInt(i -> given[i]))
                .mapToInt(Integer::intValue)
                .toArray();
        int[] sortedFunctions = new int[order.length];
        long[] sortedBusy = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            sortedFunctions[i] = functions[order[i]];
            sortedBusy[i] = busyNanos[order[i]];
        }
        functions = sortedFunctions;
        busyNanos = sortedBusy;
    }

    /** A request whose functions' own busy times are unknown: each is charged the request's time. */
    public ServedRequest(long traceMicros, long serviceNanos, String key, int[] functions) {
        this(traceMicros, serviceNanos, key, functions, unknown(functions.length));
    }

    private static long[] unknown(int n) {
        long[] busy = new long[n];
        Arrays.fill(busy, -1);
        return busy;
    }

    @Override
    public long[] busyNanos() {
        return busyNanos.clone();
    }

    /** How long the i-th function served this request: its own invocation's time, else the request's. */
    long busy(int i) {
        return busyNanos[i] >= 0 ? busyNanos[i] : serviceNanos;
    }

    @Override
    public int[] functions() {
        return functions.clone();
    }

    int functionCount() {
        return functions.length;
    }

    int function(int i) {
        return functions[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServedRequest r
                && r.traceMicros == traceMicros
                && r.serviceNanos == serviceNanos
                && r.key.equals(key)
                && Arrays.equals(r.functions, functions)
                && Arrays.equals(r.busyNanos, busyNanos);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(traceMicros) * 31 + Arrays.hashCode(functions);
    }

    @Override
    public String toString() {
        return "ServedRequest[" + traceMicros + " us, " + serviceNanos + " ns, " + key + ", "
                + Arrays.toString(functions) + "]";
    }
}
