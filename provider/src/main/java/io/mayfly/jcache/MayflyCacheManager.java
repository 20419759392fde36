package io.mayfly.jcache;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ObjectStoreFactory;
import io.mayfly.jcache.configuration.MayflyConfiguration;
import io.mayfly.jcache.configuration.MayflySettings;
import io.mayfly.jcache.copy.Serializer;
import io.mayfly.jcache.management.MBeanRegistration;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache manager: the caches of one (URI, class loader), the object stores they live in (one per
 * proxy setting, opened on first use) and the worker threads for store calls, asynchronous
 * listeners and loadAll. Closing it closes its caches, then its stores, then its threads.
 */
public final class MayflyCacheManager implements CacheManager {

    private static final Logger log = LoggerFactory.getLogger(MayflyCacheManager.class);

    private final MayflyCachingProvider provider;
    private final URI uri;
    private final ClassLoader classLoader;
    private final Properties properties;
    private final MayflySettings settings;
    private final Map<String, MayflyCache<?, ?>> caches = new ConcurrentHashMap<>();
    private final Map<String, ObjectStore> stores = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<ObjectStore>> storeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The store each cache's key space lives in, to drop it on destroy. */
    private final Map<String, ObjectStore> storeOfCache = new ConcurrentHashMap<>();

    private final String keySpacePrefix;
    private final boolean privateKeySpaces;
    private final ExecutorService workers;
    private final StoreCalls managerCalls;
    private final MBeanRegistration mbeans = new MBeanRegistration();
    private volatile boolean closed;

    public MayflyCacheManager(
            MayflyCachingProvider provider,
            URI uri,
            ClassLoader classLoader,
            Properties properties,
            MayflySettings settings) {
        this.provider = provider;
        this.uri = uri;
        this.classLoader = classLoader;
        this.properties = properties;
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        String threadName = "mayfly-" + uri + "-";
        this.workers =
                new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                    Thread t = new Thread(task, threadName + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.managerCalls = storeCalls(settings.longValue(MayflySettings.OPERATION_TIMEOUT_MS, 1));
        String scope = settings.required(MayflySettings.KEY_SPACE_SCOPE);
        this.privateKeySpaces = scope.equals("manager");
        this.keySpacePrefix = privateKeySpaces ? uri + "#" + java.util.UUID.randomUUID() + "#" : uri + "#";
    }

    private StoreCalls storeCalls(long timeoutMs) {
        return new StoreCalls(workers, timeoutMs, settings.booleanValue(MayflySettings.GUARD_STORE_CALLS));
    }

    public MayflySettings settings() {
        return settings;
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cache name");
        Objects.requireNonNull(configuration, "configuration");
        if (!configuration.isStoreByValue()) {
            throw new UnsupportedOperationException("cache " + cacheName + " asks for store-by-reference,"
                    + " which Mayfly does not support: values live outside the JVM (use setStoreByValue(true))");
        }
        MayflyConfiguration<K, V> copy = MayflyConfiguration.copyOf(configuration);
        synchronized (caches) {
            if (caches.containsKey(cacheName)) {
                throw new CacheException("cache " + cacheName + " already exists in cache manager " + uri
                        + " (use getCache, or destroyCache first)");
            }
            MayflyCache<K, V> cache = open(cacheName, copy);
            caches.put(cacheName, cache);
            return cache;
        }
    }

    private <K, V> MayflyCache<K, V> open(String cacheName, MayflyConfiguration<K, V> configuration) {
        long timeoutMs = configuration
                .getOperationTimeoutMs()
                .orElseGet(() -> settingLong(cacheName, MayflySettings.OPERATION_TIMEOUT_MS, 1));
        String proxy = configuration.getProxy().orElseGet(() -> settings.storeSetting(cacheName, MayflySettings.PROXY));
        CodingSettings coding = new CodingSettings(
                configuration.getDataShards().orElseGet(() ->
                        (int) settingLong(cacheName, MayflySettings.DATA_SHARDS, 1)),
                configuration.getParityShards().orElseGet(() ->
                        (int) settingLong(cacheName, MayflySettings.PARITY_SHARDS, 0)),
                configuration
                        .getSmallValueThresholdBytes()
                        .orElseGet(() -> settingLong(cacheName, MayflySettings.SMALL_VALUE_THRESHOLD_BYTES, 0)),
                configuration
                        .getMaxValueSizeBytes()
                        .orElseGet(() -> settingLong(cacheName, MayflySettings.MAX_VALUE_SIZE_BYTES, 1)),
                configuration.getPinned().orElseGet(() -> pinnedSetting(cacheName)));
        ObjectStore store = store(proxy);
        String spaceName = keySpaceName(cacheName);
        // Opened at the first operation, inside that operation's store call: creating a cache does
        // not need the proxy to be up.
        KeySpace space = new DeferredKeySpace(spaceName, () -> store.keySpace(spaceName, coding));
        StoreCalls calls = storeCalls(timeoutMs).forSpace(space);
        storeOfCache.put(cacheName, store);
        return new MayflyCache<>(
                this,
                cacheName,
                configuration,
                space,
                calls,
                serializer().forCache(configuration.getKeyType(), configuration.getValueType(), settings.asMap()),
                workers,
                mbeans,
                coding.maxValueSizeBytes(),
                settingLong(cacheName, MayflySettings.WRITE_LEASE_MS, 1));
    }

    /** The store cache {@code cacheName} lives in, or null when there is no such cache. */
    @Nullable
    ObjectStore storeOf(String cacheName) {
        return storeOfCache.get(cacheName);
    }

    /** {@code mayfly.cache.<name>.pinned}, else {@code mayfly.default.pinned}, else false. */
    private boolean pinnedSetting(String cacheName) {
        String raw = settings.cacheSetting(cacheName, MayflySettings.PINNED);
        if (raw == null) {
            return false;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new IllegalArgumentException(MayflySettings.CACHE_PREFIX + cacheName + "." + MayflySettings.PINNED
                        + "='" + raw + "' must be true or false (fix the setting)");
        };
    }

    private long settingLong(String cacheName, String globalKey, long minimum) {
        return MayflySettings.parseLong(globalKey, settings.storeSetting(cacheName, globalKey), minimum);
    }

    /**
     * Caches of different managers sharing a proxy stay apart: the manager URI qualifies the name.
     * With {@code mayfly.key-space-scope=manager} a random id qualifies it too, so this manager's
     * caches are private to it and vanish with it, as JSR-107 describes a closed manager's caches.
     */
    private String keySpaceName(String cacheName) {
        return keySpacePrefix + cacheName;
    }

    private ObjectStore store(String proxy) {
        return stores.computeIfAbsent(proxy, p -> {
            ObjectStoreFactory factory = storeFactory();
            MayflySettings storeSettings = settings.with(MayflySettings.PROXY, p);
            // Not bounded by the operation timeout: a remote store connects lazily, and an embedded
            // one starts its proxy and functions here, which on a loaded machine takes longer than
            // one operation may; a timed-out start would also leave that stack running, unowned.
            ObjectStore store;
            try {
                store = factory.open(storeSettings.asMap());
            } catch (CacheException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CacheException("cannot open the object store for proxy " + p + ": " + e, e);
            }
            log.info(
                    "cache manager {} opened object store {} for proxy {}",
                    uri,
                    store.getClass().getName(),
                    p);
            for (java.util.function.Consumer<ObjectStore> listener : storeListeners) {
                notifyStoreOpened(listener, store);
            }
            return store;
        });
    }

    private ObjectStoreFactory storeFactory() {
        String className = settings.get(MayflySettings.STORE_FACTORY);
        if (className == null || className.isBlank()) {
            throw new CacheException("no object store is configured for cache manager " + uri
                    + ": set " + MayflySettings.STORE_FACTORY + " to the class name of an"
                    + " io.mayfly.client.ObjectStoreFactory (system property, getCacheManager properties,"
                    + " or the configuration file)");
        }
        try {
            Class<?> type = Class.forName(className.trim(), true, classLoaderFor(className));
            return (ObjectStoreFactory) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new CacheException(
                    "cannot create the object store factory " + className + " ("
                            + MayflySettings.STORE_FACTORY + "): " + e + "; it must implement"
                            + " io.mayfly.client.ObjectStoreFactory and have a public no-argument constructor",
                    e);
        }
    }

    private Serializer serializer() {
        String className = settings.required(MayflySettings.SERIALIZER);
        try {
            Class<?> type = Class.forName(className.trim(), true, classLoaderFor(className));
            return (Serializer) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new CacheException(
                    "cannot create the serializer " + className + " ("
                            + MayflySettings.SERIALIZER + "): " + e + "; it must implement"
                            + " io.mayfly.jcache.copy.Serializer and have a public no-argument constructor",
                    e);
        }
    }

    private ClassLoader classLoaderFor(String className) {
        try {
            Class.forName(className.trim(), false, classLoader);
            return classLoader;
        } catch (ClassNotFoundException | LinkageError e) {
            return MayflyCacheManager.class.getClassLoader();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        ensureOpen();
        Objects.requireNonNull(keyType, "key type");
        Objects.requireNonNull(valueType, "value type");
        Cache<K, V> cache = getCache(cacheName);
        if (cache == null) {
            return null;
        }
        Configuration<?, ?> configuration = cache.getConfiguration(Configuration.class);
        if (!configuration.getKeyType().equals(keyType)) {
            throw new ClassCastException("cache " + cacheName + " has key type "
                    + configuration.getKeyType().getName() + ", not " + keyType.getName());
        }
        if (!configuration.getValueType().equals(valueType)) {
            throw new ClassCastException("cache " + cacheName + " has value type "
                    + configuration.getValueType().getName() + ", not " + valueType.getName());
        }
        return cache;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cache name");
        MayflyCache<?, ?> cache = caches.get(cacheName);
        if (cache == null
                && (settings.definesCache(cacheName) || settings.booleanValue(MayflySettings.CREATE_ON_GET))) {
            synchronized (caches) {
                cache = caches.get(cacheName);
                if (cache == null) {
                    cache = open(cacheName, fromTemplate(cacheName));
                    caches.put(cacheName, cache);
                }
            }
        }
        return (Cache<K, V>) cache;
    }

    /** A cache made from the configuration file: its own keys, else the template's, else defaults. */
    private MayflyConfiguration<Object, Object> fromTemplate(String cacheName) {
        MayflyConfiguration<Object, Object> configuration = new MayflyConfiguration<>();
        String statistics = settings.cacheSetting(cacheName, MayflySettings.STATISTICS_ENABLED);
        if (statistics != null) {
            configuration.setStatisticsEnabled(Boolean.parseBoolean(statistics.trim()));
        }
        String management = settings.cacheSetting(cacheName, MayflySettings.MANAGEMENT_ENABLED);
        if (management != null) {
            configuration.setManagementEnabled(Boolean.parseBoolean(management.trim()));
        }
        String expireAfterWrite = settings.cacheSetting(cacheName, MayflySettings.EXPIRE_AFTER_WRITE_MS);
        if (expireAfterWrite != null) {
            long millis = MayflySettings.parseLong(
                    MayflySettings.CACHE_PREFIX + cacheName + "." + MayflySettings.EXPIRE_AFTER_WRITE_MS,
                    expireAfterWrite,
                    1);
            configuration.setExpiryPolicyFactory(FactoryBuilder.factoryOf(
                    // "After write" counts from the last create or update, as in Caffeine and Ehcache.
                    new ModifiedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, millis))));
        }
        return configuration;
    }

    /**
     * Hears every object store this manager opens (stores open on first use), and at once those
     * open already: integrations use it to reach the embedded proxy, for example to bind its
     * meters to the application's registry. A listener that throws is logged and skipped.
     */
    public void onStoreOpened(java.util.function.Consumer<ObjectStore> listener) {
        storeListeners.add(listener);
        for (ObjectStore store : stores.values()) {
            notifyStoreOpened(listener, store);
        }
    }

    private void notifyStoreOpened(java.util.function.Consumer<ObjectStore> listener, ObjectStore store) {
        try {
            listener.accept(store);
        } catch (RuntimeException e) {
            log.warn("a store listener of cache manager {} failed", uri, e);
        }
    }

    @Override
    public Iterable<String> getCacheNames() {
        ensureOpen();
        return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }

    @Override
    public void destroyCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cache name");
        MayflyCache<?, ?> cache;
        synchronized (caches) {
            cache = caches.remove(cacheName);
        }
        if (cache != null) {
            cache.close();
            dropKeySpace(cacheName);
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cache name");
        MayflyCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setManagementEnabled(enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cache name");
        MayflyCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
        }
    }

    private void dropKeySpace(String cacheName) {
        ObjectStore store = storeOfCache.remove(cacheName);
        if (store != null) {
            String spaceName = keySpaceName(cacheName);
            managerCalls.run("dropKeySpace " + spaceName, () -> store.dropKeySpace(spaceName));
        }
    }

    void release(MayflyCache<?, ?> cache) {
        caches.remove(cache.getName(), cache);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        provider.release(this);
        for (MayflyCache<?, ?> cache : new ArrayList<>(caches.values())) {
            try {
                cache.close();
            } catch (RuntimeException e) {
                log.warn("closing cache {} of {} failed", cache.getName(), uri, e);
            }
        }
        if (privateKeySpaces) {
            for (String cacheName : new ArrayList<>(storeOfCache.keySet())) {
                try {
                    dropKeySpace(cacheName);
                } catch (RuntimeException e) {
                    log.warn("dropping the private key space of cache {} of {} failed", cacheName, uri, e);
                }
            }
        }
        for (ObjectStore store : stores.values()) {
            try {
                managerCalls.run("close store", store::close);
            } catch (RuntimeException e) {
                log.warn("closing the object store of cache manager {} failed; going on", uri, e);
            }
        }
        stores.clear();
        workers.shutdownNow();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isAssignableFrom(getClass())) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("cache manager " + uri + " cannot be unwrapped to " + clazz.getName());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache manager " + uri + " is closed");
        }
    }
}
