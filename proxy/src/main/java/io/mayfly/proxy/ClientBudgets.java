package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all client connections of one proxy hold together: how many are open, and the direct
 * memory of shard data queued for their sockets. When that memory passes buffered-direct-bytes,
 * the connection holding the most of it is closed: a client that stops reading pays, not the
 * others. Thread-safe.
 */
final class ClientBudgets {

    private final ConnectionLimits limits;
    private final Set<ClientAdmission> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong queuedDirectBytes = new AtomicLong();

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
    }

    int openConnections() {
        return open.size();
    }

    /** Counts {@code bytes} queued for a socket; true when the proxy-wide budget is now exceeded. */
    boolean queued(long bytes) {
        return queuedDirectBytes.addAndGet(bytes) > limits.bufferedDirectBytes();
    }

    void written(long bytes) {
        queuedDirectBytes.addAndGet(-bytes);
    }

    long queuedDirectBytes() {
        return queuedDirectBytes.get();
    }

    /** Closes the connection with the most bytes queued, naming the proxy-wide budget. */
    void shedLargest() {
        ClientAdmission largest = null;
        for (ClientAdmission connection : open) {
            if (largest == null || connection.queuedBytes() > largest.queuedBytes()) {
                largest = connection;
            }
        }
        if (largest != null) {
            largest.breach(
                    ErrorCode.TOO_LARGE,
                    "the proxy's clients hold " + queuedDirectBytes.get() + " bytes of unread get data,"
                            + " buffered-direct-bytes is " + limits.bufferedDirectBytes() + "; this connection"
                            + " holds the most, " + largest.queuedBytes()
                            + " (read faster, or raise --buffered-direct-bytes)");
        }
    }
}
