package io.mayfly.client;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Write leases for a test fake of the store: the proxy's rules (one holder per key, waiters wait
 * up to their deadline, a lease ends on commit, release or expiry) in one JVM, with a monitor.
 */
final class LeaseTable {

    private record Held(long id, long expiresAtNanos) {}

    private final Map<ByteBuffer, Held> held = new HashMap<>();
    private long nextId;

    synchronized long acquire(byte[] key, long leaseMs, long waitMs) {
        ByteBuffer k = ByteBuffer.wrap(key.clone());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (true) {
            Held current = held.get(k);
            long now = System.nanoTime();
            if (current == null || current.expiresAtNanos() - now <= 0) {
                long id = ++nextId;
                held.put(k, new Held(id, now + TimeUnit.MILLISECONDS.toNanos(leaseMs)));
                return id;
            }
            long wait = Math.min(deadline, current.expiresAtNanos()) - now;
            if (deadline - now <= 0) {
                throw new StoreUnavailableException("the write lease stayed held for " + waitMs + " ms");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(wait, 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted waiting for a write lease", e);
            }
        }
    }

    /** Runs the commit while lease {@code id} holds, then ends it; throws when it no longer holds. */
    synchronized <T> T commitUnder(byte[] key, long id, java.util.function.Supplier<T> commit) {
        ByteBuffer k = ByteBuffer.wrap(key);
        Held current = held.get(k);
        if (current == null || current.id() != id || current.expiresAtNanos() - System.nanoTime() <= 0) {
            throw new WriteLeaseLostException("write lease " + id + " ended before the write committed");
        }
        try {
            return commit.get();
        } finally {
            held.remove(k);
            notifyAll();
        }
    }

    synchronized void release(byte[] key, long id) {
        ByteBuffer k = ByteBuffer.wrap(key);
        Held current = held.get(k);
        if (current != null && current.id() == id) {
            held.remove(k);
            notifyAll();
        }
    }

    /** Commits directly without a lease, under it with one. */
    static <T> T maybeUnder(LeaseTable leases, byte[] key, long leaseId, java.util.function.Supplier<T> commit) {
        return leaseId == KeySpace.NO_LEASE ? commit.get() : leases.commitUnder(key, leaseId, commit);
    }
}
