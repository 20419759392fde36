package io.mayfly.benchmarks.targets;

import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Any JCache provider, chosen by class name at run time (Mayfly's, or another for comparison),
 * used only through {@code javax.cache}: a {@code Cache<String, byte[]>} with the spec's default
 * store-by-value configuration unless the configuration URI already defines the cache.
 */
public final class JCacheTarget implements CacheTarget {
    private final String providerClass;
    private final CachingProvider provider;
    private final CacheManager manager;
    private final Cache<String, byte[]> cache;
    private boolean closed;

    /**
     * @param providerClass a {@link CachingProvider} implementation on the class path
     * @param configUri     the provider's configuration URI, or null for its default
     * @param properties    provider-specific properties for {@code getCacheManager}
     * @param cacheName     the cache to use; created if the configuration does not define it
     */
    public JCacheTarget(String providerClass, URI configUri, Properties properties, String cacheName) {
        this.providerClass = providerClass;
        ClassLoader loader = JCacheTarget.class.getClassLoader();
        try {
            this.provider = providerClass == null ? Caching.getCachingProvider(loader)
                    : Caching.getCachingProvider(providerClass, loader);
        } catch (CacheException e) {
            throw new TargetUnavailableException("JCache provider " + providerClass + " cannot be loaded ("
                    + e.getMessage() + "); put its jar on the class path or fix --jcache-provider", e);
        }
        try {
            this.manager = provider.getCacheManager(configUri == null ? provider.getDefaultURI() : configUri, loader,
                    properties);
            Cache<String, byte[]> existing = manager.getCache(cacheName, String.class, byte[].class);
            this.cache = existing != null ? existing : manager.createCache(cacheName,
                    new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        } catch (RuntimeException e) {
            provider.close();
            throw new TargetUnavailableException("JCache provider " + providerClass + " could not open cache "
                    + cacheName + (configUri == null ? "" : " from " + configUri) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "jcache";
    }

    @Override
    public String description() {
        return provider.getClass().getName() + " via javax.cache, cache " + cache.getName() + " at " + manager.getURI();
    }

    @Override
    public void clear() {
        cache.clear();
    }

    @Override
    public byte[] get(String key) {
        return cache.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        cache.put(key, value);
    }

    @Override
    public void remove(String key) {
        cache.remove(key);
    }

    @Override
    public boolean contains(String key) {
        return cache.containsKey(key);
    }

    @Override
    public long reportedMemoryBytes() {
        return -1;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            manager.close();
        } finally {
            provider.close();
        }
    }
}
