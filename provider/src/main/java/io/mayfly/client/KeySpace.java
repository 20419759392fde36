package io.mayfly.client;

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

    long ANY_VERSION = -1L;
    long ABSENT = 0L;
    /** Returned by writes whose condition did not hold. */
    long CONFLICT = 0L;

    long NEVER_EXPIRES = Long.MAX_VALUE;

    String name();

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
    long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis);

    /** Removes the value if the condition holds; false when absent or the condition failed. */
    boolean remove(byte[] key, long expectedVersion);

    /** Changes only the expiry time of the given version; false if that version is not current. */
    boolean touch(byte[] key, long expectedVersion, long expiresAtMillis);

    /** A snapshot of the keys present now, in no particular order. */
    List<byte[]> keys();

    /** Removes every value of this key space. */
    void clear();
}
