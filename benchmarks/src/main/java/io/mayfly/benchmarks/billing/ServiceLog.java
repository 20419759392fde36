package io.mayfly.benchmarks.billing;

import java.util.List;

/**
 * Which functions served each request of a replay, in trace order.
 *
 * @param poolSize       the functions of the replayed pool (indices are below it)
 * @param traceMicros    the trace's span on its own clock (the bill's horizon at the trace's rate)
 * @param requests       every replayed request, functions or none, in arrival order
 */
public record ServiceLog(int poolSize, long traceMicros, List<ServedRequest> requests) {
    public ServiceLog {
        if (poolSize < 1 || traceMicros <= 0) {
            throw new IllegalArgumentException("a service log needs a pool of at least 1 function (got " + poolSize
                    + ") and a positive trace span (got " + traceMicros + " us)");
        }
        requests = List.copyOf(requests);
        long last = 0;
        for (ServedRequest r : requests) {
            if (r.traceMicros() < last) {
                throw new IllegalArgumentException(
                        "requests must be in arrival order: " + r + " after " + last + " us");
            }
            last = r.traceMicros();
            for (int f : r.functions()) {
                if (f < 0 || f >= poolSize) {
                    throw new IllegalArgumentException(
                            "function " + f + " of " + r + " is outside the pool of " + poolSize);
                }
            }
        }
    }

    /** Requests on the trace's clock per hour. */
    public double requestsPerHour() {
        return requests.size() / (traceMicros / 3.6e9);
    }

    /** Requests that needed at least one function. */
    public long functionRequests() {
        return requests.stream().filter(r -> r.functionCount() > 0).count();
    }
}
