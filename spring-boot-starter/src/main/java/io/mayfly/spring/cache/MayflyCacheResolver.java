package io.mayfly.spring.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.support.NoOpCache;

/**
 * Resolves the caches of an annotated method by name, as Spring's SimpleCacheResolver does, with
 * two additions. Opening a cache reaches the store (Mayfly creates the cache's key space), which
 * Spring's CacheErrorHandler never sees; when fail-open is on, a cache that cannot be opened is a
 * pass-through {@link NoOpCache} for this call, and is tried again on the next. The first
 * resolution of each cache is announced to the {@link CacheFirstUseListener}s (metrics). Caches
 * are handed out as {@link SingleFlightCache}, so a {@code sync = true} load runs once per key.
 */
public final class MayflyCacheResolver implements CacheResolver {

    private final Supplier<CacheManager> cacheManager;
    private final FailureLog failures;
    private final boolean failOpen;
    private final Supplier<? extends Collection<CacheFirstUseListener>> listeners;
    /** Each cache the manager returned, decorated once; keyed by identity of the manager's cache. */
    private final Map<Cache, Cache> decorated = new ConcurrentHashMap<>();

    /**
     * @param cacheManager looked up on first use, so the resolver can be built before the manager
     * @param failures where survived failures are reported
     * @param failOpen false to let a failure to open a cache reach the caller
     * @param listeners looked up on each first use
     */
    public MayflyCacheResolver(
            Supplier<CacheManager> cacheManager,
            FailureLog failures,
            boolean failOpen,
            Supplier<? extends Collection<CacheFirstUseListener>> listeners) {
        this.cacheManager = Objects.requireNonNull(cacheManager, "cache manager");
        this.failures = Objects.requireNonNull(failures, "failure log");
        this.failOpen = failOpen;
        this.listeners = Objects.requireNonNull(listeners, "listeners");
    }

    @Override
    public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
        Collection<String> names = context.getOperation().getCacheNames();
        List<Cache> caches = new ArrayList<>(names.size());
        CacheManager manager = cacheManager.get();
        for (String name : names) {
            caches.add(resolve(manager, name, context));
        }
        return caches;
    }

    private Cache resolve(CacheManager manager, String name, CacheOperationInvocationContext<?> context) {
        Cache cache;
        try {
            cache = manager.getCache(name);
        } catch (RuntimeException e) {
            if (!failOpen) {
                throw e;
            }
            failures.report("open", name, "method runs uncached", e);
            return new NoOpCache(name);
        }
        if (cache == null) {
            throw new IllegalArgumentException("Cannot find cache named '" + name + "' for " + context.getOperation()
                    + " (name it in spring.cache.cache-names or mayfly.cache." + name
                    + ".*, or set mayfly.default.create-on-get=true)");
        }
        Cache single = decorated.get(cache);
        if (single == null) {
            Cache created = new SingleFlightCache(cache);
            single = decorated.putIfAbsent(cache, created);
            if (single == null) {
                single = created;
                listeners.get().forEach(listener -> listener.firstUse(cache));
            }
        }
        return single;
    }
}
