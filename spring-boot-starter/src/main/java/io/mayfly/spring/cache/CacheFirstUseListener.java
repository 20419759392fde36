package io.mayfly.spring.cache;

import org.springframework.cache.Cache;

/**
 * Told once about each cache the first time an annotated method resolves it; caches created on
 * demand after startup (Mayfly's create-on-get) are first seen here, not in the startup scan.
 */
@FunctionalInterface
public interface CacheFirstUseListener {

    void firstUse(Cache cache);
}
