package io.mayfly.benchmarks.billing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Builds a {@link ServiceLog} during a replay: the proxy reports each node a request needs (its
 * demand listener, called on its event loops) and the replay, which sends one request at a time,
 * brackets each request with {@link #begin} and {@link #end}. Demand outside a request (warm-ups,
 * backups, repair) is not a request's and is ignored: the simulator prices those separately.
 */
public final class ServiceRecorder implements IntConsumer {
    private final int poolSize;
    private final List<ServedRequest> requests = new ArrayList<>();
    private final BitSet current = new BitSet();
    private boolean open;
    private long traceMicros;
    private String key;
    private long startNanos;

    public ServiceRecorder(int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size " + poolSize + " must be at least 1");
        }
        this.poolSize = poolSize;
    }

    @Override
    public synchronized void accept(int node) {
        if (open && node >= 0 && node < poolSize) {
            current.set(node);
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
                key,
                current.stream().toArray()));
    }

    /** The log so far, spanning {@code traceSpanMicros} of trace time. */
    public synchronized ServiceLog log(long traceSpanMicros) {
        return new ServiceLog(poolSize, Math.max(1, traceSpanMicros), requests);
    }
}
