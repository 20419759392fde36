package io.mayfly.client;

import io.mayfly.protocol.codec.WireLimits;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The caller-driven connections to one proxy: at most {@code max} open, each lent to one call at
 * a time. The most recently returned is lent first, so a lightly loaded client keeps using a few
 * warm ones.
 */
final class DirectConnections implements AutoCloseable {

    /**
     * Idle connections older than this are closed rather than reused: the proxy closes a client
     * connection idle for its idle timeout (ten minutes by default), and a request written just as
     * it does would be lost.
     */
    static final long MAX_IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final InetSocketAddress address;
    private final WireLimits limits;
    private final ClientSecurity security;
    private final SecureRandom random;
    private final long operationTimeoutMs;
    private final int max;
    private final LinkedBlockingDeque<DirectConnection> idle = new LinkedBlockingDeque<>();
    private final Set<DirectConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean closed;

    DirectConnections(
            String name,
            InetSocketAddress address,
            int segmentCapBytes,
            ClientSecurity security,
            SecureRandom random,
            long operationTimeoutMs,
            int max) {
        this.name = name;
        this.address = address;
        this.limits = WireLimits.withSegmentCap(segmentCapBytes);
        this.security = security;
        this.random = random;
        this.operationTimeoutMs = operationTimeoutMs;
        this.max = max;
    }

    /**
     * An idle connection, or a new one while fewer than the maximum are open; null when all are
     * lent out.
     *
     * @throws StoreUnavailableException when a new connection cannot be opened before the deadline
     */
    @Nullable
    DirectConnection borrow(long deadlineNanos) {
        checkOpen();
        DirectConnection c;
        while ((c = idle.pollFirst()) != null) {
            if (c.usable(MAX_IDLE_NANOS)) {
                return c;
            }
            discard(c);
        }
        while (true) {
            int n = count.get();
            if (n >= max) {
                return null;
            }
            if (count.compareAndSet(n, n + 1)) {
                break;
            }
        }
        DirectConnection[] opening = new DirectConnection[1];
        try {
            c = DirectConnection.open(
                    name,
                    address,
                    limits,
                    security,
                    random,
                    operationTimeoutMs,
                    o -> {
                        opening[0] = o;
                        open.add(o);
                        if (closed) {
                            o.closeSocket();
                        }
                    },
                    deadlineNanos);
        } catch (RuntimeException e) {
            if (opening[0] != null) {
                open.remove(opening[0]);
            }
            count.decrementAndGet();
            checkOpen();
            throw e;
        }
        return c;
    }

    /**
     * Waits until a lent connection comes back, up to the deadline.
     *
     * @throws StoreUnavailableException when none comes back in time
     */
    DirectConnection await(long deadlineNanos) {
        while (true) {
            checkOpen();
            DirectConnection c;
            try {
                c = idle.pollFirst(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for a connection to proxy " + name, e);
            }
            if (c == null) {
                DirectConnection fresh = borrow(deadlineNanos);
                if (fresh != null) {
                    return fresh;
                }
                throw new StoreUnavailableException("all " + max + " connections to proxy " + name
                        + " stayed busy for the operation timeout, " + operationTimeoutMs
                        + " ms (mayfly.operation-timeout-ms; mayfly.caller-connections)");
            }
            if (c.usable(MAX_IDLE_NANOS)) {
                return c;
            }
            discard(c);
            DirectConnection fresh = borrow(deadlineNanos);
            if (fresh != null) {
                return fresh;
            }
        }
    }

    /** Connections lent out now. */
    int lent() {
        return Math.max(0, open.size() - idle.size());
    }

    boolean owns(DirectConnection c) {
        return open.contains(c);
    }

    /** Takes a connection back after its call; a broken one is closed. */
    void release(DirectConnection c) {
        if (c.broken() || closed) {
            discard(c);
            return;
        }
        c.idle();
        idle.offerFirst(c);
        if (closed && idle.remove(c)) {
            discard(c);
        }
    }

    private void discard(DirectConnection c) {
        c.close();
        if (open.remove(c)) {
            count.decrementAndGet();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreUnavailableException("the store is closed");
        }
    }

    /** Closes every connection; one lent out ends its call with a failure and is closed on return. */
    @Override
    public void close() {
        closed = true;
        DirectConnection c;
        while ((c = idle.pollFirst()) != null) {
            discard(c);
        }
        for (DirectConnection lent : open) {
            lent.closeSocket();
        }
    }
}
