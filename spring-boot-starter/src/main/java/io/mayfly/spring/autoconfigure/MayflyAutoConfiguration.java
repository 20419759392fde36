package io.mayfly.spring.autoconfigure;

import io.mayfly.jcache.MayflyCacheManager;
import io.mayfly.jcache.MayflyCachingProvider;
import io.mayfly.spring.cache.CacheFirstUseListener;
import io.mayfly.spring.cache.FailOpenCacheErrorHandler;
import io.mayfly.spring.cache.FailureLog;
import io.mayfly.spring.cache.FrameworkValueClasses;
import io.mayfly.spring.cache.MayflyCacheResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheErrorHandler;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Mayfly behind Spring's cache abstraction. Boot's own JCache support creates the CacheManager
 * (from {@code spring.cache.jcache.provider}, which the starter defaults to Mayfly, and
 * {@code spring.cache.jcache.config}); this adds Mayfly's {@code mayfly.*} properties to it,
 * creates the caches those properties name, turns on their statistics for Micrometer, and
 * installs the fail-open error handler.
 */
@AutoConfiguration(before = CacheAutoConfiguration.class)
@ConditionalOnClass({MayflyCachingProvider.class, JCacheCacheManager.class, JCachePropertiesCustomizer.class})
@EnableConfigurationProperties(MayflyProperties.class)
public class MayflyAutoConfiguration {

    /**
     * Hands {@code mayfly.*} from the Spring environment to the provider's getCacheManager: every
     * key as written (so settings of the store below, which this class does not know, get through),
     * then the bound {@link MayflyProperties} on top (relaxed names made canonical, starter defaults).
     */
    @Bean
    JCachePropertiesCustomizer mayflyProviderProperties(MayflyProperties mayfly, Environment environment) {
        return properties -> {
            Binder.get(environment)
                    .bind("mayfly", Bindable.mapOf(String.class, String.class))
                    .ifBound(all -> all.forEach((key, value) -> properties.setProperty("mayfly." + key, value)));
            properties.putAll(mayfly.providerProperties());
            FrameworkValueClasses.allow(properties, MayflyAutoConfiguration.class.getClassLoader());
        };
    }

    /**
     * Creates the caches named by {@code mayfly.cache.<name>.*} before Boot's metrics scan, and
     * turns statistics on for the caches Boot created from {@code spring.cache.cache-names}
     * (Boot creates them with a plain MutableConfiguration, statistics off).
     */
    @Bean
    JCacheManagerCustomizer mayflyCaches(MayflyProperties mayfly, FailureLog failures) {
        return manager -> {
            if (!(manager.getCachingProvider() instanceof MayflyCachingProvider)) {
                return;
            }
            for (String name : mayfly.getCache().keySet()) {
                try {
                    manager.getCache(name);
                } catch (RuntimeException e) {
                    // Opening a cache reaches the store; with the proxy down the application still starts.
                    if (!mayfly.isFailOpen()) {
                        throw e;
                    }
                    failures.report("open", name, "created on first use instead", e);
                }
            }
            if (Boolean.TRUE.equals(mayfly.getDefault().getStatisticsEnabled())) {
                MayflyCacheManager mayflyManager = manager.unwrap(MayflyCacheManager.class);
                for (String name : mayflyManager.getCacheNames()) {
                    Boolean own = mayfly.getCache().containsKey(name)
                            ? mayfly.getCache().get(name).getStatisticsEnabled()
                            : null;
                    if (own == null || own) {
                        mayflyManager.enableStatistics(name, true);
                    }
                }
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    FailureLog mayflyFailureLog(MayflyProperties mayfly) {
        return new FailureLog(mayfly.getFailOpenLogIntervalMs());
    }

    /**
     * Spring reads the error handler and resolver of annotated methods from the one
     * CachingConfigurer bean; an application that has its own keeps it, and wires
     * {@link FailOpenCacheErrorHandler} there itself if it wants fail-open.
     */
    @Bean
    @ConditionalOnMissingBean(CachingConfigurer.class)
    CachingConfigurer mayflyCachingConfigurer(
            MayflyProperties mayfly,
            FailureLog failures,
            ObjectProvider<CacheManager> cacheManager,
            ObjectProvider<CacheFirstUseListener> listeners) {
        boolean failOpen = mayfly.isFailOpen();
        CacheErrorHandler errorHandler =
                failOpen ? new FailOpenCacheErrorHandler(failures) : new SimpleCacheErrorHandler();
        CacheResolver resolver = new MayflyCacheResolver(
                cacheManager::getObject,
                failures,
                failOpen,
                () -> listeners.orderedStream().toList());
        return new CachingConfigurer() {
            @Override
            public CacheResolver cacheResolver() {
                return resolver;
            }

            @Override
            public CacheErrorHandler errorHandler() {
                return errorHandler;
            }
        };
    }

    /**
     * Hibernate's second-level cache on Mayfly keeps its regions in the application's cache manager:
     * one store, one embedded proxy and one pool of functions for {@code @Cacheable} and Hibernate.
     * An application that names a cache manager for Hibernate itself keeps its choice.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer",
                "io.mayfly.hibernate.MayflyRegionFactory"
            })
    static class HibernateSharesTheCacheManager {

        @Bean
        org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer mayflyHibernateCacheManager(
                ObjectProvider<javax.cache.CacheManager> cacheManager) {
            return properties -> {
                if (properties.containsKey(io.mayfly.hibernate.configuration.MayflyHibernateSettings.CACHE_MANAGER)
                        || properties.containsKey(
                                io.mayfly.hibernate.configuration.MayflyHibernateSettings.JCACHE_CACHE_MANAGER)) {
                    return;
                }
                MayflyCacheManager manager = mayflyManager(cacheManager);
                if (manager != null) {
                    properties.put(io.mayfly.hibernate.configuration.MayflyHibernateSettings.CACHE_MANAGER, manager);
                }
            };
        }
    }

    /** {@code /actuator/health}'s {@code mayfly} component, when Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "mayflyHealthIndicator")
        io.mayfly.spring.health.MayflyHealthIndicator mayflyHealthIndicator(
                ObjectProvider<javax.cache.CacheManager> cacheManager) {
            return new io.mayfly.spring.health.MayflyHealthIndicator(() -> mayflyManager(cacheManager));
        }
    }

    /** The embedded proxy's meters in the application's registry, beside the caches' own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class ProxyMeters {

        @Bean
        org.springframework.beans.factory.SmartInitializingSingleton mayflyProxyMeters(
                ObjectProvider<javax.cache.CacheManager> cacheManager, ObjectProvider<MeterRegistry> registry) {
            return () -> {
                MayflyCacheManager manager = mayflyManager(cacheManager);
                MeterRegistry meters = registry.getIfAvailable();
                if (manager == null || meters == null) {
                    return;
                }
                manager.onStoreOpened(store -> {
                    io.mayfly.proxy.ProxyStack proxy = io.mayfly.embedded.EmbeddedStores.proxyOf(store);
                    if (proxy != null) {
                        proxy.server().metrics().exportTo(meters);
                    }
                });
            };
        }
    }

    static @Nullable MayflyCacheManager mayflyManager(ObjectProvider<javax.cache.CacheManager> cacheManager) {
        javax.cache.CacheManager manager = cacheManager.getIfAvailable();
        return manager != null && manager.getCachingProvider() instanceof MayflyCachingProvider
                ? manager.unwrap(MayflyCacheManager.class)
                : null;
    }

    /**
     * Boot's cache metrics bind the caches that exist at startup; Mayfly creates caches on first
     * use, so those are bound when the resolver first sees them, with the tag Boot would give them.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, CacheMetricsRegistrar.class})
    static class CacheMetrics {

        /**
         * The registrar comes from Boot's CacheMetricsAutoConfiguration, which runs after this one.
         * A cache Boot already bound at startup is skipped: Micrometer would warn of a duplicate.
         */
        @Bean
        CacheFirstUseListener mayflyCacheMetricsBinder(
                ObjectProvider<CacheMetricsRegistrar> registrar,
                ObjectProvider<MeterRegistry> registry,
                ListableBeanFactory beans) {
            return cache -> registrar.ifAvailable(r -> {
                List<String> managerNames = List.of(beans.getBeanNamesForType(CacheManager.class));
                String tag = managerNames.size() == 1 ? cacheManagerTag(managerNames.get(0)) : "cacheManager";
                MeterRegistry meters = registry.getIfAvailable();
                boolean bound = meters != null
                        && meters.find("cache.gets")
                                        .tag("cache", cache.getName())
                                        .tag("cache.manager", tag)
                                        .meter()
                                != null;
                if (!bound) {
                    r.bindCacheToRegistry(cache, Tag.of("cache.manager", tag));
                }
            });
        }

        /** Boot's rule for the {@code cache.manager} tag: the bean name without a "CacheManager" suffix. */
        private static String cacheManagerTag(String beanName) {
            String suffix = "cacheManager";
            if (beanName.length() > suffix.length()
                    && beanName.regionMatches(true, beanName.length() - suffix.length(), suffix, 0, suffix.length())) {
                return beanName.substring(0, beanName.length() - suffix.length());
            }
            return beanName;
        }
    }
}
