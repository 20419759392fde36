package io.mayfly.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.ObjectStore;
import io.mayfly.embedded.EmbeddedStores;
import io.mayfly.jcache.MayflyCacheManager;
import io.mayfly.jcache.MayflyCachingProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.hibernate.cache.spi.access.AccessType;
import org.junit.jupiter.api.Test;

/**
 * An application that caches through JCache and in Hibernate's second-level cache runs one store:
 * the region factory keeps its regions in the application's cache manager instead of starting a
 * second embedded proxy with a pool of its own.
 */
class SharedCacheManagerTest {

    private static CacheManager applicationManager(CachingProvider provider, String name) {
        Properties properties = new Properties();
        properties.setProperty("mayfly.embedded.pool-size", "3");
        properties.setProperty("mayfly.data-shards", "2");
        properties.setProperty("mayfly.parity-shards", "1");
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        return provider.getCacheManager(
                URI.create("mayfly:" + name), Thread.currentThread().getContextClassLoader(), properties);
    }

    @Test
    void regionsLiveInTheApplicationsCacheManagerAndOnePoolOfFunctionsServesBoth() {
        CachingProvider provider = Caching.getCachingProvider(MayflyCachingProvider.class.getName());
        try (CacheManager manager = applicationManager(provider, "shared-object")) {
            List<ObjectStore> opened = new CopyOnWriteArrayList<>();
            manager.unwrap(MayflyCacheManager.class).onStoreOpened(opened::add);
            manager.createCache("app", new MutableConfiguration<String, String>())
                    .put("k", "v");

            try (TestOrm orm =
                    TestOrm.start(AccessType.READ_WRITE, Map.of("hibernate.cache.mayfly.cache-manager", manager))) {
                orm.insertLibrary();
                orm.inTransaction(s -> s.find(Book.class, 10L));
                orm.resetCounts();
                orm.inTransaction(s -> s.find(Book.class, 10L));
                assertThat(orm.sql().statements()).isEmpty();
                assertThat(orm.regionFactory().cacheManager()).isSameAs(manager);
                assertThat(manager.getCacheNames()).anyMatch(name -> name.contains(Book.class.getName()));
            }

            // One store, one embedded proxy, one pool of three functions for both users.
            assertThat(opened).hasSize(1);
            assertThat(EmbeddedStores.proxyOf(opened.get(0)).server().poolSize())
                    .isEqualTo(3);
            // Hibernate stopping does not close the application's manager.
            assertThat(manager.isClosed()).isFalse();
            assertThat(manager.<String, String>getCache("app").get("k")).isEqualTo("v");
        }
    }

    @Test
    void hibernateJcachesSettingNamingTheManagersUriFindsTheSameManager() {
        CachingProvider provider = Caching.getCachingProvider(MayflyCachingProvider.class.getName());
        try (CacheManager manager = applicationManager(provider, "shared-uri")) {
            try (TestOrm orm = TestOrm.start(
                    AccessType.READ_WRITE, Map.of("hibernate.javax.cache.cache_manager", "mayfly:shared-uri"))) {
                assertThat(orm.regionFactory().cacheManager()).isSameAs(manager);
            }
            assertThat(manager.isClosed()).isFalse();
        }
    }
}
