package io.mayfly.jcache.processor;

import java.util.function.Function;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} sees: a private copy of the value at
 * the start of one attempt. Its changes apply only after the processor returns, as one
 * compare-and-set; a conflicting write elsewhere makes the cache run the processor again on a
 * fresh entry.
 *
 * <p>Semantics follow JSR-107 section 9.3 as TCK 1.1.1 checks them: getValue on a missing entry
 * loads through the loader when read-through is on; remove after setValue on a new entry leaves
 * nothing; setValue after remove of an existing entry is an update.
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

    private final K key;
    private final @Nullable V original;
    private final @Nullable Function<K, V> loader;
    private @Nullable V value;
    private EntryAction action = EntryAction.NONE;

    /**
     * @param original the current value, or null when absent
     * @param loader loads a missing value for getValue, or null when read-through is off
     */
    public ProcessorEntry(K key, @Nullable V original, @Nullable Function<K, V> loader) {
        this.key = key;
        this.original = original;
        this.value = original;
        this.loader = loader;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public @Nullable V getValue() {
        if (action == EntryAction.NONE) {
            if (value == null && loader != null) {
                V loaded = loader.apply(key);
                if (loaded != null) {
                    value = loaded;
                    action = EntryAction.LOADED;
                }
            } else if (value != null) {
                action = EntryAction.READ;
            }
        }
        return value;
    }

    @Override
    public boolean exists() {
        return value != null;
    }

    @Override
    public void remove() {
        // Removing what this processor created or loaded leaves the cache as it was; any other
        // remove still reaches the writer, even for a missing entry (TCK CacheWriterTest).
        action = action == EntryAction.CREATED || action == EntryAction.LOADED ? EntryAction.NONE : EntryAction.REMOVED;
        value = null;
    }

    @Override
    public void setValue(V newValue) {
        if (newValue == null) {
            throw new NullPointerException("an entry processor set a null value for key " + key);
        }
        value = newValue;
        action = original == null ? EntryAction.CREATED : EntryAction.UPDATED;
    }

    /** What the processor did, judged against the value at the start. */
    public EntryAction action() {
        return action;
    }

    /** The value to store for CREATED, UPDATED and LOADED. */
    public @Nullable V value() {
        return value;
    }

    public @Nullable V original() {
        return original;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("a mutable entry cannot be unwrapped to " + clazz.getName());
    }
}
