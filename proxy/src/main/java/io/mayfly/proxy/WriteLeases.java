package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.proxy.index.ObjectKey;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-key write leases: while one client's CacheWriter runs for a mutation of a key, no other
 * client holding a lease mutates that key, so the writer sees each applied mutation exactly once
 * and no mutation the cache does not apply. A lease ends when a write committed under it commits,
 * when its holder releases it, or on its own after its duration (a holder that died). Waiters are
 * granted in arrival order. Only caches with a writer or loader ask for leases; other writes never
 * look here.
 *
 * <p>Thread-safe; grants and refusals are delivered outside the lock, timers run on the executor
 * the acquirer names (its channel's event loop). Bounded: a proxy holds at most {@code maxKeys}
 * leased keys and {@code maxWaitersPerKey} waiters per key; past either it refuses at once.
 */
final class WriteLeases {

    private static final Logger log = LoggerFactory.getLogger(WriteLeases.class);

    /** Where a grant or a refusal goes. */
    interface Requester {
        /** The lease is held as {@code leaseId}; false when the requester is gone (the lease is given back). */
        boolean granted(long leaseId);

        void refused(ErrorCode code, String reason);
    }

    private final int maxKeys;
    private final int maxWaitersPerKey;
    private final LongSupplier nanoTime;
    private final Map<ObjectKey, Lease> leases = new HashMap<>();
    /** Lease ids start at a random point: a client still holding an id from before a restart matches nothing. */
    private long nextId = new SecureRandom().nextLong() & Long.MAX_VALUE;

    WriteLeases(int maxKeys, int maxWaitersPerKey, LongSupplier nanoTime) {
        this.maxKeys = maxKeys;
        this.maxWaitersPerKey = maxWaitersPerKey;
        this.nanoTime = nanoTime;
    }

    private static final class Waiter {
        final long leaseMs;
        final Requester requester;
        final ScheduledExecutorService timer;

        @Nullable
        ScheduledFuture<?> timeout;

        Waiter(long leaseMs, Requester requester, ScheduledExecutorService timer) {
            this.leaseMs = leaseMs;
            this.requester = requester;
            this.timer = timer;
        }
    }

    private static final class Lease {
        long id;
        long expiresAtNanos;

        @Nullable
        ScheduledFuture<?> expiry;

        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    }

    /** Grants the key's lease now, or once it is free; refuses with TIMEOUT after {@code waitMs}. */
    void acquire(ObjectKey key, long leaseMs, long waitMs, ScheduledExecutorService timer, Requester requester) {
        Waiter waiter = new Waiter(leaseMs, requester, timer);
        List<Runnable> deliveries = new ArrayList<>(1);
        synchronized (this) {
            Lease lease = leases.get(key);
            if (lease != null && lease.expiresAtNanos - nanoTime.getAsLong() <= 0) {
                expire(key, lease, lease.id, deliveries);
                lease = leases.get(key);
            }
            if (lease == null) {
                if (leases.size() >= maxKeys) {
                    deliveries.add(() -> requester.refused(
                            ErrorCode.UNAVAILABLE,
                            "the proxy holds write leases on " + maxKeys + " keys, its limit; retry later"));
                } else {
                    lease = new Lease();
                    leases.put(key, lease);
                    grant(key, lease, waiter, deliveries);
                }
            } else if (lease.waiters.size() >= maxWaitersPerKey) {
                deliveries.add(() -> requester.refused(
                        ErrorCode.UNAVAILABLE,
                        maxWaitersPerKey + " clients already wait for the write lease of " + key + "; retry later"));
            } else {
                lease.waiters.add(waiter);
                waiter.timeout = timer.schedule(() -> giveUp(key, waiter, waitMs), waitMs, TimeUnit.MILLISECONDS);
            }
        }
        deliveries.forEach(Runnable::run);
    }

    /**
     * Runs {@code commit} if {@code leaseId} still holds the key's lease, with the lease unable to
     * change hands meanwhile, then ends the lease.
     *
     * @return the commit's result, or null (nothing run) when the lease expired or is not this one
     */
    <T> @Nullable T commitUnder(ObjectKey key, long leaseId, Supplier<T> commit) {
        List<Runnable> deliveries = new ArrayList<>(1);
        @Nullable T result = null;
        synchronized (this) {
            Lease lease = leases.get(key);
            if (lease != null && lease.id == leaseId) {
                if (lease.expiresAtNanos - nanoTime.getAsLong() > 0) {
                    result = commit.get();
                }
                end(key, lease, deliveries);
            }
        }
        deliveries.forEach(Runnable::run);
        return result;
    }

    /** Ends the lease if {@code leaseId} still holds it; false when it had already ended. */
    boolean release(ObjectKey key, long leaseId) {
        List<Runnable> deliveries = new ArrayList<>(1);
        boolean released = false;
        synchronized (this) {
            Lease lease = leases.get(key);
            if (lease != null && lease.id == leaseId) {
                end(key, lease, deliveries);
                released = true;
            }
        }
        deliveries.forEach(Runnable::run);
        return released;
    }

    /** Keys leased now (for tests and metrics). */
    synchronized int leasedKeys() {
        return leases.size();
    }

    private void grant(ObjectKey key, Lease lease, Waiter waiter, List<Runnable> deliveries) {
        long id = ++nextId == 0 ? ++nextId : nextId;
        lease.id = id;
        lease.expiresAtNanos = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(waiter.leaseMs);
        lease.expiry = waiter.timer.schedule(() -> expireIfCurrent(key, id), waiter.leaseMs, TimeUnit.MILLISECONDS);
        if (waiter.timeout != null) {
            waiter.timeout.cancel(false);
        }
        deliveries.add(() -> {
            if (!waiter.requester.granted(id)) {
                release(key, id);
            }
        });
    }

    /** The lease passes to the next waiter, or the key leaves the map. */
    private void end(ObjectKey key, Lease lease, List<Runnable> deliveries) {
        if (lease.expiry != null) {
            lease.expiry.cancel(false);
            lease.expiry = null;
        }
        Waiter next = lease.waiters.poll();
        if (next == null) {
            leases.remove(key);
        } else {
            grant(key, lease, next, deliveries);
        }
    }

    private void expireIfCurrent(ObjectKey key, long id) {
        List<Runnable> deliveries = new ArrayList<>(1);
        synchronized (this) {
            Lease lease = leases.get(key);
            if (lease != null && lease.id == id) {
                expire(key, lease, id, deliveries);
            }
        }
        deliveries.forEach(Runnable::run);
    }

    private void expire(ObjectKey key, Lease lease, long id, List<Runnable> deliveries) {
        log.info("write lease {} of {} expired before its holder committed or released it", id, key);
        end(key, lease, deliveries);
    }

    private void giveUp(ObjectKey key, Waiter waiter, long waitMs) {
        boolean removed;
        synchronized (this) {
            Lease lease = leases.get(key);
            removed = lease != null && lease.waiters.remove(waiter);
        }
        if (removed) {
            waiter.requester.refused(
                    ErrorCode.TIMEOUT,
                    "the write lease of " + key + " stayed held for the " + waitMs
                            + " ms this client waits (mayfly.operation-timeout-ms)");
        }
    }
}
