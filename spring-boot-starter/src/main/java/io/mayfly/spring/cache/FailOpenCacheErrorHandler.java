package io.mayfly.spring.cache;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheErrorHandler;

/**
 * Spring's caching strategy for a failing cache: a failed read is a miss (Spring then runs the
 * method), a failed write or eviction is skipped. The cache is an optimisation; its outage must
 * not fail the request. Every failure goes to a rate-limited {@link FailureLog}.
 */
public final class FailOpenCacheErrorHandler implements CacheErrorHandler {

    private final FailureLog failures;

    public FailOpenCacheErrorHandler(FailureLog failures) {
        this.failures = Objects.requireNonNull(failures, "failure log");
    }

    @Override
    public void handleCacheGetError(RuntimeException exception, Cache cache, Object key) {
        failures.report("get", cache.getName(), "treated as a miss", exception);
    }

    @Override
    public void handleCachePutError(RuntimeException exception, Cache cache, Object key, @Nullable Object value) {
        failures.report("put", cache.getName(), "value not cached", exception);
    }

    @Override
    public void handleCacheEvictError(RuntimeException exception, Cache cache, Object key) {
        failures.report("evict", cache.getName(), "entry not evicted", exception);
    }

    @Override
    public void handleCacheClearError(RuntimeException exception, Cache cache) {
        failures.report("clear", cache.getName(), "cache not cleared", exception);
    }
}
