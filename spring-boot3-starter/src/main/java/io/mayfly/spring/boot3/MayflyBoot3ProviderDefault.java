package io.mayfly.spring.boot3;

import io.mayfly.jcache.MayflyCachingProvider;
import java.util.Map;
import org.springframework.boot.DefaultPropertiesPropertySource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * With the starter on the class path, Spring Boot's JCache provider is Mayfly unless the
 * application says otherwise: without it Boot refuses to choose when a second JCache provider is
 * on the class path (Hibernate's, a test library's). Added as a default property, so any
 * {@code spring.cache.jcache.provider} the application sets wins.
 */
public class MayflyBoot3ProviderDefault implements EnvironmentPostProcessor {

    static final String PROVIDER_PROPERTY = "spring.cache.jcache.provider";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty(PROVIDER_PROPERTY)) {
            DefaultPropertiesPropertySource.addOrMerge(
                    Map.<String, Object>of(PROVIDER_PROPERTY, MayflyCachingProvider.class.getName()),
                    environment.getPropertySources());
        }
    }
}
