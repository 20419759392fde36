package io.mayfly.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.jcache.MayflyCachingProvider;
import java.net.URI;
import java.util.Properties;
import java.util.SplittableRandom;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/**
 * A fresh embedded proxy, every function still cold, and default settings only (the 5 s operation
 * timeout among them): the first put is a large one, and it must not time out while the twelve
 * functions it needs start.
 */
class FirstLargePutTest {

    @Test
    void theFirstLargePutOnAFreshPoolSucceedsWithDefaultSettings() {
        CachingProvider provider = Caching.getCachingProvider(MayflyCachingProvider.class.getName());
        byte[] value = new byte[10 << 20];
        new SplittableRandom(10).nextBytes(value);
        try (CacheManager manager = provider.getCacheManager(
                URI.create("first-large-put"), getClass().getClassLoader(), new Properties())) {
            Cache<String, byte[]> cache = manager.createCache(
                    "first", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
            cache.put("large", value);
            assertThat(cache.get("large")).isEqualTo(value);
        }
    }
}
