package io.mayfly.jcache;

import io.mayfly.client.KeySpace;
import io.mayfly.client.StoredValue;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A cache's key space, opened at its first operation rather than when the cache is created: an
 * application whose caches are created at startup then starts while the proxy is unreachable,
 * and each operation fails as any store call does until the proxy answers. A failed open is
 * retried by the next operation.
 */
final class DeferredKeySpace implements KeySpace {

    private final String name;
    private final Supplier<KeySpace> opener;
    private volatile @Nullable KeySpace opened;

    DeferredKeySpace(String name, Supplier<KeySpace> opener) {
        this.name = name;
        this.opener = opener;
    }

    private KeySpace space() {
        KeySpace space = opened;
        if (space == null) {
            synchronized (this) {
                space = opened;
                if (space == null) {
                    space = opener.get();
                    opened = space;
                }
            }
        }
        return space;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long callBoundMs() {
        KeySpace space = opened;
        return space == null ? -1 : space.callBoundMs();
    }

    @Override
    public StoredValue get(byte[] key) {
        return space().get(key);
    }

    @Override
    public StoredValue head(byte[] key) {
        return space().head(key);
    }

    @Override
    public long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId) {
        return space().put(key, value, expectedVersion, expiresAtMillis, leaseId);
    }

    @Override
    public boolean remove(byte[] key, long expectedVersion, long leaseId) {
        return space().remove(key, expectedVersion, leaseId);
    }

    @Override
    public long acquireLease(byte[] key, long leaseMs, long waitMs) {
        return space().acquireLease(key, leaseMs, waitMs);
    }

    @Override
    public void releaseLease(byte[] key, long leaseId) {
        space().releaseLease(key, leaseId);
    }

    @Override
    public boolean touch(byte[] key, long expectedVersion, long expiresAtMillis) {
        return space().touch(key, expectedVersion, expiresAtMillis);
    }

    @Override
    public List<byte[]> keys() {
        return space().keys();
    }

    @Override
    public void clear() {
        space().clear();
    }
}
