package io.mayfly.hibernate;

import io.mayfly.hibernate.configuration.RegionType;
import io.mayfly.hibernate.resilience.ResilienceStrategy;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jspecify.annotations.Nullable;

/**
 * The update-timestamps region. Hibernate reads a missing timestamp as "table never updated" and
 * serves any cached query result over it, so a timestamp lost to eviction, a lost node or a failed
 * write would serve stale results. Here a missing (or unreadable) timestamp reads as "updated just
 * before the session that looks": every result cached before that session is stale, results it
 * caches itself are fresh for the next. A loss costs one database query per cached query, never a
 * stale result; so does a table's first look-up ever (one extra query, once per cluster).
 * Writes are plain puts, so the lower commit timestamp that follows Hibernate's pre-invalidation
 * timestamp always replaces it.
 */
final class TimestampsStorage extends RegionStorage {

    private final LongSupplier clock;

    /**
     * @param onLostChange told when a timestamp write is dropped: the query results cached so far
     *     may now be stale and must go before any is served (a timestamps region is never cleared:
     *     a missing timestamp would make those results look fresh)
     * @param clock Hibernate's timestamps ({@code RegionFactory.nextTimestamp}), for calls without a session
     */
    TimestampsStorage(
            String cacheName,
            Supplier<Cache<Object, Object>> opener,
            ResilienceStrategy.Factory strategies,
            Runnable onLostChange,
            LongSupplier clock) {
        super(cacheName, RegionType.TIMESTAMPS, opener, strategies, () -> {}, onLostChange);
        this.clock = clock;
    }

    @Override
    public @Nullable Object getFromCache(Object key, SharedSessionContractImplementor session) {
        return resilience.read("get", () -> getOrMarkUpdated(key, session), justBefore(session));
    }

    private Object getOrMarkUpdated(Object key, SharedSessionContractImplementor session) {
        Cache<Object, Object> cache = cache();
        Object timestamp = cache.get(key);
        if (timestamp != null) {
            return timestamp;
        }
        Long mark = justBefore(session);
        if (cache.putIfAbsent(key, mark)) {
            return mark;
        }
        Object raced = cache.get(key);
        return raced != null ? raced : mark;
    }

    /**
     * Just below the session's caching timestamp: Hibernate counts a result as stale when the last
     * update is at or after the result's timestamp, so results of this session stay fresh.
     */
    private long justBefore(SharedSessionContractImplementor session) {
        if (session == null) {
            return clock.getAsLong();
        }
        return session.getCacheTransactionSynchronization().getCachingTimestamp() - 1;
    }
}
