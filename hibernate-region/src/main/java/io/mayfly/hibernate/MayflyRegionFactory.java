package io.mayfly.hibernate;

import io.mayfly.hibernate.configuration.MayflyHibernateSettings;
import io.mayfly.hibernate.configuration.RegionSettings;
import io.mayfly.hibernate.configuration.RegionType;
import io.mayfly.hibernate.resilience.FailClosed;
import io.mayfly.hibernate.resilience.FailOpen;
import io.mayfly.hibernate.resilience.ResilienceStrategy;
import io.mayfly.jcache.MayflyCachingProvider;
import io.mayfly.jcache.configuration.MayflyConfiguration;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.cache.spi.support.RegionFactoryTemplate;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hibernate's second-level cache on Mayfly ({@code hibernate.cache.region.factory_class=mayfly}).
 *
 * <p>Built on {@link RegionFactoryTemplate}, not hibernate-jcache's {@code JCacheRegionFactory}:
 * what this factory adds is in exactly the places JCacheRegionFactory fixes — it creates every
 * cache by region name alone with a plain {@code MutableConfiguration} (no region type, so no
 * per-type k, r, threshold or expiry), finds its provider through the JVM-wide {@code Caching}
 * registry, and hands Hibernate bare storage objects with no failure policy. Extending it would
 * mean overriding all of that and wrapping the rest; the template needs only the three storage
 * factories below, and hibernate-jcache stays out of the users' class path.
 *
 * <p>Each factory owns its {@link MayflyCachingProvider} and cache manager and closes both when
 * Hibernate stops it (no static registry: several session factories in one JVM stay apart).
 * {@link #nextTimestamp()} is Hibernate's local clock ({@code SimpleTimestamper}): it never
 * touches the cache, so it cannot fail when the proxy is down.
 */
public class MayflyRegionFactory extends RegionFactoryTemplate {

    /** The short name for {@code hibernate.cache.region.factory_class}. */
    public static final String SHORT_NAME = "mayfly";

    private static final Logger log = LoggerFactory.getLogger(MayflyRegionFactory.class);

    // Set in prepareForUse, which Hibernate calls before any other use of the factory.
    @SuppressWarnings("NullAway.Init")
    private volatile MayflyHibernateSettings settings;

    private volatile @Nullable MayflyCachingProvider provider;
    private volatile @Nullable CacheManager cacheManager;
    /** False when the manager is the application's: it outlives this factory. */
    private volatile boolean ownsCacheManager;

    @SuppressWarnings("NullAway.Init") // set in prepareForUse, as settings
    private volatile ResilienceStrategy.Factory strategies;

    private final List<RegionStorage> queryResults = new CopyOnWriteArrayList<>();

    @Override
    protected void prepareForUse(SessionFactoryOptions options, Map<String, Object> configValues) {
        MayflyHibernateSettings resolved = MayflyHibernateSettings.from(configValues);
        this.strategies = resolved.failOpen()
                ? FailOpen.factory(resolved.retryIntervalMs(), resolved.logIntervalMs())
                : FailClosed.factory();
        this.settings = resolved;
        CacheManager shared = sharedCacheManager(configValues);
        if (shared != null) {
            this.cacheManager = shared;
            this.ownsCacheManager = false;
            log.info(
                    "Mayfly second-level cache: the application's cache manager {}, fail-open {}",
                    shared.getURI(),
                    resolved.failOpen());
            return;
        }
        MayflyCachingProvider ownProvider = new MayflyCachingProvider();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ownProvider.getDefaultClassLoader();
        }
        URI uri = resolved.configUri().orElse(ownProvider.getDefaultURI());
        // Opens no store yet: caches open on first use, so a dead proxy cannot stop the application.
        this.cacheManager = ownProvider.getCacheManager(uri, loader, resolved.providerProperties());
        this.ownsCacheManager = true;
        this.provider = ownProvider;
        log.info("Mayfly second-level cache: cache manager {}, fail-open {}", uri, resolved.failOpen());
    }

    /**
     * The application's cache manager, when the settings name one: the object itself, or the URI of
     * a manager of Mayfly's provider as {@code javax.cache.Caching} hands it out (Spring Boot's
     * JCache support gets its manager there, so the same URI finds the same manager).
     */
    private static @Nullable CacheManager sharedCacheManager(Map<String, Object> configValues) {
        Object named = configValues.get(MayflyHibernateSettings.CACHE_MANAGER);
        if (named == null) {
            named = configValues.get(MayflyHibernateSettings.JCACHE_CACHE_MANAGER);
        }
        if (named == null) {
            return null;
        }
        if (named instanceof CacheManager manager) {
            if (!(manager.getCachingProvider() instanceof MayflyCachingProvider)) {
                throw new org.hibernate.cache.CacheException("the cache manager in "
                        + MayflyHibernateSettings.CACHE_MANAGER + " is "
                        + manager.getCachingProvider().getClass().getName()
                        + "'s, not Mayfly's: use hibernate.cache.region.factory_class=jcache"
                        + " for another provider, or pass a Mayfly cache manager");
            }
            if (manager.isClosed()) {
                throw new org.hibernate.cache.CacheException("the cache manager in "
                        + MayflyHibernateSettings.CACHE_MANAGER + " (" + manager.getURI() + ") is closed");
            }
            return manager;
        }
        String uri = named.toString().trim();
        if (uri.isEmpty()) {
            return null;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return javax.cache.Caching.getCachingProvider(MayflyCachingProvider.class.getName(), loader)
                .getCacheManager(URI.create(uri), loader);
    }

    @Override
    protected void releaseFromUse() {
        try {
            if (cacheManager != null && ownsCacheManager) {
                cacheManager.close();
            }
            if (provider != null) {
                provider.close();
            }
        } catch (RuntimeException e) {
            log.warn("closing the Mayfly cache manager failed; going on", e);
        } finally {
            cacheManager = null;
            provider = null;
            queryResults.clear();
        }
    }

    /** The cache manager holding this factory's caches (a cache per region, named as the region). */
    public CacheManager cacheManager() {
        verifyStarted();
        CacheManager manager = cacheManager;
        if (manager == null) {
            throw new IllegalStateException("the Mayfly region factory was stopped; its cache manager is closed");
        }
        return manager;
    }

    /** The settings a region of this name and type gets. */
    public RegionSettings regionSettings(String regionName, RegionType type) {
        verifyStarted();
        return settings.region(regionName, type);
    }

    @Override
    protected DomainDataStorageAccess createDomainDataStorageAccess(
            DomainDataRegionConfig regionConfig, DomainDataRegionBuildingContext buildingContext) {
        String regionName = regionConfig.getRegionName();
        RegionType type = typeOf(regionConfig);
        return new RegionStorage(qualify(regionName), type, opener(regionName, type), strategies);
    }

    /** Entities, or the only kind of data the region holds when it holds no entities. */
    static RegionType typeOf(DomainDataRegionConfig regionConfig) {
        boolean entities = !regionConfig.getEntityCaching().isEmpty();
        boolean naturalIds = !regionConfig.getNaturalIdCaching().isEmpty();
        boolean collections = !regionConfig.getCollectionCaching().isEmpty();
        if (!entities && naturalIds && !collections) {
            return RegionType.NATURAL_ID;
        }
        if (!entities && collections && !naturalIds) {
            return RegionType.COLLECTION;
        }
        return RegionType.ENTITY;
    }

    @Override
    protected StorageAccess createQueryResultsRegionStorageAccess(
            String regionName, SessionFactoryImplementor sessionFactory) {
        RegionStorage storage = new RegionStorage(
                qualify(regionName),
                RegionType.QUERY_RESULTS,
                opener(regionName, RegionType.QUERY_RESULTS),
                strategies);
        queryResults.add(storage);
        return storage;
    }

    @Override
    protected StorageAccess createTimestampsRegionStorageAccess(
            String regionName, SessionFactoryImplementor sessionFactory) {
        // A lost timestamp write hides an update from the query results cached so far: they are
        // marked at once, and each query-results region clears itself before its next read.
        return new TimestampsStorage(
                qualify(regionName),
                opener(regionName, RegionType.TIMESTAMPS),
                strategies,
                this::queryResultsNeedRepair,
                this::nextTimestamp);
    }

    private void queryResultsNeedRepair() {
        queryResults.forEach(RegionStorage::requireRepair);
    }

    private java.util.function.Supplier<Cache<Object, Object>> opener(String regionName, RegionType type) {
        RegionSettings region = settings.region(regionName, type);
        String cacheName = qualify(regionName);
        return () -> openCache(cacheName, region);
    }

    private Cache<Object, Object> openCache(String cacheName, RegionSettings region) {
        CacheManager manager = cacheManager;
        if (manager == null) {
            throw new IllegalStateException(
                    "the Mayfly region factory is stopped; cache " + cacheName + " cannot open");
        }
        Cache<Object, Object> existing = manager.getCache(cacheName);
        if (existing != null) {
            // A cache named in the Mayfly configuration file keeps the file's settings.
            return existing;
        }
        MayflyConfiguration<Object, Object> configuration = new MayflyConfiguration<>();
        configuration.setTypes(Object.class, Object.class);
        configuration.setDataShards(region.dataShards());
        configuration.setParityShards(region.parityShards());
        configuration.setSmallValueThresholdBytes(region.smallValueThresholdBytes());
        configuration.setPinned(region.pinned());
        configuration.setExpiryPolicyFactory(
                region.expireAfterWriteMs() == RegionSettings.NEVER_EXPIRES
                        ? EternalExpiryPolicy.factoryOf()
                        // Modified, not Created: a rewritten entry (an update) lives a full period again.
                        : ModifiedExpiryPolicy.factoryOf(
                                new Duration(TimeUnit.MILLISECONDS, region.expireAfterWriteMs())));
        try {
            return manager.createCache(cacheName, configuration);
        } catch (javax.cache.CacheException e) {
            Cache<Object, Object> raced = manager.getCache(cacheName);
            if (raced != null) {
                return raced;
            }
            throw e;
        }
    }
}
