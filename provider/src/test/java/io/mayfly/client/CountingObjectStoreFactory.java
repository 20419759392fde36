package io.mayfly.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that counts the reads and writes every key space receives. */
public final class CountingObjectStoreFactory implements ObjectStoreFactory {

    public static final AtomicInteger READS = new AtomicInteger();
    public static final AtomicInteger WRITES = new AtomicInteger();

    @Override
    public ObjectStore open(Map<String, String> settings) {
        InMemoryObjectStore delegate = new InMemoryObjectStore();
        return new ObjectStore() {
            @Override
            public KeySpace keySpace(String name, CodingSettings coding) {
                KeySpace space = delegate.keySpace(name, coding);
                return new KeySpace() {
                    @Override
                    public String name() {
                        return space.name();
                    }

                    @Override
                    public StoredValue get(byte[] key) {
                        READS.incrementAndGet();
                        return space.get(key);
                    }

                    @Override
                    public StoredValue head(byte[] key) {
                        READS.incrementAndGet();
                        return space.head(key);
                    }

                    @Override
                    public long put(
                            byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId) {
                        WRITES.incrementAndGet();
                        return space.put(key, value, expectedVersion, expiresAtMillis, leaseId);
                    }

                    @Override
                    public boolean remove(byte[] key, long expectedVersion, long leaseId) {
                        WRITES.incrementAndGet();
                        return space.remove(key, expectedVersion, leaseId);
                    }

                    @Override
                    public long acquireLease(byte[] key, long leaseMs, long waitMs) {
                        return space.acquireLease(key, leaseMs, waitMs);
                    }

                    @Override
                    public void releaseLease(byte[] key, long leaseId) {
                        space.releaseLease(key, leaseId);
                    }

                    @Override
                    public boolean touch(byte[] key, long expectedVersion, long expiresAtMillis) {
                        return space.touch(key, expectedVersion, expiresAtMillis);
                    }

                    @Override
                    public List<byte[]> keys() {
                        return space.keys();
                    }

                    @Override
                    public void clear() {
                        space.clear();
                    }
                };
            }

            @Override
            public void dropKeySpace(String name) {
                delegate.dropKeySpace(name);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}
