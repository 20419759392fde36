package io.mayfly.spring;

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application under test: caching enabled, one {@link Library}. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class CachingApplication {

    @Bean
    public Library library() {
        return new Library();
    }
}
