package io.mayfly.spring.cache;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;

/**
 * Makes {@code @Cacheable(sync = true)} load once per key in this JVM. Spring's JCacheCache
 * implements a synchronized load with {@code Cache.invoke}; Mayfly's invoke is optimistic (a
 * version compare-and-set at the proxy, so it stays atomic across JVMs), which keeps the cached
 * value consistent but lets every concurrent caller run the slow method. Here the first caller
 * for a key loads and the others wait for its value; everything else goes straight through.
 */
public final class SingleFlightCache implements Cache {

    private final Cache delegate;
    private final ConcurrentMap<Object, CompletableFuture<Object>> loading = new ConcurrentHashMap<>();

    public SingleFlightCache(Cache delegate) {
        this.delegate = Objects.requireNonNull(delegate, "cache");
    }

    /** The cache this one decorates. */
    public Cache delegate() {
        return delegate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return (T) running.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                // The leader failed; this caller makes its own attempt and gets its own error if any.
                return delegate.get(key, valueLoader);
            }
        }
        try {
            T value = delegate.get(key, valueLoader);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public Object getNativeCache() {
        return delegate.getNativeCache();
    }

    @Override
    public @Nullable ValueWrapper get(Object key) {
        return delegate.get(key);
    }

    @Override
    public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
        return delegate.get(key, type);
    }

    @Override
    public @Nullable CompletableFuture<?> retrieve(Object key) {
        return delegate.retrieve(key);
    }

    @Override
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        return delegate.retrieve(key, valueLoader);
    }

    @Override
    public void put(Object key, @Nullable Object value) {
        delegate.put(key, value);
    }

    @Override
    public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public void evict(Object key) {
        delegate.evict(key);
    }

    @Override
    public boolean evictIfPresent(Object key) {
        return delegate.evictIfPresent(key);
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public boolean invalidate() {
        return delegate.invalidate();
    }

    @Override
    public String toString() {
        return "SingleFlightCache[" + delegate + "]";
    }
}
