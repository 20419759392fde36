package io.mayfly.spring.cache;

import java.util.Properties;

/**
 * The classes Spring's cache abstraction and Hibernate's second-level cache store on their own
 * account, added to the cache manager's {@code mayfly.serializer.allow} so they read back; the
 * application's own classes it allows itself.
 */
public final class FrameworkValueClasses {

    /** Spring's cache keys and null marker. */
    static final String SPRING_ALLOW_KEY = "mayfly.serializer.allow.spring";

    static final String SPRING_CACHE_CLASSES =
            "org.springframework.cache.interceptor.SimpleKey;org.springframework.cache.support.NullValue";

    /** Present when Hibernate's regions can share the application's cache manager. */
    static final String HIBERNATE_REGION_FACTORY = "io.mayfly.hibernate.MayflyRegionFactory";

    /** Hibernate's cache keys, entries and read-write wrappers. */
    static final String HIBERNATE_ALLOW_KEY = "mayfly.serializer.allow.hibernate";

    static final String HIBERNATE_CACHE_CLASSES = "org.hibernate.cache.**";

    private FrameworkValueClasses() {}

    /** Adds the patterns to {@code properties}, keeping any the application set under the same keys. */
    public static void allow(Properties properties, ClassLoader classLoader) {
        properties.putIfAbsent(SPRING_ALLOW_KEY, SPRING_CACHE_CLASSES);
        if (isPresent(HIBERNATE_REGION_FACTORY, classLoader)) {
            properties.putIfAbsent(HIBERNATE_ALLOW_KEY, HIBERNATE_CACHE_CLASSES);
        }
    }

    private static boolean isPresent(String className, ClassLoader classLoader) {
        try {
            Class.forName(className, false, classLoader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
