package io.mayfly.hibernate.resilience;

import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * For those who want errors ({@code hibernate.cache.mayfly.fail-open=false}): a cache failure
 * fails the Hibernate operation with a {@link org.hibernate.cache.CacheException} naming the region.
 */
public final class FailClosed implements ResilienceStrategy {

    private final String region;

    public FailClosed(String region) {
        this.region = region;
    }

    public static ResilienceStrategy.Factory factory() {
        return (region, repair, onLostChange) -> new FailClosed(region);
    }

    @Override
    public <T> @Nullable T read(String operation, Supplier<T> read, @Nullable T miss) {
        try {
            return read.get();
        } catch (CacheException e) {
            throw failure(operation, e);
        }
    }

    @Override
    public void fill(String operation, Runnable write) {
        change(operation, write);
    }

    @Override
    public void change(String operation, Runnable write) {
        try {
            write.run();
        } catch (CacheException e) {
            throw failure(operation, e);
        }
    }

    @Override
    public void requireRepair() {
        // Nothing is ever dropped here: every failure reached the caller.
    }

    private org.hibernate.cache.CacheException failure(String operation, CacheException e) {
        return new org.hibernate.cache.CacheException(
                "second-level cache region " + region + " failed during "
                        + operation + ": " + e.getMessage()
                        + " (fail-open is off: hibernate.cache.mayfly.fail-open=false;"
                        + " set it to true to treat a failed cache as a miss)",
                e);
    }
}
