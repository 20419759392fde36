package io.mayfly.jcache;

import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.StoredValue;
import io.mayfly.jcache.configuration.MayflyConfiguration;
import io.mayfly.jcache.copy.Serializer;
import io.mayfly.jcache.event.EventDispatcher;
import io.mayfly.jcache.event.MayflyEntryEvent;
import io.mayfly.jcache.expiry.ExpiryCalculator;
import io.mayfly.jcache.integration.ReadThrough;
import io.mayfly.jcache.integration.WriteThrough;
import io.mayfly.jcache.management.CacheConfigurationBean;
import io.mayfly.jcache.management.CacheStatistics;
import io.mayfly.jcache.management.MBeanRegistration;
import io.mayfly.jcache.processor.ProcessorEntry;
import io.mayfly.jcache.processor.ProcessorResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache cache over one {@link KeySpace}. Keys and values are stored serialized (store-by-value
 * only). Every operation that depends on the current value is a compare-and-set loop on the
 * value's version, so it is atomic for every JVM that shares the proxy; entry processors run here,
 * in the calling JVM, inside that loop.
 */
public final class MayflyCache<K, V> implements Cache<K, V> {

    private final MayflyCacheManager manager;
    private final String name;
    private final MayflyConfiguration<K, V> configuration;
    private final KeySpace space;
    private final StoreCalls calls;
    private final Serializer serializer;
    private final ClassLoader classLoader;
    private final ExpiryCalculator expiry;
    private final ReadThrough<K, V> loader;
    private final WriteThrough<K, V> writer;
    private final EventDispatcher<K, V> events;
    private final CacheStatistics statistics = new CacheStatistics();
    private final CacheConfigurationBean configurationBean;
    private final MBeanRegistration mbeans;
    private final Executor executor;
    private final long maxValueSizeBytes;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    MayflyCache(
            MayflyCacheManager manager,
            String name,
            MayflyConfiguration<K, V> configuration,
            KeySpace space,
            StoreCalls calls,
            Serializer serializer,
            Executor executor,
            MBeanRegistration mbeans,
            long maxValueSizeBytes) {
        this.maxValueSizeBytes = maxValueSizeBytes;
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.space = space;
        this.calls = calls;
        this.serializer = serializer;
        this.classLoader = manager.getClassLoader();
        this.executor = executor;
        this.mbeans = mbeans;
        this.expiry =
                new ExpiryCalculator(configuration.getExpiryPolicyFactory().create());
        this.loader = configuration.getCacheLoaderFactory() == null
                ? null
                : new ReadThrough<>((CacheLoader<K, V>)
                        configuration.getCacheLoaderFactory().create());
        this.writer = configuration.getCacheWriterFactory() == null || !configuration.isWriteThrough()
                ? null
                : new WriteThrough<>((CacheWriter<? super K, ? super V>)
                        configuration.getCacheWriterFactory().create());
        this.events = new EventDispatcher<>(executor);
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            events.register(listener);
        }
        this.configurationBean = new CacheConfigurationBean(configuration);
        if (configuration.isStatisticsEnabled()) {
            setStatisticsEnabled(true);
        }
        if (configuration.isManagementEnabled()) {
            setManagementEnabled(true);
        }
    }

    /** The store's bytes for a key; equal keys give equal bytes, so the array is the identity. */
    private record KeyBytes(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeyBytes other && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    /** What the store holds for a key at one moment: nothing, a live value, or an expired one. */
    private final class Snapshot {
        final StoredValue stored;
        final boolean expired;
        private V value;

        Snapshot(StoredValue stored, long now) {
            this.stored = stored;
            this.expired = stored != null && stored.isExpiredAt(now);
        }

        boolean present() {
            return stored != null && !expired;
        }

        /** The condition for writing a new entry: absent, or over the expired version. */
        long createVersion() {
            return stored == null ? KeySpace.ABSENT : stored.version();
        }

        V value() {
            if (value == null && stored != null && stored.value() != null) {
                value = decodeValue(stored.value());
            }
            return value;
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public V get(K key) {
        ensureOpen();
        requireKey(key);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
        V value = getValue(key, kb, fired, true);
        publish(kb, fired);
        statistics.recordGetTime(start);
        return value;
    }

    private V getValue(K key, byte[] kb, List<CacheEntryEvent<K, V>> fired, boolean mayLoad) {
        long now = now();
        Snapshot s = read(kb, true, now);
        if (s.present()) {
            V value = s.value();
            touchForAccess(kb, s, now);
            statistics.recordHits(1);
            return value;
        }
        purgeExpired(key, kb, s, fired);
        statistics.recordMisses(1);
        if (!mayLoad || !isReadThrough()) {
            return null;
        }
        V loaded = loader.load(key);
        return loaded == null ? null : storeLoaded(key, kb, loaded, fired, false);
    }

    /**
     * Stores a value the loader supplied (no writer call, no put count, JSR-107 section 9.1); with
     * {@code replace} false a value already present stays. Returns the loaded value, or null when
     * its creation expiry was zero.
     */
    private V storeLoaded(K key, byte[] kb, V loaded, List<CacheEntryEvent<K, V>> fired, boolean replace) {
        requireValueType(loaded);
        return putValue(key, kb, loaded, encodeValue(loaded), fired, replace) ? loaded : null;
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        long start = System.nanoTime();
        Map<K, V> result = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        for (K key : keys) {
            byte[] kb = encodeKey(key);
            List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
            V value = getValue(key, kb, fired, false);
            publish(kb, fired);
            if (value != null) {
                result.put(key, value);
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty() && isReadThrough()) {
            Map<K, V> loaded = loader.loadAll(missing);
            for (K key : missing) {
                V value = loaded.get(key);
                if (value != null) {
                    byte[] kb = encodeKey(key);
                    List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
                    V stored = storeLoaded(key, kb, value, fired, false);
                    publish(kb, fired);
                    if (stored != null) {
                        result.put(key, stored);
                    }
                }
            }
        }
        statistics.recordGetTime(start);
        return result;
    }

    @Override
    public boolean containsKey(K key) {
        ensureOpen();
        requireKey(key);
        byte[] kb = encodeKey(key);
        Snapshot s = read(kb, events.hasListeners(), now());
        if (s.present()) {
            return true;
        }
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        purgeExpired(key, kb, s, fired);
        publish(kb, fired);
        return false;
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        ensureOpen();
        requireKeys(keys);
        if (loader == null) {
            if (listener != null) {
                listener.onCompletion();
            }
            return;
        }
        List<K> requested = new ArrayList<>(keys);
        executor.execute(() -> {
            try {
                List<K> toLoad = new ArrayList<>();
                for (K key : requested) {
                    if (replaceExistingValues || !containsKey(key)) {
                        toLoad.add(key);
                    }
                }
                Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
                for (K key : toLoad) {
                    V value = loaded.get(key);
                    if (value != null) {
                        byte[] kb = encodeKey(key);
                        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
                        storeLoaded(key, kb, value, fired, replaceExistingValues);
                        publish(kb, fired);
                    }
                }
                if (listener != null) {
                    listener.onCompletion();
                }
            } catch (Exception e) {
                if (listener != null) {
                    listener.onException(e);
                }
            }
        });
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(K key, V value) {
        ensureOpen();
        requireKey(key);
        requireValue(value);
        long start = System.nanoTime();
        if (writer != null) {
            writer.write(new MayflyEntry<>(key, value));
        }
        byte[] kb = encodeKey(key);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
        if (putValue(key, kb, value, encodeValue(value), fired, true)) {
            statistics.recordPuts(1);
        }
        publish(kb, fired);
        statistics.recordPutTime(start);
    }

    /**
     * Stores a value, over one already present only when {@code overwrite}; false when its creation
     * expiry was zero (not stored).
     */
    private boolean putValue(
            K key, byte[] kb, V value, byte[] vb, List<CacheEntryEvent<K, V>> fired, boolean overwrite) {
        while (true) {
            long now = now();
            Snapshot s = read(kb, events.hasListeners(), now);
            if (s.present()) {
                if (!overwrite) {
                    return true;
                }
                Long update = expiry.forUpdate(now);
                long expiresAt = update != null ? update : s.stored.expiresAtMillis();
                if (storePut(kb, vb, s.stored.version(), expiresAt) == KeySpace.CONFLICT) {
                    continue;
                }
                fired.add(MayflyEntryEvent.updated(this, key, value, s.value()));
                return true;
            }
            long expiresAt = expiry.forCreation(now);
            if (expiresAt <= now) {
                purgeExpired(key, kb, s, fired);
                return false;
            }
            if (storePut(kb, vb, s.createVersion(), expiresAt) == KeySpace.CONFLICT) {
                continue;
            }
            addExpiredEvent(key, s, fired);
            fired.add(MayflyEntryEvent.created(this, key, value));
            return true;
        }
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        requireKey(key);
        requireValue(value);
        long start = System.nanoTime();
        if (writer != null) {
            writer.write(new MayflyEntry<>(key, value));
        }
        byte[] kb = encodeKey(key);
        byte[] vb = encodeValue(value);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
        V old;
        boolean stored;
        while (true) {
            long now = now();
            Snapshot s = read(kb, true, now);
            if (s.present()) {
                Long update = expiry.forUpdate(now);
                long expiresAt = update != null ? update : s.stored.expiresAtMillis();
                if (storePut(kb, vb, s.stored.version(), expiresAt) == KeySpace.CONFLICT) {
                    continue;
                }
                old = s.value();
                fired.add(MayflyEntryEvent.updated(this, key, value, old));
                stored = true;
                break;
            }
            old = null;
            long expiresAt = expiry.forCreation(now);
            if (expiresAt <= now) {
                purgeExpired(key, kb, s, fired);
                stored = false;
                break;
            }
            if (storePut(kb, vb, s.createVersion(), expiresAt) == KeySpace.CONFLICT) {
                continue;
            }
            addExpiredEvent(key, s, fired);
            fired.add(MayflyEntryEvent.created(this, key, value));
            stored = true;
            break;
        }
        statistics.recordHitOrMiss(old != null);
        if (stored) {
            statistics.recordPuts(1);
        }
        publish(kb, fired);
        statistics.recordGetTime(start);
        statistics.recordPutTime(start);
        return old;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        ensureOpen();
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
            requireKey(e.getKey());
            requireValue(e.getValue());
        }
        long start = System.nanoTime();
        Map<K, V> toStore = new LinkedHashMap<>(map);
        RuntimeException writeFailure = null;
        if (writer != null && !map.isEmpty()) {
            List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>();
            for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
                pending.add(new MayflyEntry<>(e.getKey(), e.getValue()));
            }
            try {
                writer.writeAll(pending);
            } catch (RuntimeException e) {
                // Entries still pending were not written: leave them out of the cache too (section 9.2).
                writeFailure = e;
                for (Cache.Entry<? extends K, ? extends V> notWritten : pending) {
                    toStore.remove(notWritten.getKey());
                }
            }
        }
        int puts = 0;
        for (Map.Entry<K, V> e : toStore.entrySet()) {
            byte[] kb = encodeKey(e.getKey());
            List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
            if (putValue(e.getKey(), kb, e.getValue(), encodeValue(e.getValue()), fired, true)) {
                puts++;
            }
            publish(kb, fired);
        }
        statistics.recordPuts(puts);
        statistics.recordPutTime(start);
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        requireKey(key);
        requireValue(value);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        byte[] vb = encodeValue(value);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
        boolean written = false;
        boolean stored = false;
        boolean wroteThrough = false;
        while (true) {
            long now = now();
            Snapshot s = read(kb, events.hasListeners(), now);
            if (s.present()) {
                break;
            }
            if (writer != null && !wroteThrough) {
                writer.write(new MayflyEntry<>(key, value));
                wroteThrough = true;
            }
            written = true;
            long expiresAt = expiry.forCreation(now);
            if (expiresAt <= now) {
                purgeExpired(key, kb, s, fired);
                break;
            }
            if (storePut(kb, vb, s.createVersion(), expiresAt) == KeySpace.CONFLICT) {
                written = false;
                continue;
            }
            addExpiredEvent(key, s, fired);
            fired.add(MayflyEntryEvent.created(this, key, value));
            stored = true;
            break;
        }
        statistics.recordHitOrMiss(!written);
        if (stored) {
            statistics.recordPuts(1);
        }
        publish(kb, fired);
        statistics.recordPutTime(start);
        return written;
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        requireKey(key);
        long start = System.nanoTime();
        if (writer != null) {
            writer.delete(key);
        }
        byte[] kb = encodeKey(key);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        boolean removed = removeValue(key, kb, fired);
        if (removed) {
            statistics.recordRemovals(1);
        }
        publish(kb, fired);
        statistics.recordRemoveTime(start);
        return removed;
    }

    private boolean removeValue(K key, byte[] kb, List<CacheEntryEvent<K, V>> fired) {
        while (true) {
            Snapshot s = read(kb, events.hasListeners(), now());
            if (!s.present()) {
                purgeExpired(key, kb, s, fired);
                return false;
            }
            if (!storeRemove(kb, s.stored.version())) {
                continue;
            }
            fired.add(MayflyEntryEvent.removed(this, key, s.value()));
            return true;
        }
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        requireKey(key);
        requireValue(oldValue);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        boolean removed;
        boolean hit;
        while (true) {
            long now = now();
            Snapshot s = read(kb, true, now);
            if (!s.present()) {
                purgeExpired(key, kb, s, fired);
                removed = false;
                hit = false;
                break;
            }
            hit = true;
            if (!Objects.equals(s.value(), oldValue)) {
                touchForAccess(kb, s, now);
                removed = false;
                break;
            }
            if (writer != null) {
                writer.delete(key);
            }
            if (!storeRemove(kb, s.stored.version())) {
                continue;
            }
            fired.add(MayflyEntryEvent.removed(this, key, s.value()));
            removed = true;
            break;
        }
        statistics.recordHitOrMiss(hit);
        if (removed) {
            statistics.recordRemovals(1);
        }
        publish(kb, fired);
        statistics.recordRemoveTime(start);
        return removed;
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        requireKey(key);
        long start = System.nanoTime();
        if (writer != null) {
            writer.delete(key);
        }
        byte[] kb = encodeKey(key);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        V old;
        while (true) {
            Snapshot s = read(kb, true, now());
            if (!s.present()) {
                purgeExpired(key, kb, s, fired);
                old = null;
                break;
            }
            if (!storeRemove(kb, s.stored.version())) {
                continue;
            }
            old = s.value();
            fired.add(MayflyEntryEvent.removed(this, key, old));
            break;
        }
        if (old != null) {
            statistics.recordHits(1);
            statistics.recordRemovals(1);
        } else {
            statistics.recordMisses(1);
        }
        publish(kb, fired);
        statistics.recordGetTime(start);
        statistics.recordRemoveTime(start);
        return old;
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        requireKey(key);
        requireValue(oldValue);
        requireValue(newValue);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        byte[] vb = encodeValue(newValue);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        boolean replaced;
        boolean hit;
        boolean wroteThrough = false;
        while (true) {
            long now = now();
            Snapshot s = read(kb, true, now);
            if (!s.present()) {
                purgeExpired(key, kb, s, fired);
                hit = false;
                replaced = false;
                break;
            }
            hit = true;
            if (!Objects.equals(s.value(), oldValue)) {
                touchForAccess(kb, s, now);
                replaced = false;
                break;
            }
            if (writer != null && !wroteThrough) {
                writer.write(new MayflyEntry<>(key, newValue));
                wroteThrough = true;
            }
            Long update = expiry.forUpdate(now);
            long expiresAt = update != null ? update : s.stored.expiresAtMillis();
            if (storePut(kb, vb, s.stored.version(), expiresAt) == KeySpace.CONFLICT) {
                continue;
            }
            fired.add(MayflyEntryEvent.updated(this, key, newValue, s.value()));
            replaced = true;
            break;
        }
        statistics.recordHitOrMiss(hit);
        if (replaced) {
            statistics.recordPuts(1);
        }
        publish(kb, fired);
        statistics.recordPutTime(start);
        return replaced;
    }

    @Override
    public boolean replace(K key, V value) {
        return replaceValue(key, value) != null;
    }

    @Override
    public V getAndReplace(K key, V value) {
        return replaceValue(key, value);
    }

    /** Replaces a present value; returns the old value, or null when absent. */
    private V replaceValue(K key, V value) {
        ensureOpen();
        requireKey(key);
        requireValue(value);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        byte[] vb = encodeValue(value);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        V old;
        boolean wroteThrough = false;
        while (true) {
            long now = now();
            Snapshot s = read(kb, true, now);
            if (!s.present()) {
                purgeExpired(key, kb, s, fired);
                old = null;
                break;
            }
            if (writer != null && !wroteThrough) {
                writer.write(new MayflyEntry<>(key, value));
                wroteThrough = true;
            }
            Long update = expiry.forUpdate(now);
            long expiresAt = update != null ? update : s.stored.expiresAtMillis();
            if (storePut(kb, vb, s.stored.version(), expiresAt) == KeySpace.CONFLICT) {
                continue;
            }
            old = s.value();
            fired.add(MayflyEntryEvent.updated(this, key, value, old));
            break;
        }
        if (old != null) {
            statistics.recordHits(1);
            statistics.recordPuts(1);
        } else {
            statistics.recordMisses(1);
        }
        publish(kb, fired);
        statistics.recordGetTime(start);
        statistics.recordPutTime(start);
        return old;
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        removeKeys(new ArrayList<>(keys));
    }

    @Override
    public void removeAll() {
        ensureOpen();
        List<K> keys = new ArrayList<>();
        for (byte[] kb : storeKeys()) {
            keys.add(decodeKey(kb));
        }
        removeKeys(keys);
    }

    private void removeKeys(List<K> keys) {
        long start = System.nanoTime();
        Collection<K> toRemove = new LinkedHashSet<>(keys);
        RuntimeException writeFailure = null;
        if (writer != null && !keys.isEmpty()) {
            List<Object> pending = new ArrayList<>(keys);
            try {
                writer.deleteAll(pending);
            } catch (RuntimeException e) {
                // Keys still pending were not deleted from the backing store: keep them cached.
                writeFailure = e;
                toRemove.removeAll(pending);
            }
        }
        int removals = 0;
        for (K key : toRemove) {
            byte[] kb = encodeKey(key);
            List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
            if (removeValue(key, kb, fired)) {
                removals++;
            }
            publish(kb, fired);
        }
        statistics.recordRemovals(removals);
        statistics.recordRemoveTime(start);
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    @Override
    public void clear() {
        ensureOpen();
        calls.run("clear", space::clear);
    }

    // ---------------------------------------------------------------- entry processors

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        ensureOpen();
        requireKey(key);
        Objects.requireNonNull(processor, "entry processor");
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
        Function<K, V> load = isReadThrough() ? loader::load : null;
        T result;
        while (true) {
            fired.clear();
            long now = now();
            Snapshot s = read(kb, true, now);
            ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, s.present() ? s.value() : null, load);
            try {
                result = processor.process(entry, arguments);
            } catch (EntryProcessorException e) {
                throw e;
            } catch (Exception e) {
                throw new EntryProcessorException(
                        "entry processor " + processor.getClass().getName() + " failed on key " + key + ": " + e, e);
            }
            if (applyProcessorEntry(key, kb, s, entry, now, fired)) {
                break;
            }
        }
        publish(kb, fired);
        statistics.recordGetTime(start);
        return result;
    }

    /** Applies what a processor did; false when another write got there first (run it again). */
    private boolean applyProcessorEntry(
            K key, byte[] kb, Snapshot s, ProcessorEntry<K, V> entry, long now, List<CacheEntryEvent<K, V>> fired) {
        switch (entry.action()) {
            case NONE -> {
                purgeExpired(key, kb, s, fired);
                countAccess(s);
                return true;
            }
            case READ -> {
                touchForAccess(kb, s, now);
                statistics.recordHits(1);
                return true;
            }
            case LOADED -> {
                statistics.recordMisses(1);
                requireValueType(entry.value());
                long expiresAt = expiry.forCreation(now);
                if (expiresAt <= now) {
                    purgeExpired(key, kb, s, fired);
                    return true;
                }
                if (storePut(kb, encodeValue(entry.value()), s.createVersion(), expiresAt) == KeySpace.CONFLICT) {
                    return false;
                }
                addExpiredEvent(key, s, fired);
                fired.add(MayflyEntryEvent.created(this, key, entry.value()));
                return true;
            }
            case CREATED -> {
                V value = entry.value();
                requireValueType(value);
                if (writer != null) {
                    writer.write(new MayflyEntry<>(key, value));
                }
                long expiresAt = expiry.forCreation(now);
                if (expiresAt <= now) {
                    purgeExpired(key, kb, s, fired);
                    countAccess(s);
                    return true;
                }
                if (storePut(kb, encodeValue(value), s.createVersion(), expiresAt) == KeySpace.CONFLICT) {
                    return false;
                }
                addExpiredEvent(key, s, fired);
                fired.add(MayflyEntryEvent.created(this, key, value));
                countAccess(s);
                statistics.recordPuts(1);
                return true;
            }
            case UPDATED -> {
                V value = entry.value();
                requireValueType(value);
                if (writer != null) {
                    writer.write(new MayflyEntry<>(key, value));
                }
                Long update = expiry.forUpdate(now);
                long expiresAt = update != null ? update : s.stored.expiresAtMillis();
                if (storePut(kb, encodeValue(value), s.stored.version(), expiresAt) == KeySpace.CONFLICT) {
                    return false;
                }
                fired.add(MayflyEntryEvent.updated(this, key, value, entry.original()));
                statistics.recordHits(1);
                statistics.recordPuts(1);
                return true;
            }
            case REMOVED -> {
                if (writer != null) {
                    writer.delete(key);
                }
                if (!s.present()) {
                    purgeExpired(key, kb, s, fired);
                    statistics.recordMisses(1);
                    return true;
                }
                if (!storeRemove(kb, s.stored.version())) {
                    return false;
                }
                fired.add(MayflyEntryEvent.removed(this, key, entry.original()));
                statistics.recordHits(1);
                statistics.recordRemovals(1);
                return true;
            }
            default -> throw new IllegalStateException("unknown entry action " + entry.action());
        }
    }

    private void countAccess(Snapshot s) {
        if (s.present()) {
            statistics.recordHits(1);
        } else {
            statistics.recordMisses(1);
        }
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(
            Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
        ensureOpen();
        requireKeys(keys);
        Objects.requireNonNull(processor, "entry processor");
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, processor, arguments);
                if (result != null) {
                    results.put(key, ProcessorResult.of(result));
                }
            } catch (EntryProcessorException e) {
                results.put(key, ProcessorResult.failed(e));
            } catch (CacheException | ClassCastException e) {
                results.put(key, ProcessorResult.failed(new EntryProcessorException(e)));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- iteration

    @Override
    public Iterator<Cache.Entry<K, V>> iterator() {
        ensureOpen();
        List<byte[]> keys = storeKeys();
        return new Iterator<>() {
            private final Iterator<byte[]> remaining = keys.iterator();
            private Cache.Entry<K, V> next;
            private K lastKey;

            @Override
            public boolean hasNext() {
                ensureOpen();
                while (next == null && remaining.hasNext()) {
                    byte[] kb = remaining.next();
                    long now = now();
                    Snapshot s = read(kb, true, now);
                    K key = s.stored == null ? null : decodeKey(kb);
                    if (s.present()) {
                        V value = s.value();
                        touchForAccess(kb, s, now);
                        statistics.recordHits(1);
                        next = new MayflyEntry<>(key, value);
                    } else if (s.stored != null) {
                        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
                        purgeExpired(key, kb, s, fired);
                        publish(kb, fired);
                    }
                }
                return next != null;
            }

            @Override
            public Cache.Entry<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no more entries in cache " + name);
                }
                Cache.Entry<K, V> entry = next;
                next = null;
                lastKey = entry.getKey();
                return entry;
            }

            @Override
            public void remove() {
                if (lastKey == null) {
                    throw new IllegalStateException("next() has not returned an entry to remove");
                }
                MayflyCache.this.remove(lastKey);
                lastKey = null;
            }
        };
    }

    // ---------------------------------------------------------------- listeners, lifecycle

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listener configuration");
        configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
        events.register(listenerConfiguration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listener configuration");
        configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        events.deregister(listenerConfiguration);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
        if (clazz.isInstance(configuration)) {
            return clazz.cast(configuration);
        }
        throw new IllegalArgumentException("the configuration of cache " + name + " is a "
                + configuration.getClass().getName() + ", not a " + clazz.getName());
    }

    /**
     * This cache, or with {@code ObjectStore.class} the object store its values live in (for
     * monitoring: a benchmark reads the embedded proxy's billing through it).
     */
    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isAssignableFrom(getClass())) {
            return clazz.cast(this);
        }
        if (clazz == ObjectStore.class) {
            ObjectStore store = manager.storeOf(name);
            if (store != null) {
                return clazz.cast(store);
            }
        }
        throw new IllegalArgumentException("cache " + name + " cannot be unwrapped to " + clazz.getName());
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        manager.release(this);
        mbeans.unregister(MBeanRegistration.Kind.CONFIGURATION, manager.getURI(), name);
        mbeans.unregister(MBeanRegistration.Kind.STATISTICS, manager.getURI(), name);
        events.close();
        expiry.close();
        if (loader != null) {
            loader.close();
        }
        if (writer != null) {
            writer.close();
        }
    }

    void setStatisticsEnabled(boolean enabled) {
        configuration.setStatisticsEnabled(enabled);
        statistics.setEnabled(enabled);
        if (enabled) {
            mbeans.register(statistics, MBeanRegistration.Kind.STATISTICS, manager.getURI(), name);
        } else {
            mbeans.unregister(MBeanRegistration.Kind.STATISTICS, manager.getURI(), name);
        }
    }

    void setManagementEnabled(boolean enabled) {
        configuration.setManagementEnabled(enabled);
        if (enabled) {
            mbeans.register(configurationBean, MBeanRegistration.Kind.CONFIGURATION, manager.getURI(), name);
        } else {
            mbeans.unregister(MBeanRegistration.Kind.CONFIGURATION, manager.getURI(), name);
        }
    }

    /** The statistics bean, live whether or not it is registered. */
    public CacheStatistics statistics() {
        return statistics;
    }

    // ---------------------------------------------------------------- helpers

    private boolean isReadThrough() {
        return loader != null && configuration.isReadThrough();
    }

    private Snapshot read(byte[] kb, boolean withValue, long now) {
        StoredValue stored =
                withValue ? calls.call("get", () -> space.get(kb)) : calls.call("head", () -> space.head(kb));
        return new Snapshot(stored, now);
    }

    private long storePut(byte[] kb, byte[] vb, long expectedVersion, long expiresAt) {
        return calls.call("put", () -> space.put(kb, vb, expectedVersion, expiresAt));
    }

    private boolean storeRemove(byte[] kb, long expectedVersion) {
        return calls.call("remove", () -> space.remove(kb, expectedVersion));
    }

    private List<byte[]> storeKeys() {
        return calls.call("keys", space::keys);
    }

    /** Applies the access expiry to a present entry; a lost race leaves the newer write alone. */
    private void touchForAccess(byte[] kb, Snapshot s, long now) {
        Long access = expiry.forAccess(now);
        if (access != null && access != s.stored.expiresAtMillis()) {
            calls.call("touch", () -> space.touch(kb, s.stored.version(), access));
        }
    }

    /** Removes an expired entry this operation saw, and fires EXPIRED if it was the one to remove it. */
    private void purgeExpired(K key, byte[] kb, Snapshot s, List<CacheEntryEvent<K, V>> fired) {
        if (s.expired && storeRemove(kb, s.stored.version())) {
            addExpiredEvent(key, s, fired);
        }
    }

    private void addExpiredEvent(K key, Snapshot s, List<CacheEntryEvent<K, V>> fired) {
        if (s.expired && events.hasListeners()) {
            fired.add(MayflyEntryEvent.expired(this, key, s.value()));
        }
    }

    private void publish(byte[] kb, List<CacheEntryEvent<K, V>> fired) {
        if (!fired.isEmpty()) {
            events.publish(new KeyBytes(kb), fired);
        }
    }

    private byte[] encodeKey(K key) {
        return serializer.serialize(key);
    }

    @SuppressWarnings("unchecked")
    private K decodeKey(byte[] kb) {
        return (K) serializer.deserialize(kb, classLoader);
    }

    private byte[] encodeValue(V value) {
        byte[] bytes = serializer.serialize(value);
        long max = maxValueSizeBytes;
        if (bytes.length > max) {
            throw new CacheException("value of " + bytes.length + " bytes for cache " + name
                    + " exceeds max-value-size " + max + " bytes (raise mayfly.max-value-size-bytes,"
                    + " or store a smaller value)");
        }
        return bytes;
    }

    @SuppressWarnings("unchecked")
    private V decodeValue(byte[] vb) {
        return (V) serializer.deserialize(vb, classLoader);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache " + name + " is closed");
        }
    }

    private void requireKey(K key) {
        if (key == null) {
            throw new NullPointerException("null key given to cache " + name);
        }
        Class<K> type = configuration.getKeyType();
        if (type != Object.class && !type.isInstance(key)) {
            throw new ClassCastException(
                    "key " + key + " is a " + key.getClass().getName() + " but cache " + name
                            + " is configured for keys of type " + type.getName());
        }
    }

    private void requireKeys(Set<? extends K> keys) {
        Objects.requireNonNull(keys, "keys");
        for (K key : keys) {
            requireKey(key);
        }
    }

    private void requireValue(V value) {
        if (value == null) {
            throw new NullPointerException("null value given to cache " + name);
        }
        requireValueType(value);
    }

    private void requireValueType(V value) {
        Class<V> type = configuration.getValueType();
        if (type != Object.class && !type.isInstance(value)) {
            throw new ClassCastException(
                    "value " + value + " is a " + value.getClass().getName() + " but cache " + name
                            + " is configured for values of type " + type.getName());
        }
    }

    @Override
    public String toString() {
        return "MayflyCache[" + name + " in " + manager.getURI() + "]";
    }
}
