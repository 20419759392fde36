package io.mayfly.proxy;

import io.mayfly.proxy.index.ObjectKey;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads in flight per version, so a superseded version's storage is freed only after the gets
 * already reading it finish: a get racing an overwrite returns the old value or the new one,
 * never a miss because the old shards were deleted under it (a sleeping node gets its deletes
 * before the get's SHARD_GET when it wakes). Bounded by the reads in flight.
 */
final class ReadLeases {

    private record Version(ObjectKey key, long version) {}

    private static final class Lease {
        int readers;

        @Nullable
        Runnable afterReads;
    }

    private final ConcurrentHashMap<Version, Lease> leases = new ConcurrentHashMap<>();

    /** A read of this version starts; the caller checks the version is still current after. */
    void acquire(ObjectKey key, long version) {
        leases.compute(new Version(key, version), (k, lease) -> {
            Lease l = lease == null ? new Lease() : lease;
            l.readers++;
            return l;
        });
    }

    /** A read of this version ended; runs the deferred release when it was the last. */
    void release(ObjectKey key, long version) {
        Runnable[] run = new Runnable[1];
        leases.computeIfPresent(new Version(key, version), (k, lease) -> {
            if (--lease.readers > 0) {
                return lease;
            }
            run[0] = lease.afterReads;
            return null;
        });
        if (run[0] != null) {
            run[0].run();
        }
    }

    /** Runs {@code action} now when no read of this version is in flight, else after the last. */
    void afterReads(ObjectKey key, long version, Runnable action) {
        boolean[] deferred = new boolean[1];
        leases.computeIfPresent(new Version(key, version), (k, lease) -> {
            Runnable before = lease.afterReads;
            lease.afterReads = before == null
                    ? action
                    : () -> {
                        before.run();
                        action.run();
                    };
            deferred[0] = true;
            return lease;
        });
        if (!deferred[0]) {
            action.run();
        }
    }

    /** Whether a read of this version is in flight. */
    boolean reading(ObjectKey key, long version) {
        return leases.containsKey(new Version(key, version));
    }

    int size() {
        return leases.size();
    }
}
