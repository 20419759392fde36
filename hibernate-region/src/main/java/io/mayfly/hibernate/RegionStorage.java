package io.mayfly.hibernate;

import io.mayfly.hibernate.configuration.RegionType;
import io.mayfly.hibernate.resilience.ResilienceStrategy;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jspecify.annotations.Nullable;

/**
 * One region's data in one Mayfly cache. The cache is opened on first use, not when the session
 * factory starts, so an application boots while the proxy is down; every call, opening included,
 * goes through the region's {@link ResilienceStrategy}.
 */
class RegionStorage implements DomainDataStorageAccess {

    private final String cacheName;
    private final RegionType type;
    private final Supplier<Cache<Object, Object>> opener;
    protected final ResilienceStrategy resilience;
    private volatile @Nullable Cache<Object, Object> cache;

    /** A region that clears itself after it lost changes. */
    RegionStorage(
            String cacheName,
            RegionType type,
            Supplier<Cache<Object, Object>> opener,
            ResilienceStrategy.Factory strategies) {
        this.cacheName = cacheName;
        this.type = type;
        this.opener = opener;
        this.resilience = strategies.create(cacheName, this::clearNow, () -> {});
    }

    /** A region with its own repair and a listener for lost changes. */
    RegionStorage(
            String cacheName,
            RegionType type,
            Supplier<Cache<Object, Object>> opener,
            ResilienceStrategy.Factory strategies,
            Runnable repair,
            Runnable onLostChange) {
        this.cacheName = cacheName;
        this.type = type;
        this.opener = opener;
        this.resilience = strategies.create(cacheName, repair, onLostChange);
    }

    String cacheName() {
        return cacheName;
    }

    RegionType type() {
        return type;
    }

    /** The cache, opened on first use; throws the opening's CacheException while it cannot open. */
    protected Cache<Object, Object> cache() {
        Cache<Object, Object> c = cache;
        if (c == null) {
            synchronized (this) {
                c = cache;
                if (c == null) {
                    c = opener.get();
                    cache = c;
                }
            }
        }
        return c;
    }

    /** This region must clear itself before it serves again. */
    final void requireRepair() {
        resilience.requireRepair();
    }

    /** Clears without the strategy: the repair after lost changes runs inside a guarded call. */
    final void clearNow() {
        cache().clear();
    }

    @Override
    public @Nullable Object getFromCache(Object key, SharedSessionContractImplementor session) {
        return resilience.read("get", () -> cache().get(key), null);
    }

    @Override
    public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
        // A query result is only ever added; everywhere else a put replaces data or a soft lock.
        if (type == RegionType.QUERY_RESULTS) {
            resilience.fill("put", () -> cache().put(key, value));
        } else {
            resilience.change("put", () -> cache().put(key, value));
        }
    }

    @Override
    public void putFromLoad(Object key, Object value, SharedSessionContractImplementor session) {
        resilience.fill("putFromLoad", () -> cache().put(key, value));
    }

    @Override
    public boolean contains(Object key) {
        return Boolean.TRUE.equals(resilience.read("containsKey", () -> cache().containsKey(key), false));
    }

    @Override
    public void removeFromCache(Object key, SharedSessionContractImplementor session) {
        evictData(key);
    }

    @Override
    public void evictData(Object key) {
        resilience.change("remove", () -> cache().remove(key));
    }

    @Override
    public void clearCache(SharedSessionContractImplementor session) {
        evictData();
    }

    @Override
    public void evictData() {
        resilience.change("clear", () -> cache().clear());
    }

    @Override
    public void release() {
        // The region factory closes the cache manager, and with it every cache, when it stops.
    }
}
