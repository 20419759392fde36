package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.CountingObjectStoreFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A plain put reads the entry first only when something needs to tell a creation from an update. */
class BlindPutTest {

    private MayflyCachingProvider provider;
    private CacheManager manager;

    @BeforeEach
    void open() {
        provider = new MayflyCachingProvider();
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", CountingObjectStoreFactory.class.getName());
        manager = provider.getCacheManager(
                URI.create("test:blind-put"), getClass().getClassLoader(), properties);
    }

    @AfterEach
    void close() {
        provider.close();
    }

    private static int readsDuring(Runnable puts) {
        int before = CountingObjectStoreFactory.READS.get();
        puts.run();
        return CountingObjectStoreFactory.READS.get() - before;
    }

    @Test
    void anEternalCacheWithoutListenersWritesWithoutReading() {
        Cache<String, String> cache = manager.createCache(
                "eternal", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        int writesBefore = CountingObjectStoreFactory.WRITES.get();
        assertThat(readsDuring(() -> {
                    cache.put("k", "v1");
                    cache.put("k", "v2");
                }))
                .isZero();
        assertThat(CountingObjectStoreFactory.WRITES.get() - writesBefore).isEqualTo(2);
        assertThat(cache.get("k")).isEqualTo("v2");
    }

    @Test
    void aModifiedExpiryGivesCreationAndUpdateTheSameTime() {
        Cache<String, String> cache = manager.createCache(
                "modified",
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5))));
        assertThat(readsDuring(() -> cache.put("k", "v"))).isZero();
        assertThat(cache.get("k")).isEqualTo("v");
    }

    @Test
    void aCreatedExpiryKeepsTheReadSinceAnUpdateKeepsTheOldTime() {
        Cache<String, String> cache = manager.createCache(
                "created",
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5))));
        assertThat(readsDuring(() -> cache.put("k", "v"))).isEqualTo(1);
    }

    @Test
    void aListenerKeepsTheReadAndHearsCreatedThenUpdated() {
        List<String> heard = new ArrayList<>();
        Cache<String, String> cache = manager.createCache(
                "listened", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<String, String>(
                FactoryBuilder.factoryOf(new Recorder(heard)), null, false, true));
        assertThat(readsDuring(() -> {
                    cache.put("k", "v1");
                    cache.put("k", "v2");
                }))
                .isEqualTo(2);
        assertThat(heard).containsExactly("CREATED k");
    }

    /** Hears creations only: the second put of a key must not be one. */
    static final class Recorder implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
        private final transient List<String> heard;

        Recorder(List<String> heard) {
            this.heard = heard;
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            for (CacheEntryEvent<? extends String, ? extends String> e : events) {
                synchronized (heard) {
                    heard.add(e.getEventType() + " " + e.getKey());
                }
            }
        }
    }
}
