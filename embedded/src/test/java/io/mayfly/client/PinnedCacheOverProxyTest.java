package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.jcache.MayflyCachingProvider;
import io.mayfly.jcache.configuration.MayflyConfiguration;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/** A pinned cache (by property or by MayflyConfiguration) keeps its entries through a flood. */
class PinnedCacheOverProxyTest {

    @Test
    void aPinnedCachesEntriesSurviveAFloodThatEvictsEverythingElse() {
        CachingProvider provider = Caching.getCachingProvider(MayflyCachingProvider.class.getName());
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", ProxyStoreFactory.class.getName());
        properties.setProperty("mayfly.embedded.pool-size", "3");
        properties.setProperty("mayfly.embedded.function-memory-mb", "128");
        properties.setProperty("mayfly.embedded.small-tier-capacity-bytes", "65536");
        properties.setProperty("mayfly.data-shards", "2");
        properties.setProperty("mayfly.parity-shards", "1");
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        properties.setProperty("mayfly.cache.timestamps.pinned", "true");
        CacheManager manager =
                provider.getCacheManager(URI.create("test:pinned"), getClass().getClassLoader(), properties);
        try {
            Cache<String, Long> byProperty = manager.getCache("timestamps");
            Cache<String, String> byConfiguration = manager.createCache(
                    "kept",
                    new MayflyConfiguration<String, String>().setPinned(true).setTypes(String.class, String.class));
            Cache<String, byte[]> other = manager.createCache(
                    "other", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
            for (int i = 0; i < 10; i++) {
                byProperty.put("table" + i, 1000L + i);
                byConfiguration.put("k" + i, "v" + i);
            }
            for (int i = 0; i < 400; i++) {
                other.put("filler" + i, new byte[1024]);
            }
            assertThat(other.get("filler0"))
                    .as("the flood evicted the unpinned cache's first entries")
                    .isNull();
            for (int i = 0; i < 10; i++) {
                assertThat(byProperty.get("table" + i)).isEqualTo(1000L + i);
                assertThat(byConfiguration.get("k" + i)).isEqualTo("v" + i);
            }
        } finally {
            manager.close();
        }
    }
}
