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
import io.mayfly.jcache.processor.EntryAction;
import io.mayfly.jcache.processor.ProcessorEntry;
import io.mayfly.jcache.processor.ProcessorResult;
import java.time.Clock;
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
import java.util.concurrent.TimeUnit;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JCache cache over one {@link KeySpace}. Keys and values are stored serialized (store-by-value
 * only). Every mutation is one small decision ({@link Outcome}) taken by one primitive,
 * {@code mutate}: read a snapshot, decide, commit by version compare-and-set, retry on a lost race
 * within the operation timeout; so it is atomic for every JVM that shares the proxy. Entry
 * processors run here, in the calling JVM, as such a decision. A cache with a CacheWriter or a
 * read-through CacheLoader holds the key's write lease at the proxy while it decides, so the writer
 * and loader run once per applied mutation.
 */
public final class MayflyCache<K, V> implements Cache<K, V> {

    private static final Logger log = LoggerFactory.getLogger(MayflyCache.class);

    private final MayflyCacheManager manager;
    private final String name;
    private final MayflyConfiguration<K, V> configuration;
    private final KeySpace space;
    private final StoreCalls calls;
    private final Serializer serializer;
    private final ClassLoader classLoader;
    private final ExpiryCalculator expiry;
    private final @Nullable ReadThrough<K, V> loader;
    private final @Nullable WriteThrough<K, V> writer;
    private final EventDispatcher<K, V> events;
    private final CacheStatistics statistics = new CacheStatistics();
    private final CacheConfigurationBean configurationBean;
    private final MBeanRegistration mbeans;
    private final Executor executor;
    private final long maxValueSizeBytes;
    /** Expiry decisions read this clock (tests inject one; by default the system's). */
    private final Clock clock;
    /** Whether mutations take the key's write lease: only when a writer or loader must run once per change. */
    private final boolean leasing;

    private final long writeLeaseMs;
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
            long maxValueSizeBytes,
            long writeLeaseMs) {
        this.maxValueSizeBytes = maxValueSizeBytes;
        this.writeLeaseMs = writeLeaseMs;
        this.clock = configuration.getClock().orElseGet(Clock::systemUTC);
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
        this.leasing = writer != null || (loader != null && configuration.isReadThrough());
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
        final @Nullable StoredValue stored;
        final boolean expired;
        private @Nullable V value;

        Snapshot(@Nullable StoredValue stored, long now) {
            this.stored = stored;
            this.expired = stored != null && stored.isExpiredAt(now);
        }

        boolean present() {
            return stored != null && !expired;
        }

        /** The stored value, for a snapshot that is present or expired (not absent). */
        StoredValue held() {
            if (stored == null) {
                throw new IllegalStateException("the key is absent: no stored value");
            }
            return stored;
        }

        /** The condition for writing a new entry: absent, or over the expired version. */
        long createVersion() {
            return stored == null ? KeySpace.ABSENT : stored.version();
        }

        @Nullable
        V value() {
            if (value == null && stored != null && stored.value() != null) {
                value = decodeValue(stored.value());
            }
            return value;
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public @Nullable V get(K key) {
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

    private @Nullable V getValue(K key, byte[] kb, List<CacheEntryEvent<K, V>> fired, boolean mayLoad) {
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
        return loadMissing(key, kb, fired);
    }

    /**
     * Read-through after a miss, under the key's write lease: the loader runs only if the key is
     * still absent, and what it returns is stored (no writer call, no put count, JSR-107 section
     * 9.1). Returns the value now cached, the loaded one when its creation expiry was zero, or null.
     */
    private @Nullable V loadMissing(K key, byte[] kb, List<CacheEntryEvent<K, V>> fired) {
        List<V> loaded = new ArrayList<>(1);
        Applied a = mutate(
                key,
                kb,
                true,
                s -> {
                    if (s.present()) {
                        return Change.read();
                    }
                    V value = loader().load(key);
                    if (value == null) {
                        return Change.keep();
                    }
                    requireValueType(value);
                    loaded.add(value);
                    return Change.putQuietly(value, null);
                },
                KeySpace.NO_LEASE,
                fired);
        if (a.change.outcome == Outcome.READ) {
            return a.before.value();
        }
        return a.changed ? loaded.get(0) : null;
    }

    /**
     * Stores a value the loader supplied (no writer call, no put count, JSR-107 section 9.1); with
     * {@code replace} false a value already present stays. Returns the loaded value, or null when
     * its creation expiry was zero.
     */
    private @Nullable V storeLoaded(K key, byte[] kb, V loaded, List<CacheEntryEvent<K, V>> fired, boolean replace) {
        requireValueType(loaded);
        byte[] vb = encodeValue(loaded);
        Applied a = mutate(
                key,
                kb,
                events.hasListeners(),
                s -> s.present() && !replace ? Change.keep() : Change.putQuietly(loaded, vb),
                KeySpace.NO_LEASE,
                fired);
        return a.change.outcome == Outcome.KEEP || a.changed ? loaded : null;
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
            Map<K, V> loaded = loader().loadAll(missing);
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

    // ---------------------------------------------------------------- the write primitive

    /** What a mutation does to its key, decided on one snapshot: every JCache write is one of these. */
    enum Outcome {
        /** Nothing changes, and no live value was read (a miss, or a condition on absence). */
        KEEP,
        /** Nothing changes, but a live value was read: access expiry applies. */
        READ,
        /** Store a value: a creation over an absent or expired entry, an update over a live one. */
        PUT,
        /** Remove the value; the writer hears of it even when nothing was there (JSR-107 section 9.2). */
        REMOVE
    }

    /** One decision: the outcome, the value a PUT stores, and whether the CacheWriter hears of it. */
    private static final class Change<V> {
        private static final Change<?> KEEP = new Change<>(Outcome.KEEP, null, null, false);
        private static final Change<?> READ = new Change<>(Outcome.READ, null, null, false);

        final Outcome outcome;
        final @Nullable V value;
        final byte @Nullable [] bytes;
        final boolean writeThrough;

        private Change(Outcome outcome, @Nullable V value, byte @Nullable [] bytes, boolean writeThrough) {
            this.outcome = outcome;
            this.value = value;
            this.bytes = bytes;
            this.writeThrough = writeThrough;
        }

        @SuppressWarnings("unchecked")
        static <V> Change<V> keep() {
            return (Change<V>) KEEP;
        }

        @SuppressWarnings("unchecked")
        static <V> Change<V> read() {
            return (Change<V>) READ;
        }

        /** A put the writer hears of; {@code bytes} may be null (serialized at commit). */
        static <V> Change<V> put(V value, byte @Nullable [] bytes) {
            return new Change<>(Outcome.PUT, value, bytes, true);
        }

        /** A value the loader supplied, or one a batch writer already wrote: the writer is not called. */
        static <V> Change<V> putQuietly(V value, byte @Nullable [] bytes) {
            return new Change<>(Outcome.PUT, value, bytes, false);
        }

        static <V> Change<V> remove(boolean writeThrough) {
            return new Change<>(Outcome.REMOVE, null, null, writeThrough);
        }

        /** The value a PUT stores; only a PUT is built with one. */
        V putValue() {
            if (value == null) {
                throw new IllegalStateException(outcome + " has no value to put");
            }
            return value;
        }
    }

    /** What one mutation did: the snapshot it decided on, its decision, and whether the store changed. */
    private final class Applied {
        final Snapshot before;
        final Change<V> change;
        final boolean changed;

        Applied(Snapshot before, Change<V> change, boolean changed) {
            this.before = before;
            this.change = change;
            this.changed = changed;
        }

        /** The value this mutation replaced or removed, or null when there was none. */
        @Nullable
        V old() {
            return before.present() ? before.value() : null;
        }
    }

    /**
     * The one write primitive: read a snapshot, decide, commit by version, and on a lost race read
     * again, until the operation timeout. A cache with a writer or a read-through loader first takes
     * the key's write lease at the proxy: the decision then stands (no other leased writer can
     * intervene), the writer runs once, after the decision, and the commit ends the lease. Other
     * caches pay nothing for it.
     *
     * @param withValue whether the decision needs the current value (not only its presence)
     * @param decide runs once per attempt; with a lease there is one attempt
     * @param heldLease a lease the caller already holds for this key (batch writes), or NO_LEASE
     */
    private Applied mutate(
            K key,
            byte[] kb,
            boolean withValue,
            Function<Snapshot, Change<V>> decide,
            long heldLease,
            List<CacheEntryEvent<K, V>> fired) {
        long lease = heldLease != KeySpace.NO_LEASE ? heldLease : leasing ? acquireLease(kb) : KeySpace.NO_LEASE;
        boolean leaseEnded = false;
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(calls.timeoutMs());
            for (int attempt = 1; ; attempt++) {
                long now = now();
                Snapshot s = read(kb, withValue, now);
                Change<V> change = decide.apply(s);
                byte[] vb = change.outcome == Outcome.PUT
                        ? (change.bytes != null ? change.bytes : encodeValue(change.putValue()))
                        : null;
                if (change.writeThrough && writer != null) {
                    // Only a leased mutation reaches here, so this decision commits: the writer runs once.
                    if (change.outcome == Outcome.PUT) {
                        writer.write(new MayflyEntry<>(key, change.putValue()));
                    } else if (change.outcome == Outcome.REMOVE) {
                        writer.delete(key);
                    }
                }
                Commit commit = commit(key, kb, s, change, vb, now, lease, fired);
                leaseEnded = commit.leaseEnded;
                if (commit != Commit.LOST_RACE) {
                    return new Applied(s, change, commit.changed);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new CacheException("a write of key " + key + " in cache " + name + " lost its compare-and-set"
                            + " race to other writers " + attempt + " times within " + calls.timeoutMs()
                            + " ms (mayfly.operation-timeout-ms); retry, or write the key from fewer clients at once");
                }
            }
        } finally {
            if (lease != KeySpace.NO_LEASE && !leaseEnded) {
                releaseLease(kb, lease);
            }
        }
    }

    /** How a commit went. */
    private enum Commit {
        /** The store changed (and a lease it ran under ended). */
        CHANGED(true, true),
        /** Nothing to store (no change decided, or a creation whose expiry was zero). */
        NOTHING(false, false),
        /** A leased removal found the value already gone (evicted): the lease ended. */
        ALREADY_GONE(true, true),
        /** Another write committed first: decide again. */
        LOST_RACE(false, false);

        final boolean changed;
        final boolean leaseEnded;

        Commit(boolean changed, boolean leaseEnded) {
            this.changed = changed;
            this.leaseEnded = leaseEnded;
        }
    }

    /**
     * Applies a decision. Unleased, it commits against the snapshot's version; leased, against any
     * version, since no other leased writer could have changed the key since the snapshot (only the
     * proxy's eviction could), and the proxy refuses it if the lease has ended.
     */
    private Commit commit(
            K key,
            byte[] kb,
            Snapshot s,
            Change<V> change,
            byte @Nullable [] vb,
            long now,
            long lease,
            List<CacheEntryEvent<K, V>> fired) {
        boolean leased = lease != KeySpace.NO_LEASE;
        switch (change.outcome) {
            case KEEP -> {
                purgeExpired(key, kb, s, fired);
                return Commit.NOTHING;
            }
            case READ -> {
                touchForAccess(kb, s, now);
                return Commit.NOTHING;
            }
            case PUT -> {
                long expiresAt;
                if (s.present()) {
                    Long update = expiry.forUpdate(now);
                    expiresAt = update != null ? update : s.held().expiresAtMillis();
                } else {
                    expiresAt = expiry.forCreation(now);
                    if (expiresAt <= now) {
                        purgeExpired(key, kb, s, fired);
                        return Commit.NOTHING;
                    }
                }
                long expected =
                        leased ? KeySpace.ANY_VERSION : s.present() ? s.held().version() : s.createVersion();
                if (vb == null) {
                    throw new IllegalStateException("a put reached commit without its bytes");
                }
                if (storePut(kb, vb, expected, expiresAt, lease) == KeySpace.CONFLICT) {
                    return Commit.LOST_RACE;
                }
                if (s.present()) {
                    fired.add(MayflyEntryEvent.updated(this, key, change.putValue(), s.value()));
                } else {
                    addExpiredEvent(key, s, fired);
                    fired.add(MayflyEntryEvent.created(this, key, change.putValue()));
                }
                return Commit.CHANGED;
            }
            case REMOVE -> {
                if (!s.present()) {
                    purgeExpired(key, kb, s, fired);
                    return Commit.NOTHING;
                }
                boolean removed =
                        storeRemove(kb, leased ? KeySpace.ANY_VERSION : s.held().version(), lease);
                if (!removed) {
                    return leased ? Commit.ALREADY_GONE : Commit.LOST_RACE;
                }
                fired.add(MayflyEntryEvent.removed(this, key, s.value()));
                return Commit.CHANGED;
            }
            default -> throw new IllegalStateException("unknown outcome " + change.outcome);
        }
    }

    /** Leases every key of a batch, in one order for every client so two batches never wait on each other. */
    private Map<KeyBytes, Long> acquireLeases(Collection<KeyBytes> keys) {
        Map<KeyBytes, Long> leases = new LinkedHashMap<>();
        if (!leasing) {
            return leases;
        }
        List<KeyBytes> ordered = new ArrayList<>(keys);
        ordered.sort((a, b) -> java.util.Arrays.compare(a.bytes(), b.bytes()));
        try {
            for (KeyBytes k : ordered) {
                leases.put(k, acquireLease(k.bytes()));
            }
        } catch (RuntimeException e) {
            releaseLeases(leases);
            throw e;
        }
        return leases;
    }

    private void releaseLeases(Map<KeyBytes, Long> leases) {
        for (Map.Entry<KeyBytes, Long> lease : leases.entrySet()) {
            releaseLease(lease.getKey().bytes(), lease.getValue());
        }
        leases.clear();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(K key, V value) {
        ensureOpen();
        requireKey(key);
        requireValue(value);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        byte[] vb = encodeValue(value);
        Long blind = blindPutExpiry();
        if (blind != null) {
            storePut(kb, vb, KeySpace.ANY_VERSION, blind, KeySpace.NO_LEASE);
            statistics.recordPuts(1);
            statistics.recordPutTime(start);
            return;
        }
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
        try {
            Applied a = mutate(key, kb, events.hasListeners(), s -> Change.put(value, vb), KeySpace.NO_LEASE, fired);
            if (a.changed) {
                statistics.recordPuts(1);
            }
        } finally {
            publish(kb, fired);
        }
        statistics.recordPutTime(start);
    }

    /**
     * The expiry time of a put that needs no snapshot, or null when it needs one. A plain put reads
     * the entry first only to learn whether it creates or updates: for events (created or updated,
     * the old value), for the writer's and loader's lease, and for an expiry policy that treats the
     * two apart. With none of those, one unconditional write does what the read and the
     * compare-and-set would (on a lost race the read would be repeated and the put win anyway).
     */
    private @Nullable Long blindPutExpiry() {
        if (leasing || events.hasListeners()) {
            return null;
        }
        return expiry.sameForCreationAndUpdate(now());
    }

    @Override
    public @Nullable V getAndPut(K key, V value) {
        ensureOpen();
        requireKey(key);
        requireValue(value);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        byte[] vb = encodeValue(value);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
        V old;
        try {
            Applied a = mutate(key, kb, true, s -> Change.put(value, vb), KeySpace.NO_LEASE, fired);
            old = a.old();
            statistics.recordHitOrMiss(old != null);
            if (a.changed) {
                statistics.recordPuts(1);
            }
        } finally {
            publish(kb, fired);
        }
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
        Map<KeyBytes, K> keys = new LinkedHashMap<>();
        Map<K, byte[]> values = new LinkedHashMap<>();
        for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
            keys.put(new KeyBytes(encodeKey(e.getKey())), e.getKey());
            values.put(e.getKey(), encodeValue(e.getValue()));
        }
        Map<KeyBytes, Long> leases = acquireLeases(keys.keySet());
        RuntimeException writeFailure = null;
        int puts = 0;
        try {
            Map<K, V> toStore = new LinkedHashMap<>(map);
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
            for (Map.Entry<KeyBytes, K> k : keys.entrySet()) {
                K key = k.getValue();
                if (!toStore.containsKey(key)) {
                    continue;
                }
                V value = toStore.get(key);
                byte[] vb = values.get(key);
                Long lease = leases.remove(k.getKey());
                List<CacheEntryEvent<K, V>> fired = new ArrayList<>(2);
                try {
                    Applied a = mutate(
                            key,
                            k.getKey().bytes(),
                            events.hasListeners(),
                            s -> Change.putQuietly(value, vb),
                            lease == null ? KeySpace.NO_LEASE : lease,
                            fired);
                    if (a.changed) {
                        puts++;
                    }
                } finally {
                    publish(k.getKey().bytes(), fired);
                }
            }
        } finally {
            releaseLeases(leases);
            statistics.recordPuts(puts);
        }
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
        boolean written;
        try {
            Applied a = mutate(
                    key,
                    kb,
                    events.hasListeners(),
                    s -> s.present() ? Change.keep() : Change.put(value, vb),
                    KeySpace.NO_LEASE,
                    fired);
            written = a.change.outcome == Outcome.PUT;
            statistics.recordHitOrMiss(!written);
            if (a.changed) {
                statistics.recordPuts(1);
            }
        } finally {
            publish(kb, fired);
        }
        statistics.recordPutTime(start);
        return written;
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        requireKey(key);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        boolean removed;
        try {
            removed =
                    mutate(key, kb, events.hasListeners(), s -> Change.remove(true), KeySpace.NO_LEASE, fired).changed;
            if (removed) {
                statistics.recordRemovals(1);
            }
        } finally {
            publish(kb, fired);
        }
        statistics.recordRemoveTime(start);
        return removed;
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
        try {
            Applied a = mutate(
                    key,
                    kb,
                    true,
                    s -> !s.present()
                            ? Change.keep()
                            : Objects.equals(s.value(), oldValue) ? Change.remove(true) : Change.read(),
                    KeySpace.NO_LEASE,
                    fired);
            removed = a.change.outcome == Outcome.REMOVE;
            statistics.recordHitOrMiss(a.before.present());
            if (a.changed) {
                statistics.recordRemovals(1);
            }
        } finally {
            publish(kb, fired);
        }
        statistics.recordRemoveTime(start);
        return removed;
    }

    @Override
    public @Nullable V getAndRemove(K key) {
        ensureOpen();
        requireKey(key);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        V old;
        try {
            Applied a = mutate(key, kb, true, s -> Change.remove(true), KeySpace.NO_LEASE, fired);
            old = a.old();
            if (old != null) {
                statistics.recordHits(1);
                statistics.recordRemovals(1);
            } else {
                statistics.recordMisses(1);
            }
        } finally {
            publish(kb, fired);
        }
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
        try {
            Applied a = mutate(
                    key,
                    kb,
                    true,
                    s -> !s.present()
                            ? Change.keep()
                            : Objects.equals(s.value(), oldValue) ? Change.put(newValue, vb) : Change.read(),
                    KeySpace.NO_LEASE,
                    fired);
            replaced = a.changed;
            statistics.recordHitOrMiss(a.before.present());
            if (replaced) {
                statistics.recordPuts(1);
            }
        } finally {
            publish(kb, fired);
        }
        statistics.recordPutTime(start);
        return replaced;
    }

    @Override
    public boolean replace(K key, V value) {
        return replaceValue(key, value) != null;
    }

    @Override
    public @Nullable V getAndReplace(K key, V value) {
        return replaceValue(key, value);
    }

    /** Replaces a present value; returns the old value, or null when absent. */
    private @Nullable V replaceValue(K key, V value) {
        ensureOpen();
        requireKey(key);
        requireValue(value);
        long start = System.nanoTime();
        byte[] kb = encodeKey(key);
        byte[] vb = encodeValue(value);
        List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
        V old;
        try {
            Applied a = mutate(
                    key, kb, true, s -> s.present() ? Change.put(value, vb) : Change.keep(), KeySpace.NO_LEASE, fired);
            old = a.old();
            if (old != null) {
                statistics.recordHits(1);
                statistics.recordPuts(1);
            } else {
                statistics.recordMisses(1);
            }
        } finally {
            publish(kb, fired);
        }
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
        Map<KeyBytes, K> encoded = new LinkedHashMap<>();
        for (K key : keys) {
            encoded.put(new KeyBytes(encodeKey(key)), key);
        }
        Map<KeyBytes, Long> leases = acquireLeases(encoded.keySet());
        Collection<K> toRemove = new LinkedHashSet<>(keys);
        RuntimeException writeFailure = null;
        int removals = 0;
        try {
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
            for (Map.Entry<KeyBytes, K> k : encoded.entrySet()) {
                K key = k.getValue();
                if (!toRemove.contains(key)) {
                    continue;
                }
                Long lease = leases.remove(k.getKey());
                List<CacheEntryEvent<K, V>> fired = new ArrayList<>(1);
                try {
                    if (mutate(
                                    key,
                                    k.getKey().bytes(),
                                    events.hasListeners(),
                                    s -> Change.remove(false),
                                    lease == null ? KeySpace.NO_LEASE : lease,
                                    fired)
                            .changed) {
                        removals++;
                    }
                } finally {
                    publish(k.getKey().bytes(), fired);
                }
            }
        } finally {
            releaseLeases(leases);
            statistics.recordRemovals(removals);
        }
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
        @Nullable Function<K, V> load = isReadThrough() ? loader()::load : null;
        List<T> result = new ArrayList<>(1);
        List<ProcessorEntry<K, V>> ran = new ArrayList<>(1);
        try {
            Applied a = mutate(
                    key,
                    kb,
                    true,
                    s -> {
                        ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, s.present() ? s.value() : null, load);
                        T r;
                        try {
                            r = processor.process(entry, arguments);
                        } catch (EntryProcessorException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new EntryProcessorException(
                                    "entry processor " + processor.getClass().getName() + " failed on key " + key + ": "
                                            + e,
                                    e);
                        }
                        result.clear();
                        result.add(r);
                        ran.clear();
                        ran.add(entry);
                        return decide(entry);
                    },
                    KeySpace.NO_LEASE,
                    fired);
            countProcessor(ran.get(0).action(), a);
        } finally {
            publish(kb, fired);
        }
        statistics.recordGetTime(start);
        return result.get(0);
    }

    /** What a processor's changes to its entry mean for the store. */
    private Change<V> decide(ProcessorEntry<K, V> entry) {
        return switch (entry.action()) {
            case NONE -> Change.keep();
            case READ -> Change.read();
            case LOADED -> {
                V value = Objects.requireNonNull(entry.value(), "a loaded entry has a value");
                requireValueType(value);
                yield Change.putQuietly(value, null);
            }
            case CREATED, UPDATED -> {
                V value = Objects.requireNonNull(entry.value(), "a created or updated entry has a value");
                requireValueType(value);
                yield Change.put(value, null);
            }
            case REMOVED -> Change.remove(true);
        };
    }

    private void countProcessor(EntryAction action, Applied a) {
        switch (action) {
            case NONE -> countAccess(a.before);
            case READ -> statistics.recordHits(1);
            case LOADED -> statistics.recordMisses(1);
            case CREATED -> {
                countAccess(a.before);
                if (a.changed) {
                    statistics.recordPuts(1);
                }
            }
            case UPDATED -> {
                statistics.recordHits(1);
                statistics.recordPuts(1);
            }
            case REMOVED -> {
                if (a.before.present()) {
                    statistics.recordHits(1);
                    statistics.recordRemovals(1);
                } else {
                    statistics.recordMisses(1);
                }
            }
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
            private Cache.@Nullable Entry<K, V> next;
            private @Nullable K lastKey;

            @Override
            public boolean hasNext() {
                ensureOpen();
                while (next == null && remaining.hasNext()) {
                    byte[] kb = remaining.next();
                    long now = now();
                    Snapshot s = read(kb, true, now);
                    if (s.present()) {
                        K key = decodeKey(kb);
                        V value = Objects.requireNonNull(s.value(), "a present entry read with its value has one");
                        touchForAccess(kb, s, now);
                        statistics.recordHits(1);
                        next = new MayflyEntry<>(key, value);
                    } else if (s.stored != null) {
                        K key = decodeKey(kb);
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
                if (entry == null) {
                    throw new NoSuchElementException("no more entries in cache " + name);
                }
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

    /** The loader, asked for only when {@link #isReadThrough()}. */
    private ReadThrough<K, V> loader() {
        ReadThrough<K, V> l = loader;
        if (l == null) {
            throw new IllegalStateException("cache " + name + " has no loader");
        }
        return l;
    }

    private Snapshot read(byte[] kb, boolean withValue, long now) {
        StoredValue stored =
                withValue ? calls.call("get", () -> space.get(kb)) : calls.call("head", () -> space.head(kb));
        return new Snapshot(stored, now);
    }

    private long storePut(byte[] kb, byte[] vb, long expectedVersion, long expiresAt, long lease) {
        return calls.call("put", () -> space.put(kb, vb, expectedVersion, expiresAt, lease));
    }

    private boolean storeRemove(byte[] kb, long expectedVersion) {
        return storeRemove(kb, expectedVersion, KeySpace.NO_LEASE);
    }

    private boolean storeRemove(byte[] kb, long expectedVersion, long lease) {
        return calls.call("remove", () -> space.remove(kb, expectedVersion, lease));
    }

    /** Waits for the key's write lease for most of the operation timeout, so the proxy's refusal explains. */
    private long acquireLease(byte[] kb) {
        long waitMs = Math.max(1, calls.timeoutMs() * 4 / 5);
        return calls.call("write lease", () -> space.acquireLease(kb, writeLeaseMs, waitMs));
    }

    /** Gives back a lease no commit ended; if that fails the lease expires on its own. */
    private void releaseLease(byte[] kb, long lease) {
        try {
            calls.run("lease release", () -> space.releaseLease(kb, lease));
        } catch (RuntimeException e) {
            log.debug(
                    "releasing write lease {} of cache {} failed; it expires on its own: {}",
                    lease,
                    name,
                    e.toString());
        }
    }

    private List<byte[]> storeKeys() {
        return calls.call("keys", space::keys);
    }

    /** Applies the access expiry to a present entry; a lost race leaves the newer write alone. */
    private void touchForAccess(byte[] kb, Snapshot s, long now) {
        Long access = expiry.forAccess(now);
        if (access != null && access != s.held().expiresAtMillis()) {
            calls.call("touch", () -> space.touch(kb, s.held().version(), access));
        }
    }

    /** Removes an expired entry this operation saw, and fires EXPIRED if it was the one to remove it. */
    private void purgeExpired(K key, byte[] kb, Snapshot s, List<CacheEntryEvent<K, V>> fired) {
        if (s.expired && storeRemove(kb, s.held().version())) {
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

    private long now() {
        return clock.millis();
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
