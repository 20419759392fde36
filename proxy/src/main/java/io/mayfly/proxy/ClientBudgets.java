package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all client connections of one proxy hold together: how many are open, and the direct
 * memory of get data granted to them (windows asked of nodes, and segments queued for their
 * sockets). Windows are granted only within buffered-direct-bytes, so clients that read are
 * slowed to fit it and never closed for it; when a window waits for room, the connection that
 * has stopped reading and holds the most is closed: a client that stops reading pays, not the
 * others. Thread-safe.
 */
final class ClientBudgets {

    /**
     * How long a connection may hold queued get data without any of it reaching its socket before
     * it counts as no longer reading, and may be closed to free the budget for others.
     */
    static final long STALL_MS = 5_000;

    private final ConnectionLimits limits;
    private final Set<ClientAdmission> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong queuedDirectBytes = new AtomicLong();
    /** Granted and queued bytes of all connections: what the budget bounds. */
    private final AtomicLong heldBytes = new AtomicLong();
    /** Connections with a window waiting for room under the budget, woken when bytes are freed. */
    private final Set<ClientAdmission> waiting = ConcurrentHashMap.newKeySet();

    ClientBudgets(ConnectionLimits limits) {
        this.limits = limits;
    }

    ConnectionLimits limits() {
        return limits;
    }

    /** Counts an opened connection; returns how many are open now, this one included. */
    int opened(ClientAdmission connection) {
        open.add(connection);
        return open.size();
    }

    void closed(ClientAdmission connection) {
        open.remove(connection);
        waiting.remove(connection);
    }

    int openConnections() {
        return open.size();
    }

    /**
     * Holds {@code bytes} for a window if they fit within the budget; when nothing is held, any
     * window fits, so a budget below one window still progresses.
     */
    boolean tryHold(long bytes) {
        long held;
        do {
            held = heldBytes.get();
            if (held > 0 && held + bytes > limits.bufferedDirectBytes()) {
                return false;
            }
        } while (!heldBytes.compareAndSet(held, held + bytes));
        return true;
    }

    /** Whether {@code bytes} more would fit within the budget now. */
    boolean fits(long bytes) {
        long held = heldBytes.get();
        return held == 0 || held + bytes <= limits.bufferedDirectBytes();
    }

    /** Counts bytes held without a window (get data queued beyond what was granted). */
    void hold(long bytes) {
        heldBytes.addAndGet(bytes);
    }

    /** Gives back held bytes (written to a socket, or a window that will not reach its client). */
    void release(long bytes) {
        heldBytes.addAndGet(-bytes);
        if (!waiting.isEmpty()) {
            for (ClientAdmission connection : waiting) {
                connection.budgetFreed();
            }
        }
    }

    /** Counts {@code bytes} of granted get data queued for a socket. */
    void queued(long bytes) {
        queuedDirectBytes.addAndGet(bytes);
    }

    /** Counts queued bytes written to their socket and gives them back. */
    void written(long bytes) {
        queuedDirectBytes.addAndGet(-bytes);
        release(bytes);
    }

    void waiting(ClientAdmission connection, boolean waits) {
        if (waits) {
            waiting.add(connection);
        } else {
            waiting.remove(connection);
        }
    }

    long queuedDirectBytes() {
        return queuedDirectBytes.get();
    }

    long heldBytes() {
        return heldBytes.get();
    }

    /**
     * A window waits for room under the budget: closes the connection that holds the most queued
     * bytes among those whose socket took none of them for {@link #STALL_MS}. Clients that read
     * are left alone: their bytes free the room.
     */
    void shedStalled(long nowNanos) {
        ClientAdmission largest = null;
        for (ClientAdmission connection : open) {
            if (connection.stalled(nowNanos) && (largest == null || connection.queuedBytes() > largest.queuedBytes())) {
                largest = connection;
            }
        }
        if (largest != null) {
            largest.breach(
                    ErrorCode.TOO_LARGE,
                    "the proxy's clients hold " + heldBytes.get() + " bytes of get data, buffered-direct-bytes is "
                            + limits.bufferedDirectBytes() + ", and this connection read none of its "
                            + largest.queuedBytes() + " for " + STALL_MS
                            + " ms (read faster, or raise --buffered-direct-bytes)");
        }
    }
}
