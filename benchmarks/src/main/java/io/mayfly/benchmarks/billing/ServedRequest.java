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
 */
public record ServedRequest(long traceMicros, long serviceNanos, String key, int[] functions) {
    public ServedRequest {
        if (traceMicros < 0 || serviceNanos < 0) {
            throw new IllegalArgumentException(
                    "request at " + traceMicros + " us taking " + serviceNanos + " ns: neither may be negative");
        }
        functions = functions.clone();
        Arrays.sort(functions);
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
                && Arrays.equals(r.functions, functions);
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
