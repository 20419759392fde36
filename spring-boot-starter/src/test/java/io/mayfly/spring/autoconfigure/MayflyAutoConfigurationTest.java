package io.mayfly.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.jcache.MayflyCacheManager;
import io.mayfly.spring.CachingApplication;
import io.mayfly.spring.Library;
import io.mayfly.spring.cache.FailOpenCacheErrorHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MayflyAutoConfigurationTest {

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MayflyAutoConfiguration.class, CacheAutoConfiguration.class))
            .withUserConfiguration(CachingApplication.class)
            .withPropertyValues("spring.cache.jcache.provider=io.mayfly.jcache.MayflyCachingProvider");

    @Test
    void mayflyPropertiesConfigureTheManagerAndCreateNamedCaches() {
        boot.withPropertyValues(
                        "mayfly.data-shards=4",
                        "mayfly.parity-shards=1",
                        "mayfly.operation-timeout-ms=2500",
                        "mayfly.cache.reports.small-value-threshold-bytes=0",
                        "mayfly.cache.reports.expire-after-write-ms=60000",
                        "mayfly.default.management-enabled=true",
                        "mayfly.store.some-setting=passed-through")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MayflyCacheManager manager =
                            context.getBean(javax.cache.CacheManager.class).unwrap(MayflyCacheManager.class);
                    assertThat(manager.settings().asMap())
                            .containsEntry("mayfly.data-shards", "4")
                            .containsEntry("mayfly.parity-shards", "1")
                            .containsEntry("mayfly.operation-timeout-ms", "2500")
                            .containsEntry("mayfly.cache.reports.small-value-threshold-bytes", "0")
                            .containsEntry("mayfly.default.create-on-get", "true")
                            .containsEntry("mayfly.default.statistics-enabled", "true")
                            .containsEntry("mayfly.default.management-enabled", "true")
                            .containsEntry("mayfly.store.some-setting", "passed-through");
                    // Named by mayfly.cache.reports.*: created at startup, before Boot's metrics scan.
                    assertThat(manager.getCacheNames()).contains("reports");
                    assertThat(context.getBean(org.springframework.cache.CacheManager.class)
                                    .getCacheNames())
                            .contains("reports");
                });
    }

    @Test
    void closingTheApplicationClosesTheCacheManager() {
        java.util.concurrent.atomic.AtomicReference<javax.cache.CacheManager> manager =
                new java.util.concurrent.atomic.AtomicReference<>();
        boot.run(context -> {
            manager.set(context.getBean(javax.cache.CacheManager.class));
            context.getBean(Library.class).unnamed("a");
            assertThat(manager.get().isClosed()).isFalse();
        });
        assertThat(manager.get().isClosed()).isTrue();
    }

    @Test
    void cachesNamedInSpringCacheNamesKeepStatistics() {
        boot.withPropertyValues("spring.cache.cache-names=books").run(context -> {
            Library library = context.getBean(Library.class);
            library.title("1");
            library.title("1");
            Cache<?, ?> books = context.getBean(javax.cache.CacheManager.class).getCache("books");
            var statistics = books.unwrap(io.mayfly.jcache.MayflyCache.class).statistics();
            assertThat(statistics.getCacheHits()).isEqualTo(1);
            assertThat(statistics.getCacheMisses()).isEqualTo(1);
        });
    }

    @Test
    void fallsBackToTheMethodWhenTheStoreFails() {
        var proxy = io.mayfly.client.UnreachableObjectStoreFactory.switchNamed("fail-open");
        proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.UP);
        boot.withPropertyValues(
                        "mayfly.store-factory=io.mayfly.client.UnreachableObjectStoreFactory",
                        "mayfly.store.test-switch=fail-open",
                        "spring.cache.cache-names=books")
                .run(context -> {
                    Library library = context.getBean(Library.class);
                    library.title("1");
                    proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.REFUSING);
                    try {
                        // get, put, sync get, put-through, evict-all, and opening a cache never seen before:
                        // all survive, and the method answers.
                        assertThat(library.title("1")).isEqualTo("title of 1");
                        assertThat(library.title("2")).isEqualTo("title of 2");
                        assertThat(library.titleSync("3")).isEqualTo("title of 3");
                        assertThat(library.retitle("1", "x")).isEqualTo("x");
                        library.evictAll();
                        assertThat(library.unnamed("a")).isEqualTo("value of a");
                        assertThat(library.unnamed("a")).isEqualTo("value of a");
                        assertThat(library.unnamedCalls()).isEqualTo(2);
                    } finally {
                        proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.UP);
                    }
                    assertThat(context.getBean(CachingConfigurer.class).errorHandler())
                            .isInstanceOf(FailOpenCacheErrorHandler.class);
                });
    }

    @Test
    void startsWithTheProxyDownAndCachesOnceItIsBack() {
        var proxy = io.mayfly.client.UnreachableObjectStoreFactory.switchNamed("down-at-start");
        proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.REFUSING);
        try {
            boot.withPropertyValues(
                            "mayfly.store-factory=io.mayfly.client.UnreachableObjectStoreFactory",
                            "mayfly.store.test-switch=down-at-start",
                            "mayfly.cache.books.data-shards=4")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        Library library = context.getBean(Library.class);
                        assertThat(library.title("1")).isEqualTo("title of 1");
                        assertThat(library.title("1")).isEqualTo("title of 1");
                        assertThat(library.titleCalls()).isEqualTo(2);

                        proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.UP);
                        library.title("1");
                        library.title("1");
                        assertThat(library.titleCalls()).isEqualTo(3);
                    });
        } finally {
            proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.UP);
        }
    }

    @Test
    void failOpenFalseLetsStoreFailuresReachTheCaller() {
        var proxy = io.mayfly.client.UnreachableObjectStoreFactory.switchNamed("fail-closed");
        proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.UP);
        boot.withPropertyValues(
                        "mayfly.store-factory=io.mayfly.client.UnreachableObjectStoreFactory",
                        "mayfly.store.test-switch=fail-closed",
                        "mayfly.fail-open=false",
                        "spring.cache.cache-names=books")
                .run(context -> {
                    Library library = context.getBean(Library.class);
                    proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.REFUSING);
                    try {
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> library.title("1"))
                                .isInstanceOf(javax.cache.CacheException.class);
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> library.unnamed("a"))
                                .isInstanceOf(RuntimeException.class);
                    } finally {
                        proxy.set(io.mayfly.client.UnreachableObjectStoreFactory.State.UP);
                    }
                });
    }

    @Test
    void micrometerSeesCachesNamedAtStartupAndCachesCreatedOnFirstUse() {
        boot.withConfiguration(AutoConfigurations.of(CacheMetricsAutoConfiguration.class))
                .withUserConfiguration(Meters.class)
                .withPropertyValues("spring.cache.cache-names=books")
                .run(context -> {
                    Library library = context.getBean(Library.class);
                    library.title("1");
                    library.title("1");
                    library.unnamed("a");
                    library.unnamed("a");
                    library.unnamed("a");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(hits(registry, "books")).isEqualTo(1);
                    assertThat(hits(registry, "unnamed")).isEqualTo(2);
                    assertThat(registry.find("cache.gets")
                                    .tag("cache", "unnamed")
                                    .tag("result", "miss")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1);
                });
    }

    @Test
    void applicationsOwnCachingConfigurerWins() {
        boot.withUserConfiguration(OwnConfigurer.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(CachingConfigurer.class)).containsOnlyKeys("ownConfigurer");
        });
    }

    private static double hits(MeterRegistry registry, String cache) {
        FunctionCounter hits = registry.find("cache.gets")
                .tag("cache", cache)
                .tag("result", "hit")
                .functionCounter();
        assertThat(hits).as("cache.gets{result=hit} of cache %s", cache).isNotNull();
        return hits.count();
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConfigurer {
        @Bean
        CachingConfigurer ownConfigurer() {
            return new CachingConfigurer() {};
        }
    }
}
