package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.jcache.MayflyCachingProvider;
import java.net.URI;
import java.util.Properties;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/** The JCache layer on this store: its manager opens ProxyStoreFactory's embedded store. */
class JCacheOverProxyTest {

    @Test
    void aCacheKeepsLargeAndSmallValuesInTheEmbeddedPool() {
        CachingProvider provider = Caching.getCachingProvider(MayflyCachingProvider.class.getName());
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", ProxyStoreFactory.class.getName());
        properties.setProperty("mayfly.embedded.pool-size", "6");
        properties.setProperty("mayfly.data-shards", "4");
        properties.setProperty("mayfly.parity-shards", "2");
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        CacheManager manager =
                provider.getCacheManager(URI.create("test:proxy"), getClass().getClassLoader(), properties);
        try {
            Cache<String, byte[]> cache = manager.createCache(
                    "blobs", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
            byte[] large = new byte[3 << 20];
            new Random(3).nextBytes(large);
            cache.put("large", large);
            cache.put("small", new byte[] {1, 2, 3});
            assertThat(cache.get("large")).isEqualTo(large);
            assertThat(cache.get("small")).containsExactly(1, 2, 3);
            assertThat(cache.putIfAbsent("small", new byte[] {9})).isFalse();
            assertThat(cache.replace("small", new byte[] {4})).isTrue();
            assertThat(cache.get("small")).containsExactly(4);
            assertThat(cache.remove("large")).isTrue();
            assertThat(cache.get("large")).isNull();
        } finally {
            manager.close();
        }
    }
}
