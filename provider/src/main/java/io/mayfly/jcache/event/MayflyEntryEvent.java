package io.mayfly.jcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One entry event. As TCK 1.1.1 checks: CREATED carries no old value; UPDATED carries the old
 * value; REMOVED and EXPIRED carry the removed value as both value and old value.
 */
public final class MayflyEntryEvent<K, V> extends CacheEntryEvent<K, V> {

    private static final long serialVersionUID = 1L;

    private final K key;
    private final @Nullable V value;
    private final @Nullable V oldValue;
    private final boolean oldValueAvailable;

    private MayflyEntryEvent(
            Cache<K, V> source,
            EventType type,
            K key,
            @Nullable V value,
            @Nullable V oldValue,
            boolean oldValueAvailable) {
        super(source, type);
        this.key = key;
        this.value = value;
        this.oldValue = oldValue;
        this.oldValueAvailable = oldValueAvailable;
    }

    public static <K, V> MayflyEntryEvent<K, V> created(Cache<K, V> source, K key, V value) {
        return new MayflyEntryEvent<>(source, EventType.CREATED, key, value, null, false);
    }

    public static <K, V> MayflyEntryEvent<K, V> updated(Cache<K, V> source, K key, V value, @Nullable V oldValue) {
        return new MayflyEntryEvent<>(source, EventType.UPDATED, key, value, oldValue, true);
    }

    public static <K, V> MayflyEntryEvent<K, V> removed(Cache<K, V> source, K key, @Nullable V oldValue) {
        return new MayflyEntryEvent<>(source, EventType.REMOVED, key, oldValue, oldValue, true);
    }

    public static <K, V> MayflyEntryEvent<K, V> expired(Cache<K, V> source, K key, @Nullable V oldValue) {
        return new MayflyEntryEvent<>(source, EventType.EXPIRED, key, oldValue, oldValue, true);
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public @Nullable V getValue() {
        return value;
    }

    @Override
    public @Nullable V getOldValue() {
        return oldValue;
    }

    @Override
    public boolean isOldValueAvailable() {
        return oldValueAvailable;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("an entry event cannot be unwrapped to " + clazz.getName());
    }
}
