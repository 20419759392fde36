package io.mayfly.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.spring.CachingApplication;
import io.mayfly.spring.Library;
import io.mayfly.spring.autoconfigure.MayflyAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health component and the embedded proxy's meters in the application's registry. */
class MayflyHealthIndicatorTest {

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MayflyAutoConfiguration.class, CacheAutoConfiguration.class))
            .withUserConfiguration(CachingApplication.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues(
                    "spring.cache.jcache.provider=io.mayfly.jcache.MayflyCachingProvider",
                    "mayfly.embedded.pool-size=3",
                    "mayfly.data-shards=2",
                    "mayfly.parity-shards=1",
                    "mayfly.operation-timeout-ms=30000");

    @Test
    void anEmbeddedPoolIsUpAndItsProxyMetersReachTheApplicationsRegistry() {
        boot.run(context -> {
            MayflyHealthIndicator health = context.getBean(MayflyHealthIndicator.class);
            Health before = health.health();
            assertThat(before.getStatus()).isEqualTo(Status.UP);
            assertThat(before.getDetails()).containsKey("store");

            context.getBean(Library.class).title("1");

            Health after = health.health();
            assertThat(after.getStatus()).isEqualTo(Status.UP);
            assertThat(after.getDetails()).containsEntry("mode", "embedded").containsEntry("functions", 3);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("mayfly.proxy.nodes").gauges()).hasSize(4);
            assertThat(meters.get("mayfly.proxy.puts").counter().count()).isEqualTo(1);
        });
    }

    @Test
    void aProxyThatDoesNotAnswerIsDownWithTheReason() {
        boot.withPropertyValues("mayfly.proxy=127.0.0.1:1", "mayfly.operation-timeout-ms=2000")
                .run(context -> {
                    // Fail-open: the method answers although the cache cannot be reached.
                    assertThat(context.getBean(Library.class).title("1")).isEqualTo("title of 1");
                    Health health = context.getBean(MayflyHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails())
                            .containsEntry("mode", "remote")
                            .containsKey("reason");
                });
    }
}
