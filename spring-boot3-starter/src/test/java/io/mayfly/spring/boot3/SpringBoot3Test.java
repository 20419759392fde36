package io.mayfly.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.jcache.MayflyCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter on the Spring Boot 3.5 line: the same properties, caching, fail-open, meters and health. */
class SpringBoot3Test {

    public static class Titles {
        final AtomicInteger calls = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        @Cacheable("titles")
        public String title(String id) {
            calls.incrementAndGet();
            return "title of " + id;
        }

        /** Two arguments: Spring keys the entry with its own SimpleKey class. */
        @Cacheable("editions")
        public String title(String id, int edition) {
            calls.incrementAndGet();
            return "title of " + id + ", edition " + edition;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class App {
        @Bean
        Titles titles() {
            return new Titles();
        }
    }

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MayflyBoot3AutoConfiguration.class, CacheAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues(
                    "spring.cache.jcache.provider=io.mayfly.jcache.MayflyCachingProvider",
                    "mayfly.embedded.pool-size=3",
                    "mayfly.data-shards=2",
                    "mayfly.parity-shards=1",
                    "mayfly.operation-timeout-ms=30000");

    @Test
    void cachesThroughTheEmbeddedStoreOnBoot35WithNetty42() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        assertThat(io.netty.util.Version.identify().get("netty-common").artifactVersion())
                .startsWith("4.2.");
        boot.run(context -> {
            assertThat(context).hasNotFailed();
            MayflyCacheManager manager =
                    context.getBean(javax.cache.CacheManager.class).unwrap(MayflyCacheManager.class);
            assertThat(manager.settings().asMap()).containsEntry("mayfly.data-shards", "2");
            Titles titles = context.getBean(Titles.class);
            assertThat(titles.title("1")).isEqualTo("title of 1");
            assertThat(titles.title("1")).isEqualTo("title of 1");
            assertThat(titles.calls()).isEqualTo(1);
            // Spring's SimpleKey reads back through the value class filter: a hit, not a miss.
            assertThat(manager.settings().asMap()).containsKey("mayfly.serializer.allow.spring");
            assertThat(titles.title("1", 2)).isEqualTo("title of 1, edition 2");
            assertThat(titles.title("1", 2)).isEqualTo("title of 1, edition 2");
            assertThat(titles.calls()).isEqualTo(2);

            Health health = context.getBean(MayflyBoot3HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("mode", "embedded");
            assertThat(context.getBean(MeterRegistry.class)
                            .get("mayfly.proxy.puts")
                            .counter()
                            .count())
                    .isEqualTo(2);
        });
    }

    @Test
    void aProxyThatDoesNotAnswerIsAMissAndHealthIsDown() {
        boot.withPropertyValues("mayfly.proxy=127.0.0.1:1", "mayfly.operation-timeout-ms=2000")
                .run(context -> {
                    Titles titles = context.getBean(Titles.class);
                    assertThat(titles.title("1")).isEqualTo("title of 1");
                    assertThat(titles.title("1")).isEqualTo("title of 1");
                    assertThat(titles.calls()).isEqualTo(2);
                    Health health =
                            context.getBean(MayflyBoot3HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                });
    }
}
