package io.mayfly.benchmarks.billing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ServiceLog} during a replay: the proxy reports each node a request needs (its
 * demand listener, called on its event loops) and the replay, which sends one request at a time,
 * brackets each request with {@link #begin} and {@link #end}. Demand outside a request (warm-ups,
 * backups, repair) is not a request's and is ignored: the simulator prices those separately.
 *
 * <p>lambda-local's meter reports each serve invocation as it returns ({@link #invocationReturned});
 * one that served a single request (a node that returns when idle) gives that function's own busy
 * time for it, which the simulator uses instead of the request's wall time.
 */
public final class ServiceRecorder implements IntConsumer {
    private final int poolSize;
    private final List<ServedRequest> requests = new ArrayList<>();
    /** Per request, per pool index: the busy time of its function, or -1. */
    private final List<long[]> busy = new ArrayList<>();
    /** Per function: the last request that needed it, and how many did since its last return. */
    private final int[] lastRequest;

    private final int[] requestsSinceReturn;
    private final BitSet current = new BitSet();
    private boolean open;
    private long traceMicros;
    private @Nullable String key;
    private long startNanos;

    public ServiceRecorder(int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size " + poolSize + " must be at least 1");
        }
        this.poolSize = poolSize;
        this.lastRequest = new int[poolSize];
        this.requestsSinceReturn = new int[poolSize];
        java.util.Arrays.fill(lastRequest, -1);
    }

    /** A serve invocation of the function at {@code node} returned after {@code durationNanos}. */
    public synchronized void invocationReturned(int node, long durationNanos) {
        if (node < 0 || node >= poolSize) {
            return;
        }
        if (requestsSinceReturn[node] == 1 && lastRequest[node] >= 0 && lastRequest[node] < busy.size()) {
            busy.get(lastRequest[node])[node] = durationNanos;
        }
        requestsSinceReturn[node] = 0;
    }

    @Override
    public synchronized void accept(int node) {
        if (open && node >= 0 && node < poolSize && !current.get(node)) {
            current.set(node);
            lastRequest[node] = requests.size();
            requestsSinceReturn[node]++;
        }
    }

    /** A request for {@code key} arriving at {@code traceMicros} on the trace's clock starts now. */
    public synchronized void begin(long traceMicros, String key) {
        if (open) {
            throw new IllegalStateException("request " + this.key + " is still open; end it before the next begins");
        }
        open = true;
        this.traceMicros = traceMicros;
        this.key = key;
        this.startNanos = System.nanoTime();
        current.clear();
        long[] own = new long[poolSize];
        java.util.Arrays.fill(own, -1);
        busy.add(own);
    }

    /** The request begun last has been answered (or failed). */
    public synchronized void end() {
        if (!open) {
            throw new IllegalStateException("no request is open");
        }
        open = false;
        requests.add(new ServedRequest(
                traceMicros,
                System.nanoTime() - startNanos,
                Objects.requireNonNull(key, "an open request has a key"),
                current.stream().toArray()));
    }

    /** The log so far, spanning {@code traceSpanMicros} of trace time. */
    public synchronized ServiceLog log(long traceSpanMicros) {
        List<ServedRequest> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            ServedRequest r = requests.get(i);
            int[] functions = r.functions();
            long[] own = new long[functions.length];
            for (int j = 0; j < functions.length; j++) {
                own[j] = busy.get(i)[functions[j]];
            }
            out.add(new ServedRequest(r.traceMicros(), r.serviceNanos(), r.key(), functions, own));
        }
        return new ServiceLog(poolSize, Math.max(1, traceSpanMicros), out);
    }
}
