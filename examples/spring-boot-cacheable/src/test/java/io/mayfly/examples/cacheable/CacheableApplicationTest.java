package io.mayfly.examples.cacheable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

// fail-open off: a store failure must fail this test, not pass for a cache miss.
@SpringBootTest(properties = {"report.render-delay-ms=0", "mayfly.fail-open=false"})
class CacheableApplicationTest {

    @Autowired
    ReportRenderer renderer;

    @Autowired
    javax.cache.CacheManager mayfly;

    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void theStarterMakesMayflyBootsJCacheProvider() {
        // application.properties does not name the provider: the starter's default does.
        assertThat(environment.getProperty("spring.cache.jcache.provider"))
                .isEqualTo("io.mayfly.jcache.MayflyCachingProvider");
        assertThat(mayfly.getCachingProvider().getClass().getName())
                .isEqualTo("io.mayfly.jcache.MayflyCachingProvider");
    }

    @Test
    void secondCallIsServedByMayflyWithoutRunningTheMethod() throws InterruptedException {
        Report first = renderer.render("2026-Q1");
        assertThat(renderer.renders()).isEqualTo(1);
        assertThat(first.content()).hasSize(8 * 1024 * 1024);

        Report second = renderer.render("2026-Q1");

        assertThat(renderer.renders()).as("the @Cacheable method ran again").isEqualTo(1);
        assertThat(second.content()).isEqualTo(first.content());
        // Stored by value in Mayfly: the hit is a deserialized copy, not the object the method returned.
        assertThat(second).isNotSameAs(first);
        assertThat(mayfly.getCache("reports").containsKey("2026-Q1")).isTrue();
    }
}
