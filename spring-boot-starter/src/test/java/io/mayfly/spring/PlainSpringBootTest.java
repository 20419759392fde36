package io.mayfly.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.jcache.MayflyCacheManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Spring Boot's own JCache support, without the starter: the provider named in
 * {@code spring.cache.jcache.provider} and nothing else from Mayfly in the Spring context.
 */
class PlainSpringBootTest {

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
            .withUserConfiguration(CachingApplication.class)
            .withPropertyValues("spring.cache.jcache.provider=io.mayfly.jcache.MayflyCachingProvider");

    @Test
    void cachesNamedInSpringPropertiesAndUnnamedCachesWork() {
        boot.withPropertyValues("spring.cache.cache-names=books").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(javax.cache.CacheManager.class)).isInstanceOf(MayflyCacheManager.class);
            Library library = context.getBean(Library.class);

            assertThat(library.title("1")).isEqualTo("title of 1");
            assertThat(library.title("1")).isEqualTo("title of 1");
            assertThat(library.titleCalls()).isEqualTo(1);

            // Not named anywhere: the test class path's mayfly.properties (default URI) lets
            // getCache(name) create it, which Spring's JCacheCacheManager relies on.
            assertThat(library.unnamed("a")).isEqualTo("value of a");
            assertThat(library.unnamed("a")).isEqualTo("value of a");
            assertThat(library.unnamedCalls()).isEqualTo(1);
        });
    }

    @Test
    void configurationFileNamedBySpringCacheJcacheConfigIsTheManagersFile() {
        boot.withPropertyValues("spring.cache.jcache.config=classpath:plain-boot/mayfly.properties")
                .run(context -> {
                    MayflyCacheManager manager =
                            context.getBean(javax.cache.CacheManager.class).unwrap(MayflyCacheManager.class);
                    assertThat(manager.settings().get("mayfly.data-shards")).isEqualTo("6");
                    assertThat(manager.getURI().toString()).endsWith("plain-boot/mayfly.properties");

                    Library library = context.getBean(Library.class);
                    library.unnamed("b");
                    library.unnamed("b");
                    assertThat(library.unnamedCalls()).isEqualTo(1);
                });
    }

    @Test
    void withoutCreateOnGetAnUnnamedCacheIsNotFound() {
        // JSR-107 says getCache(name) returns null for a cache nobody created; Mayfly keeps that
        // default (the TCK checks it), so plain Boot needs mayfly.default.create-on-get=true in a file.
        boot.withPropertyValues("spring.cache.jcache.config=classpath:plain-boot/no-create-on-get.properties")
                .run(context -> {
                    Library library = context.getBean(Library.class);
                    assertThatThrownBy(() -> library.unnamed("c"))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("unnamed");
                });
    }
}
