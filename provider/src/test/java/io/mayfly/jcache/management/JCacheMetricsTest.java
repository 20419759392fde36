package io.mayfly.jcache.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.InMemoryObjectStoreFactory;
import io.mayfly.jcache.MayflyCachingProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Micrometer finds Mayfly's statistics through the standard MBean names. */
class JCacheMetricsTest {

    private final MayflyCachingProvider provider = new MayflyCachingProvider();
    private CacheManager manager;

    @BeforeEach
    void open() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", InMemoryObjectStoreFactory.class.getName());
        manager = provider.getCacheManager(
                URI.create("urn:mayfly:metrics"), getClass().getClassLoader(), properties);
    }

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void jcacheMetricsReadsHitsAndMisses() {
        Cache<String, String> cache =
                manager.createCache("books", new MutableConfiguration<String, String>().setStatisticsEnabled(true));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JCacheMetrics.monitor(registry, cache);

        cache.put("a", "1");
        cache.get("a");
        cache.get("a");
        cache.get("missing");

        FunctionCounter hits = registry.get("cache.gets").tag("result", "hit").functionCounter();
        FunctionCounter misses =
                registry.get("cache.gets").tag("result", "miss").functionCounter();
        assertThat(hits.count()).isEqualTo(2.0);
        assertThat(misses.count()).isEqualTo(1.0);
        assertThat(registry.get("cache.puts").functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    void beansUseTheStandardNamesAndGoAwayOnCloseAndDestroy() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName statistics =
                new ObjectName("javax.cache:type=CacheStatistics,CacheManager=urn.mayfly.metrics,Cache=orders");
        ObjectName configuration =
                new ObjectName("javax.cache:type=CacheConfiguration,CacheManager=urn.mayfly.metrics,Cache=orders");
        Cache<String, String> cache = manager.createCache(
                "orders",
                new MutableConfiguration<String, String>()
                        .setStatisticsEnabled(true)
                        .setManagementEnabled(true));
        assertThat(server.isRegistered(statistics)).isTrue();
        assertThat(server.isRegistered(configuration)).isTrue();
        assertThat(server.getAttribute(configuration, "StoreByValue")).isEqualTo(true);
        cache.close();
        assertThat(server.isRegistered(statistics)).isFalse();
        assertThat(server.isRegistered(configuration)).isFalse();

        manager.createCache("orders2", new MutableConfiguration<String, String>().setStatisticsEnabled(true));
        ObjectName second =
                new ObjectName("javax.cache:type=CacheStatistics,CacheManager=urn.mayfly.metrics,Cache=orders2");
        assertThat(server.isRegistered(second)).isTrue();
        manager.destroyCache("orders2");
        assertThat(server.isRegistered(second)).isFalse();
    }
}
