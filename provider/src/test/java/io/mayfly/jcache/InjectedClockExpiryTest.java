package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.InMemoryObjectStoreFactory;
import io.mayfly.jcache.configuration.MayflyConfiguration;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expiry reads the cache's clock: a test moves time instead of sleeping through it. */
class InjectedClockExpiryTest {

    /** A clock that stands still until the test moves it. */
    private static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private MayflyCachingProvider provider;
    private CacheManager manager;

    @BeforeEach
    void open() {
        provider = new MayflyCachingProvider();
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", InMemoryObjectStoreFactory.class.getName());
        manager = provider.getCacheManager(URI.create("test:clock"), getClass().getClassLoader(), properties);
    }

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aCreatedEntryExpiresWhenTheClockPassesItsDuration() {
        Cache<String, String> cache = manager.createCache(
                "created",
                new MayflyConfiguration<String, String>()
                        .setClock(clock)
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 10))));
        cache.put("k", "v");
        clock.advanceSeconds(599);
        assertThat(cache.get("k")).isEqualTo("v");
        clock.advanceSeconds(1);
        assertThat(cache.get("k")).isNull();
        assertThat(cache.putIfAbsent("k", "again"))
                .as("the expired entry counts as absent")
                .isTrue();
        assertThat(cache.get("k")).isEqualTo("again");
    }

    @Test
    void anAccessPushesExpiryOutFromTheClocksTime() {
        Cache<String, String> cache = manager.createCache(
                "accessed",
                new MayflyConfiguration<String, String>()
                        .setClock(clock)
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(
                                new AccessedExpiryPolicy(new Duration(TimeUnit.SECONDS, 60)))));
        cache.put("k", "v");
        clock.advanceSeconds(50);
        assertThat(cache.get("k")).isEqualTo("v");
        clock.advanceSeconds(50);
        assertThat(cache.get("k")).as("read 50 s after the last access").isEqualTo("v");
        clock.advanceSeconds(61);
        assertThat(cache.containsKey("k")).isFalse();
    }
}
