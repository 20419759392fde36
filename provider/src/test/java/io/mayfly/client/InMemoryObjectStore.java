package io.mayfly.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test fake of the storage contract, in memory: versions strictly increase per key (one counter
 * for the store), conditions hold atomically, expiry is metadata only, every method thread-safe.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private final Map<String, Space> spaces = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();
    private final LeaseTable leases = new LeaseTable();
    private volatile boolean closed;

    @Override
    public KeySpace keySpace(String name, CodingSettings settings) {
        checkOpen();
        return spaces.computeIfAbsent(name, n -> new Space(n, settings));
    }

    @Override
    public void dropKeySpace(String name) {
        checkOpen();
        Space space = spaces.remove(name);
        if (space != null) {
            space.entries.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        spaces.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreUnavailableException("the in-memory store is closed");
        }
    }

    /** A key as a map key: by content. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private final class Space implements KeySpace {

        private final String name;
        private final CodingSettings settings;
        private final Map<Key, StoredValue> entries = new ConcurrentHashMap<>();

        Space(String name, CodingSettings settings) {
            this.name = name;
            this.settings = settings;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public StoredValue get(byte[] key) {
            checkOpen();
            StoredValue stored = entries.get(new Key(key));
            return stored == null
                    ? null
                    : new StoredValue(
                            stored.value().clone(), stored.version(), stored.length(), stored.expiresAtMillis());
        }

        @Override
        public StoredValue head(byte[] key) {
            checkOpen();
            StoredValue stored = entries.get(new Key(key));
            return stored == null
                    ? null
                    : new StoredValue(null, stored.version(), stored.length(), stored.expiresAtMillis());
        }

        @Override
        public long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId) {
            checkOpen();
            if (value.length > settings.maxValueSizeBytes()) {
                throw new ValueTooLargeException(value.length, settings.maxValueSizeBytes());
            }
            long[] committed = {CONFLICT};
            byte[] copy = value.clone();
            return LeaseTable.maybeUnder(leases, key, leaseId, () -> {
                entries.compute(new Key(key.clone()), (k, current) -> {
                    boolean holds = expectedVersion == ANY_VERSION
                            || (expectedVersion == ABSENT && current == null)
                            || (current != null && current.version() == expectedVersion);
                    if (!holds) {
                        return current;
                    }
                    committed[0] = versions.incrementAndGet();
                    return new StoredValue(copy, committed[0], copy.length, expiresAtMillis);
                });
                return committed[0];
            });
        }

        @Override
        public boolean remove(byte[] key, long expectedVersion, long leaseId) {
            checkOpen();
            boolean[] removed = {false};
            return LeaseTable.maybeUnder(leases, key, leaseId, () -> {
                entries.computeIfPresent(new Key(key), (k, current) -> {
                    if (expectedVersion == ANY_VERSION || current.version() == expectedVersion) {
                        removed[0] = true;
                        return null;
                    }
                    return current;
                });
                return removed[0];
            });
        }

        @Override
        public long acquireLease(byte[] key, long leaseMs, long waitMs) {
            checkOpen();
            return leases.acquire(key, leaseMs, waitMs);
        }

        @Override
        public void releaseLease(byte[] key, long leaseId) {
            checkOpen();
            leases.release(key, leaseId);
        }

        @Override
        public boolean touch(byte[] key, long expectedVersion, long expiresAtMillis) {
            checkOpen();
            boolean[] touched = {false};
            entries.computeIfPresent(new Key(key), (k, current) -> {
                if (current.version() != expectedVersion) {
                    return current;
                }
                touched[0] = true;
                return new StoredValue(current.value(), current.version(), current.length(), expiresAtMillis);
            });
            return touched[0];
        }

        @Override
        public List<byte[]> keys() {
            checkOpen();
            List<byte[]> keys = new ArrayList<>();
            for (Key k : entries.keySet()) {
                keys.add(k.bytes().clone());
            }
            return keys;
        }

        @Override
        public void clear() {
            checkOpen();
            entries.clear();
        }
    }
}
