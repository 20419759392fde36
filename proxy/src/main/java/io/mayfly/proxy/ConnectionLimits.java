package io.mayfly.proxy;

import io.netty.util.internal.PlatformDependent;

/**
 * Bounds on what one client connection, and all of them together, may hold in the proxy. Each
 * breach is answered by an ERROR naming the setting, then the connection is closed.
 *
 * @param maxClientConnections client connections open at once (--max-client-connections)
 * @param maxRequestsInFlight requests one connection may have unanswered (--max-requests-in-flight)
 * @param maxBytesInFlightPerConnection bytes one connection may have buffered in the proxy: inline
 *     put bytes received and not yet committed, and get bytes asked of the nodes for it or queued
 *     for it and not yet written to its socket; gets are paced to stay within it
 *     (--max-bytes-in-flight-per-connection)
 * @param authTimeoutMs from connect until the session is ready (authenticated) (--auth-timeout-ms)
 * @param idleTimeoutMs a connection that neither sends nor receives a byte this long is closed; 0:
 *     never (--idle-timeout-ms)
 * @param bufferedDirectBytes direct memory all connections together may hold in get data asked of
 *     the nodes for them or queued for their sockets; gets are paced to stay within it, and a
 *     connection that stopped reading is closed when others wait for room (--buffered-direct-bytes)
 */
public record ConnectionLimits(
        int maxClientConnections,
        int maxRequestsInFlight,
        long maxBytesInFlightPerConnection,
        long authTimeoutMs,
        long idleTimeoutMs,
        long bufferedDirectBytes) {

    public static final int DEFAULT_MAX_CLIENT_CONNECTIONS = 1024;
    /** Far above what one provider connection pipelines (a bulk get of a few thousand keys). */
    public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 4096;
    /**
     * Gets are paced within it: room for each shard of a wide value to have a window of a few MiB
     * asked of its node while the client reads as much again.
     */
    public static final long DEFAULT_MAX_BYTES_IN_FLIGHT_PER_CONNECTION = 128L << 20;

    public static final long DEFAULT_AUTH_TIMEOUT_MS = 10_000;
    /** Ten minutes: far above the longest a request waits on the proxy (dial-back plus shard timeouts). */
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 600_000;

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(
            DEFAULT_MAX_CLIENT_CONNECTIONS,
            DEFAULT_MAX_REQUESTS_IN_FLIGHT,
            DEFAULT_MAX_BYTES_IN_FLIGHT_PER_CONNECTION,
            DEFAULT_AUTH_TIMEOUT_MS,
            DEFAULT_IDLE_TIMEOUT_MS,
            defaultBufferedDirectBytes());

    public ConnectionLimits {
        positive("max-client-connections", maxClientConnections);
        positive("max-requests-in-flight", maxRequestsInFlight);
        positive("max-bytes-in-flight-per-connection", maxBytesInFlightPerConnection);
        positive("auth-timeout-ms", authTimeoutMs);
        positive("buffered-direct-bytes", bufferedDirectBytes);
        if (idleTimeoutMs < 0) {
            throw new IllegalArgumentException("idle-timeout-ms=" + idleTimeoutMs + " must be 0 (never) or positive");
        }
    }

    /**
     * Half of the JVM's direct memory limit (-XX:MaxDirectMemorySize, else the heap's maximum), as
     * Netty sees it: the rest stays for the sockets' own buffers and the node links.
     */
    public static long defaultBufferedDirectBytes() {
        return Math.max(16L << 20, PlatformDependent.maxDirectMemory() / 2);
    }

    public ConnectionLimits withMaxClientConnections(int max) {
        return new ConnectionLimits(
                max,
                maxRequestsInFlight,
                maxBytesInFlightPerConnection,
                authTimeoutMs,
                idleTimeoutMs,
                bufferedDirectBytes);
    }

    public ConnectionLimits withInFlight(int requests, long bytesPerConnection) {
        return new ConnectionLimits(
                maxClientConnections, requests, bytesPerConnection, authTimeoutMs, idleTimeoutMs, bufferedDirectBytes);
    }

    public ConnectionLimits withTimeouts(long authMs, long idleMs) {
        return new ConnectionLimits(
                maxClientConnections,
                maxRequestsInFlight,
                maxBytesInFlightPerConnection,
                authMs,
                idleMs,
                bufferedDirectBytes);
    }

    public ConnectionLimits withBufferedDirectBytes(long bytes) {
        return new ConnectionLimits(
                maxClientConnections,
                maxRequestsInFlight,
                maxBytesInFlightPerConnection,
                authTimeoutMs,
                idleTimeoutMs,
                bytes);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + "=" + value + " must be positive (fix --" + name + ")");
        }
    }
}
