package io.mayfly.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class MayflyProviderDefaultTest {

    @Test
    void makesMayflyBootsJCacheProviderByDefault() {
        StandardEnvironment environment = new StandardEnvironment();
        new MayflyProviderDefault().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.cache.jcache.provider"))
                .isEqualTo("io.mayfly.jcache.MayflyCachingProvider");
    }

    @Test
    void leavesAProviderTheApplicationChoseAlone() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "application", Map.of("spring.cache.jcache.provider", "org.example.OtherProvider")));
        new MayflyProviderDefault().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.cache.jcache.provider")).isEqualTo("org.example.OtherProvider");
    }
}
