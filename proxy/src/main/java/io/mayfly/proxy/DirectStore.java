package io.mayfly.proxy;

import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.message.ExpectedVersion;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's memory reached from a caller's own thread, for a provider embedded in this JVM
 * only: a get or head answered from the small-value tier and the index, and a put of a value that
 * would travel inline, committed as an inline put arriving on a connection is ({@link
 * StoreCoordinator#commitInline}, the same write). Nothing here blocks: each call takes a few
 * short locks and copies the value once. Whatever it cannot answer (a value in shards, the proxy
 * still recovering its index or closed) it says so, and the caller sends the request over its
 * connection instead, which stays the only way to everything else.
 *
 * <p>Values are copied in and out: the tier's arrays are never shared with callers. A connection's
 * admission bounds (requests and bytes in flight, buffered bytes) do not apply: a direct call is
 * synchronous in its caller's thread and buffers nothing in the proxy but the value it stores,
 * which the small-value tier bounds; pinned-max-bytes applies as it does to every put.
 *
 * <p>Thread-safe. Once the proxy closes (see {@link #close}), every call answers that the channel
 * is to be used and touches nothing of the proxy.
 */
public final class DirectStore {

    /** How long closing waits for direct calls in flight (microseconds each in practice). */
    private static final long CLOSE_WAIT_MS = 5_000;

    private final StoreCoordinator store;
    private final CompletableFuture<?> recovered;
    private final LongAdder inFlight = new LongAdder();
    private volatile boolean closed;

    DirectStore(StoreCoordinator store, CompletableFuture<?> recovered) {
        this.store = store;
        this.recovered = recovered;
    }

    /** What a direct read found. */
    public enum Found {
        /** The key has no value. */
        ABSENT,
        /** The value's metadata, with its bytes when asked for. */
        FOUND,
        /**
         * Not answered here: the value lives in shards, or the proxy is still recovering its index or
         * has closed. Ask over the connection.
         */
        USE_CHANNEL
    }

    /**
     * A direct read's answer.
     *
     * @param value a copy of the bytes (the caller's to keep), or null when absent, not asked for,
     *     or not answered here
     * @param valueChecksum the whole-value checksum the value was stored with (CRC32C, as on the wire)
     */
    public record Read(
            Found found, long version, long length, long expiresAtMillis, byte @Nullable [] value, long valueChecksum) {

        static final Read ABSENT = new Read(Found.ABSENT, 0, 0, 0, null, 0);
        static final Read USE_CHANNEL = new Read(Found.USE_CHANNEL, 0, 0, 0, null, 0);
    }

    /** How a direct put ended. */
    public enum Outcome {
        COMMITTED,
        /** The expected version did not hold: nothing stored. */
        CONFLICT,
        /** The write lease ended before the commit: nothing stored. */
        LEASE_LOST,
        /** Pinned values fill the tier, or pinned-max-bytes is reached: nothing stored. */
        NO_ROOM,
        /**
         * Above the proxy's small-value threshold or its tier's capacity: nothing stored and the lease,
         * if any, untouched. Send it erasure-coded over the connection.
         */
        TOO_LARGE,
        /** The proxy is still recovering its index or has closed: nothing done. Use the connection. */
        USE_CHANNEL
    }

    /**
     * A direct put's answer.
     *
     * @param version the committed version (positive) when committed
     * @param reason why it was refused, in the words the proxy answers a connection with
     */
    public record Put(Outcome outcome, long version, String reason) {

        static final Put USE_CHANNEL = new Put(Outcome.USE_CHANNEL, 0, "the proxy is not serving direct calls");
    }

    /** Whether direct calls are answered now: the index is recovered and the proxy open. */
    public boolean serving() {
        return !closed && recovered.isDone();
    }

    /** The value of {@code key} and its metadata; see {@link Read}. */
    public Read get(String space, byte[] key) {
        return read(space, key, true);
    }

    /** The metadata of {@code key} only (also of a value that lives in shards). */
    public Read head(String space, byte[] key) {
        return read(space, key, false);
    }

    private Read read(String space, byte[] key, boolean wantValue) {
        if (!enter()) {
            return Read.USE_CHANNEL;
        }
        try {
            ObjectKey objectKey = ObjectKey.of(space, key);
            if (wantValue) {
                ObjectMeta peek = store.storage.index.get(objectKey);
                if (peek != null && !peek.inline()) {
                    return Read.USE_CHANNEL; // gathered from its shards over the connection
                }
            }
            StoreCoordinator.MemoryRead read = store.readMemory(objectKey, wantValue);
            if (read == null) {
                return Read.ABSENT;
            }
            ObjectMeta meta = read.meta();
            if (wantValue && !meta.inline()) {
                // Moved to shards since the peek: readMemory kept its read lease for a gather.
                store.storage.reads.release(objectKey, meta.version());
                return Read.USE_CHANNEL;
            }
            byte[] inline = read.inline();
            return new Read(
                    Found.FOUND,
                    meta.version(),
                    meta.length(),
                    meta.expiresAtMillis(),
                    wantValue && inline != null ? inline.clone() : null,
                    meta.wholeChecksum());
        } finally {
            inFlight.decrement();
        }
    }

    /**
     * Stores a copy of {@code value} as an inline put would, if the condition holds and, with a
     * lease, only while it holds (the commit ends it, as does any refusal but {@link
     * Outcome#TOO_LARGE} and {@link Outcome#USE_CHANNEL}).
     *
     * @param expectedVersion {@link ExpectedVersion#ANY}, {@link ExpectedVersion#ABSENT} or a version
     * @param leaseId the write lease, or {@link ExpectedVersion#NO_LEASE}
     */
    public Put put(
            String space,
            byte[] key,
            byte[] value,
            long expectedVersion,
            long expiresAtMillis,
            boolean pinned,
            long leaseId) {
        if (expectedVersion < ExpectedVersion.ANY) {
            throw new IllegalArgumentException(
                    "expected version " + expectedVersion + " is not ANY (-1), ABSENT (0) or a version");
        }
        String tooLarge = store.tooLargeToKeepWhole(value.length);
        if (tooLarge != null) {
            return new Put(Outcome.TOO_LARGE, 0, tooLarge);
        }
        if (!enter()) {
            return Put.USE_CHANNEL;
        }
        try {
            ObjectKey objectKey = ObjectKey.of(space, key);
            // As a put on a connection: a condition that fails now is answered before anything is stored.
            if (!store.storage.index.conditionHolds(objectKey, expectedVersion)) {
                endLease(objectKey, leaseId);
                return new Put(Outcome.CONFLICT, 0, "the expected version did not hold");
            }
            if (pinned && !store.storage.pinned.tryReserve(value.length)) {
                endLease(objectKey, leaseId);
                return new Put(Outcome.NO_ROOM, 0, store.pinnedRefusal(value.length));
            }
            byte[] copy = value.clone();
            StoreCoordinator.InlineCommit commit = store.commitInline(
                    objectKey, copy, Crc32c.valueChecksum(copy), expectedVersion, expiresAtMillis, pinned, leaseId);
            if (commit.outcome() == StoreCoordinator.InlineOutcome.COMMITTED) {
                store.metrics.committed();
                return new Put(Outcome.COMMITTED, commit.version(), "");
            }
            if (pinned) {
                store.storage.pinned.release(value.length);
            }
            if (commit.outcome() != StoreCoordinator.InlineOutcome.TOO_LARGE) {
                // Too large goes on over the channel, erasure-coded, under the same lease.
                endLease(objectKey, leaseId);
            }
            return new Put(
                    switch (commit.outcome()) {
                        case CONFLICT -> Outcome.CONFLICT;
                        case LEASE_LOST -> Outcome.LEASE_LOST;
                        case NO_ROOM -> Outcome.NO_ROOM;
                        case TOO_LARGE, COMMITTED -> Outcome.TOO_LARGE;
                    },
                    0,
                    commit.reason());
        } finally {
            inFlight.decrement();
        }
    }

    /** A refused write ends its lease, as on a connection: the next writer need not wait for it to expire. */
    private void endLease(ObjectKey key, long leaseId) {
        if (leaseId != ExpectedVersion.NO_LEASE) {
            store.leases.release(key, leaseId);
        }
    }

    /** Counts a call in; false (and not counted) when the proxy is not serving direct calls. */
    private boolean enter() {
        inFlight.increment();
        if (closed || !recovered.isDone()) {
            inFlight.decrement();
            return false;
        }
        return true;
    }

    /**
     * Stops answering direct calls and waits, briefly, for those in flight: the proxy closes its
     * storage only after. A call counted in before the flag was set is seen by the wait; one after
     * sees the flag (both are volatile).
     */
    void close() {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        while (inFlight.sum() != 0 && System.nanoTime() - deadline < 0) {
            Thread.yield();
        }
    }
}
