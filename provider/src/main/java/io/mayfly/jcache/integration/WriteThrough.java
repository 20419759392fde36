package io.mayfly.jcache.integration;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls a cache's {@link CacheWriter} before the cache changes; any failure reaches the caller
 * as CacheWriterException and the cache is left as it was (JSR-107 section 9.2).
 */
public final class WriteThrough<K, V> {

    private final CacheWriter<K, V> writer;

    @SuppressWarnings("unchecked")
    public WriteThrough(CacheWriter<? super K, ? super V> writer) {
        // The writer accepts supertypes of K and V, so handing it K and V entries is safe.
        this.writer = (CacheWriter<K, V>) writer;
    }

    public void write(Cache.Entry<? extends K, ? extends V> entry) {
        try {
            writer.write(entry);
        } catch (RuntimeException e) {
            throw wrap("write of key " + entry.getKey(), e);
        }
    }

    /** Writes a batch; entries written are removed from {@code entries} by the writer. */
    public void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
        try {
            writer.writeAll(entries);
        } catch (RuntimeException e) {
            throw wrap("writeAll", e);
        }
    }

    public void delete(Object key) {
        try {
            writer.delete(key);
        } catch (RuntimeException e) {
            throw wrap("delete of key " + key, e);
        }
    }

    /** Deletes a batch; keys deleted are removed from {@code keys} by the writer. */
    public void deleteAll(Collection<?> keys) {
        try {
            writer.deleteAll(keys);
        } catch (RuntimeException e) {
            throw wrap("deleteAll", e);
        }
    }

    private CacheWriterException wrap(String what, RuntimeException e) {
        if (e instanceof CacheWriterException cwe) {
            return cwe;
        }
        return new CacheWriterException(
                "CacheWriter " + writer.getClass().getName() + " failed in " + what + ": " + e, e);
    }

    public void close() {
        if (writer instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                // closing the cache goes on regardless
            }
        }
    }
}
