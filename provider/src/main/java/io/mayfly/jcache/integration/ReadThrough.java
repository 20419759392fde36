package io.mayfly.jcache.integration;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/** Calls a cache's {@link CacheLoader}; any failure reaches the caller as CacheLoaderException. */
public final class ReadThrough<K, V> {

    private final CacheLoader<K, V> loader;

    public ReadThrough(CacheLoader<K, V> loader) {
        this.loader = loader;
    }

    public V load(K key) {
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException(
                    "CacheLoader " + loader.getClass().getName() + " failed to load key " + key + ": " + e, e);
        }
    }

    public Map<K, V> loadAll(Iterable<? extends K> keys) {
        try {
            Map<K, V> loaded = loader.loadAll(keys);
            return loaded == null ? Map.of() : loaded;
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException(
                    "CacheLoader " + loader.getClass().getName() + " failed in loadAll: " + e, e);
        }
    }

    public void close() {
        if (loader instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                // closing the cache goes on regardless
            }
        }
    }
}
