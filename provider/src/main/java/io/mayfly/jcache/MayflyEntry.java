package io.mayfly.jcache;

import javax.cache.Cache;

/** A key and a copy of its value, as iterators and writers see them. */
public final class MayflyEntry<K, V> implements Cache.Entry<K, V> {

    private final K key;
    private final V value;

    public MayflyEntry(K key, V value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("a cache entry cannot be unwrapped to " + clazz.getName());
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
