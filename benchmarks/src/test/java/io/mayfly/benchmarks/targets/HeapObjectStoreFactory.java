package io.mayfly.benchmarks.targets;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ObjectStoreFactory;
import io.mayfly.client.StoreUnavailableException;
import io.mayfly.client.StoredValue;
import io.mayfly.client.ValueTooLargeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test double: an object store in this JVM's heap, so the driver's tests exercise Mayfly's
 * JCache layer without starting the proxy and its functions. Versions and conditions follow the
 * KeySpace contract. It remembers the settings it was last opened with, for tests that check what
 * the driver hands the provider.
 */
public final class HeapObjectStoreFactory implements ObjectStoreFactory {
    static volatile Map<String, String> lastSettings = Map.of();

    @Override
    public ObjectStore open(Map<String, String> settings) {
        lastSettings = Map.copyOf(settings);
        return new HeapObjectStore();
    }

    static final class HeapObjectStore implements ObjectStore {
        private final Map<String, Space> spaces = new ConcurrentHashMap<>();
        private final AtomicLong versions = new AtomicLong();
        private volatile boolean closed;

        @Override
        public KeySpace keySpace(String name, CodingSettings settings) {
            checkOpen();
            return spaces.computeIfAbsent(name, n -> new Space(n, settings, this));
        }

        @Override
        public void dropKeySpace(String name) {
            checkOpen();
            spaces.remove(name);
        }

        @Override
        public void close() {
            closed = true;
            spaces.clear();
        }

        void checkOpen() {
            if (closed) {
                throw new StoreUnavailableException("heap object store is closed");
            }
        }
    }

    private static final class Space implements KeySpace {
        private final String name;
        private final CodingSettings settings;
        private final HeapObjectStore store;
        private final Map<ByteBuffer, StoredValue> entries = new ConcurrentHashMap<>();

        Space(String name, CodingSettings settings, HeapObjectStore store) {
            this.name = name;
            this.settings = settings;
            this.store = store;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public StoredValue get(byte[] key) {
            store.checkOpen();
            StoredValue v = entries.get(ByteBuffer.wrap(key.clone()));
            return v == null ? null : new StoredValue(v.value().clone(), v.version(), v.length(), v.expiresAtMillis());
        }

        @Override
        public StoredValue head(byte[] key) {
            store.checkOpen();
            StoredValue v = entries.get(ByteBuffer.wrap(key.clone()));
            return v == null ? null : new StoredValue(null, v.version(), v.length(), v.expiresAtMillis());
        }

        @Override
        public long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId) {
            store.checkOpen();
            if (value.length > settings.maxValueSizeBytes()) {
                throw new ValueTooLargeException(value.length, settings.maxValueSizeBytes());
            }
            long[] committed = {CONFLICT};
            entries.compute(ByteBuffer.wrap(key.clone()), (k, current) -> {
                boolean holds = expectedVersion == ANY_VERSION
                        || (expectedVersion == ABSENT
                                ? current == null
                                : current != null && current.version() == expectedVersion);
                if (!holds) {
                    return current;
                }
                committed[0] = store.versions.incrementAndGet();
                return new StoredValue(value.clone(), committed[0], value.length, expiresAtMillis);
            });
            return committed[0];
        }

        @Override
        public boolean remove(byte[] key, long expectedVersion, long leaseId) {
            store.checkOpen();
            boolean[] removed = {false};
            entries.computeIfPresent(ByteBuffer.wrap(key.clone()), (k, current) -> {
                if (expectedVersion == ANY_VERSION || current.version() == expectedVersion) {
                    removed[0] = true;
                    return null;
                }
                return current;
            });
            return removed[0];
        }

        /** The benchmark caches have no writer or loader, so they never ask for a lease. */
        @Override
        public long acquireLease(byte[] key, long leaseMs, long waitMs) {
            throw new UnsupportedOperationException("the heap store keeps no write leases");
        }

        @Override
        public void releaseLease(byte[] key, long leaseId) {
            throw new UnsupportedOperationException("the heap store keeps no write leases");
        }

        @Override
        public boolean touch(byte[] key, long expectedVersion, long expiresAtMillis) {
            store.checkOpen();
            boolean[] touched = {false};
            entries.computeIfPresent(ByteBuffer.wrap(key.clone()), (k, current) -> {
                if (expectedVersion == ANY_VERSION || current.version() == expectedVersion) {
                    touched[0] = true;
                    return new StoredValue(current.value(), current.version(), current.length(), expiresAtMillis);
                }
                return current;
            });
            return touched[0];
        }

        @Override
        public List<byte[]> keys() {
            store.checkOpen();
            List<byte[]> keys = new ArrayList<>();
            for (ByteBuffer k : entries.keySet()) {
                byte[] copy = new byte[k.remaining()];
                k.duplicate().get(copy);
                keys.add(copy);
            }
            return keys;
        }

        @Override
        public void clear() {
            store.checkOpen();
            entries.clear();
        }
    }
}
