package io.mayfly.client;

import io.mayfly.protocol.message.ExpectedVersion;
import java.util.List;

/**
 * One cache's keys. Every value carries a version assigned by the proxy when the write commits;
 * conditional writes compare versions at the proxy, so they are atomic for every JVM sharing it.
 *
 * <p>Conditions: {@link #ANY_VERSION} writes unconditionally, {@link #ABSENT} writes only if the
 * key has no value, any positive number writes only if the current version equals it.
 *
 * <p>Expiry is metadata only: the store returns an entry whose {@code expiresAtMillis} has passed
 * (the JCache layer decides what expired means and fires its events), and may purge such entries
 * later in the background.
 *
 * <p>Every method throws {@link StoreUnavailableException} when the proxy cannot be reached
 * within the operation timeout.
 */
public interface KeySpace {

    long ANY_VERSION = ExpectedVersion.ANY;
    long ABSENT = ExpectedVersion.ABSENT;
    /** Returned by writes whose condition did not hold (no version is ever 0). */
    long CONFLICT = ExpectedVersion.ABSENT;
    /** The lease id of a write that holds no write lease. */
    long NO_LEASE = ExpectedVersion.NO_LEASE;

    long NEVER_EXPIRES = Long.MAX_VALUE;

    String name();

    /**
     * The longest any call may block from now on, in ms, or -1 when a call may block longer
     * (not yet connected: connecting has its own timeout). A caller that needs a bound no looser
     * than this one can call in its own thread instead of guarding the call with another.
     */
    default long callBoundMs() {
        return -1;
    }

    /** The value and its metadata, or {@code null} when the key has no value. */
    StoredValue get(byte[] key);

    /** The metadata only (the value is not fetched), or {@code null} when absent. */
    StoredValue head(byte[] key);

    /**
     * Stores {@code value} if the condition holds.
     *
     * @return the committed version (positive), or {@link #CONFLICT} when the condition failed
     * @throws ValueTooLargeException before anything is sent, when the value exceeds the limit
     */
    default long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis) {
        return put(key, value, expectedVersion, expiresAtMillis, NO_LEASE);
    }

    /**
     * Stores {@code value} if the condition holds and, unless {@code leaseId} is
     * {@link #NO_LEASE}, only while that write lease still holds; the commit ends the lease.
     *
     * @return the committed version (positive), or {@link #CONFLICT} when the condition failed
     * @throws WriteLeaseLostException when the lease ended before the commit (nothing stored)
     */
    long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId);

    /** Removes the value if the condition holds; false when absent or the condition failed. */
    default boolean remove(byte[] key, long expectedVersion) {
        return remove(key, expectedVersion, NO_LEASE);
    }

    /**
     * Removes the value if the condition holds, under a write lease as {@link #put} does.
     *
     * @throws WriteLeaseLostException when the lease ended before the commit (nothing removed)
     */
    boolean remove(byte[] key, long expectedVersion, long leaseId);

    /**
     * Takes the key's write lease: while it holds, no other holder of a lease on the key commits.
     * It ends with a write committed under it, with {@link #releaseLease}, or after {@code leaseMs}.
     *
     * @return the lease id (never {@link #NO_LEASE})
     * @throws StoreUnavailableException when the lease stays held by another for {@code waitMs}
     */
    long acquireLease(byte[] key, long leaseMs, long waitMs);

    /** Ends a lease that no write committed under; harmless when it already ended. */
    void releaseLease(byte[] key, long leaseId);

    /** Changes only the expiry time of the given version; false if that version is not current. */
    boolean touch(byte[] key, long expectedVersion, long expiresAtMillis);

    /** A snapshot of the keys present now, in no particular order. */
    List<byte[]> keys();

    /** Removes every value of this key space. */
    void clear();
}
