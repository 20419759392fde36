package io.mayfly.hibernate.resilience;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a region does when its cache fails (after Ehcache 3's ResilienceStrategy): every cache
 * call of a region goes through one of these three doors, so the policy lives in one object and
 * the storage code has no try/catch of its own. A failure is a {@link javax.cache.CacheException}
 * from Mayfly: proxy unreachable, operation timeout, a value that cannot be (de)serialized.
 */
public interface ResilienceStrategy {

    /** A read; when the cache fails the caller gets {@code miss} and Hibernate goes to the database. */
    <T> @Nullable T read(String operation, Supplier<T> read, @Nullable T miss);

    /** A write whose loss only costs a later miss: a put from a database load, a query result. */
    void fill(String operation, Runnable write);

    /**
     * A write whose loss would leave stale data behind (an update, removal, soft lock, clear or
     * timestamp): a strategy that drops it must repair the region before serving from it again.
     */
    void change(String operation, Runnable write);

    /** Marks the region as needing its repair before it serves again (another region lost a change). */
    void requireRepair();

    /** Makes a region's strategy. */
    @FunctionalInterface
    interface Factory {

        /**
         * @param region the region's cache name, for logs and errors
         * @param repair what makes the region safe again after changes were lost (run once, before
         *     the first call that reaches the cache again; it may throw, and is then retried)
         * @param onLostChange told at once whenever a change is dropped, for regions whose loss
         *     makes other regions unsafe (a lost timestamp makes cached query results unsafe)
         */
        ResilienceStrategy create(String region, Runnable repair, Runnable onLostChange);
    }
}
