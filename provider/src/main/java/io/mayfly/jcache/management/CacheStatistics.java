package io.mayfly.jcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * One cache's counters, exposed as the standard {@code CacheStatistics} MXBean. Counting happens
 * only while statistics are enabled; average times are in microseconds (JSR-107 section 12.4).
 */
public final class CacheStatistics implements CacheStatisticsMXBean {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder getTimeNanos = new LongAdder();
    private final LongAdder putTimeNanos = new LongAdder();
    private final LongAdder removeTimeNanos = new LongAdder();
    private volatile boolean enabled;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void recordHits(long count) {
        if (enabled) {
            hits.add(count);
        }
    }

    /** One lookup that found its entry (a hit) or did not (a miss). */
    public void recordHitOrMiss(boolean hit) {
        if (hit) {
            recordHits(1);
        } else {
            recordMisses(1);
        }
    }

    public void recordMisses(long count) {
        if (enabled) {
            misses.add(count);
        }
    }

    public void recordPuts(long count) {
        if (enabled) {
            puts.add(count);
        }
    }

    public void recordRemovals(long count) {
        if (enabled) {
            removals.add(count);
        }
    }

    public void recordEvictions(long count) {
        if (enabled) {
            evictions.add(count);
        }
    }

    public void recordGetTime(long startNanos) {
        if (enabled) {
            getTimeNanos.add(System.nanoTime() - startNanos);
        }
    }

    public void recordPutTime(long startNanos) {
        if (enabled) {
            putTimeNanos.add(System.nanoTime() - startNanos);
        }
    }

    public void recordRemoveTime(long startNanos) {
        if (enabled) {
            removeTimeNanos.add(System.nanoTime() - startNanos);
        }
    }

    @Override
    public void clear() {
        hits.reset();
        misses.reset();
        puts.reset();
        removals.reset();
        evictions.reset();
        getTimeNanos.reset();
        putTimeNanos.reset();
        removeTimeNanos.reset();
    }

    @Override
    public long getCacheHits() {
        return hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        long gets = getCacheGets();
        return gets == 0 ? 0f : (getCacheHits() * 100f) / gets;
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        long gets = getCacheGets();
        return gets == 0 ? 0f : (getCacheMisses() * 100f) / gets;
    }

    @Override
    public long getCacheGets() {
        return getCacheHits() + getCacheMisses();
    }

    @Override
    public long getCachePuts() {
        return puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return removals.sum();
    }

    @Override
    public long getCacheEvictions() {
        return evictions.sum();
    }

    @Override
    public float getAverageGetTime() {
        return averageMicros(getTimeNanos.sum(), getCacheGets());
    }

    @Override
    public float getAveragePutTime() {
        return averageMicros(putTimeNanos.sum(), getCachePuts());
    }

    @Override
    public float getAverageRemoveTime() {
        return averageMicros(removeTimeNanos.sum(), getCacheRemovals());
    }

    private static float averageMicros(long totalNanos, long count) {
        return count == 0 ? 0f : (totalNanos / 1000f) / count;
    }
}
