package io.mayfly.jcache;

import io.mayfly.jcache.configuration.MayflySettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * Mayfly's JCache entry point. It holds the cache managers it created, one per (URI, class
 * loader); there is no static registry, so a provider loaded by another class loader (the TCK's
 * class-loader tests, application servers) hands out its own managers.
 */
public final class MayflyCachingProvider implements CachingProvider {

    /** The default URI; its manager reads {@code mayfly.properties} from the class path if present. */
    public static final URI DEFAULT_URI = URI.create("mayfly:default");

    private final Map<ClassLoader, Map<URI, MayflyCacheManager>> managers = new WeakHashMap<>();

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Properties managerProperties = properties == null ? new Properties() : properties;
        synchronized (managers) {
            Map<URI, MayflyCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
            MayflyCacheManager manager = byUri.get(managerUri);
            if (manager == null || manager.isClosed()) {
                MayflySettings settings = MayflySettings.resolve(managerUri, DEFAULT_URI, loader, managerProperties);
                manager = new MayflyCacheManager(this, managerUri, loader, managerProperties, settings);
                byUri.put(managerUri, manager);
            }
            return manager;
        }
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader());
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        return getClass().getClassLoader();
    }

    @Override
    public URI getDefaultURI() {
        return DEFAULT_URI;
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public void close() {
        List<MayflyCacheManager> all = new ArrayList<>();
        synchronized (managers) {
            managers.values().forEach(byUri -> all.addAll(byUri.values()));
            managers.clear();
        }
        all.forEach(MayflyCacheManager::close);
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        List<MayflyCacheManager> closing;
        synchronized (managers) {
            Map<URI, MayflyCacheManager> byUri = managers.remove(loader);
            closing = byUri == null ? List.of() : new ArrayList<>(byUri.values());
        }
        closing.forEach(MayflyCacheManager::close);
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        MayflyCacheManager manager;
        synchronized (managers) {
            Map<URI, MayflyCacheManager> byUri = managers.get(loader);
            manager = byUri == null ? null : byUri.remove(managerUri);
            if (byUri != null && byUri.isEmpty()) {
                managers.remove(loader);
            }
        }
        if (manager != null) {
            manager.close();
        }
    }

    /** Forgets a manager that closed itself. */
    public void release(MayflyCacheManager manager) {
        synchronized (managers) {
            Map<URI, MayflyCacheManager> byUri = managers.get(manager.getClassLoader());
            if (byUri != null && byUri.get(manager.getURI()) == manager) {
                byUri.remove(manager.getURI());
                if (byUri.isEmpty()) {
                    managers.remove(manager.getClassLoader());
                }
            }
        }
    }

    @Override
    public boolean isSupported(OptionalFeature feature) {
        // Values live outside the JVM, serialized: store-by-reference cannot be offered.
        return switch (feature) {
            case STORE_BY_REFERENCE -> false;
        };
    }
}
