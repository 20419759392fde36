package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.InMemoryObjectStoreFactory;
import io.mayfly.client.ProxyStoreFactory;
import io.mayfly.client.RecordingObjectStoreFactory;
import io.mayfly.jcache.configuration.MayflyConfiguration;
import io.mayfly.jcache.configuration.MayflySettings;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.OptionalFeature;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MayflyCachingProviderTest {

    private final MayflyCachingProvider provider = new MayflyCachingProvider();
    private final ClassLoader loader = getClass().getClassLoader();

    @AfterEach
    void close() {
        provider.close();
    }

    private static Properties inMemory() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", InMemoryObjectStoreFactory.class.getName());
        return properties;
    }

    @Test
    void isTheRegisteredProvider() {
        CachingProvider found = Caching.getCachingProvider(MayflyCachingProvider.class.getName());
        assertThat(found).isInstanceOf(MayflyCachingProvider.class);
        assertThat(provider.isSupported(OptionalFeature.STORE_BY_REFERENCE)).isFalse();
    }

    @Test
    void nullUriMeansTheDefaultUri() {
        CacheManager byNull = provider.getCacheManager(null, loader, inMemory());
        assertThat(byNull.getURI()).isEqualTo(provider.getDefaultURI());
        assertThat(provider.getCacheManager(provider.getDefaultURI(), loader)).isSameAs(byNull);
    }

    @Test
    void anotherClassLoaderGetsAnotherManager() throws Exception {
        try (URLClassLoader other = new URLClassLoader(new URL[0], loader)) {
            CacheManager mine = provider.getCacheManager(URI.create("test:a"), loader, inMemory());
            CacheManager theirs = provider.getCacheManager(URI.create("test:a"), other, inMemory());
            assertThat(theirs).isNotSameAs(mine);
            assertThat(theirs.getClassLoader()).isSameAs(other);
            provider.close(other);
            assertThat(theirs.isClosed()).isTrue();
            assertThat(mine.isClosed()).isFalse();
        }
    }

    @Test
    void refusesStoreByReferenceClearly() {
        CacheManager manager = provider.getCacheManager(URI.create("test:b"), loader, inMemory());
        assertThatThrownBy(() -> manager.createCache("r", new MutableConfiguration<>().setStoreByValue(false)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("store-by-reference");
    }

    @Test
    void anUnknownStoreFactorySaysWhatToSet() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", "com.example.NoSuchFactory");
        CacheManager manager = provider.getCacheManager(URI.create("test:none"), loader, properties);
        assertThatThrownBy(() -> manager.createCache("c", new MutableConfiguration<>()))
                .isInstanceOf(CacheException.class)
                .hasMessageContaining("mayfly.store-factory")
                .hasMessageContaining("com.example.NoSuchFactory");
    }

    @Test
    void theDefaultStoreIsTheEmbeddedProxy() {
        assertThat(MayflySettings.of(java.util.Map.of()).get("mayfly.store-factory"))
                .isEqualTo(ProxyStoreFactory.class.getName());
    }

    @Test
    void classpathUriNamesAConfigurationFileWithTemplateAndPerCacheSettings() {
        CacheManager manager = provider.getCacheManager(URI.create("classpath:mayfly-test.properties"), loader);
        Cache<Object, Object> books = manager.getCache("books");
        assertThat(books).isNotNull();
        assertThat(manager.getCache("books")).isSameAs(books);
        MayflyConfiguration<?, ?> configuration = books.getConfiguration(MayflyConfiguration.class);
        assertThat(configuration.isStatisticsEnabled()).isTrue();
        assertThat(configuration.isManagementEnabled()).isTrue();
        ExpiryPolicy expiry = configuration.getExpiryPolicyFactory().create();
        assertThat(expiry).isInstanceOf(ModifiedExpiryPolicy.class);
        assertThat(expiry.getExpiryForCreation().getDurationAmount()).isEqualTo(60000);
        books.containsKey("any"); // a key space opens at its cache's first operation
        CodingSettings coding = RecordingObjectStoreFactory.KEY_SPACES.get("classpath:mayfly-test.properties#books");
        assertThat(coding).isEqualTo(new CodingSettings(4, 1, 0, CodingSettings.DEFAULTS.maxValueSizeBytes()));

        // The default template: any unknown name makes a cache, as Spring's @Cacheable expects.
        Cache<Object, Object> other = manager.getCache("unknown");
        assertThat(other).isNotNull();
        assertThat(other.getConfiguration(MayflyConfiguration.class).isStatisticsEnabled())
                .isTrue();
        assertThat(RecordingObjectStoreFactory.STORES.get("embedded"))
                .containsEntry("mayfly.operation-timeout-ms", "3000");
    }

    @Test
    void withoutTheTemplateAnUnknownCacheIsNull() {
        CacheManager manager = provider.getCacheManager(URI.create("test:c"), loader, inMemory());
        assertThat(manager.<Object, Object>getCache("unknown")).isNull();
    }

    @Test
    void fileUriNamesAConfigurationFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mayfly.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "mayfly.store-factory=" + RecordingObjectStoreFactory.class.getName(),
                        "mayfly.proxy=10.0.0.1:7000,10.0.0.2:7000",
                        "mayfly.cache.orders.parity-shards=3"));
        CacheManager manager = provider.getCacheManager(file.toUri(), loader);
        MayflyConfiguration<String, String> configuration =
                new MayflyConfiguration<String, String>().setDataShards(8).setMaxValueSizeBytes(1 << 20);
        manager.createCache("orders", configuration).containsKey("any");
        assertThat(RecordingObjectStoreFactory.KEY_SPACES.get(file.toUri() + "#orders"))
                .isEqualTo(new CodingSettings(8, 3, 2 << 20, 1 << 20));
        assertThat(RecordingObjectStoreFactory.STORES).containsKey("10.0.0.1:7000,10.0.0.2:7000");
    }

    @Test
    void managerScopedKeySpacesArePrivateAndNamedPerManager() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", RecordingObjectStoreFactory.class.getName());
        properties.setProperty("mayfly.key-space-scope", "manager");
        CacheManager manager = provider.getCacheManager(URI.create("test:scoped"), loader, properties);
        manager.createCache("c", new MutableConfiguration<>()).containsKey("any");
        assertThat(RecordingObjectStoreFactory.KEY_SPACES.keySet())
                .anyMatch(name ->
                        name.startsWith("test:scoped#") && name.endsWith("#c") && !name.equals("test:scoped#c"));

        properties.setProperty("mayfly.key-space-scope", "everyone");
        assertThatThrownBy(() -> provider.getCacheManager(URI.create("test:scoped2"), loader, properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mayfly.key-space-scope");
    }

    @Test
    void missingClasspathFileIsAClearError() {
        assertThatThrownBy(() -> provider.getCacheManager(URI.create("classpath:nowhere.properties"), loader))
                .isInstanceOf(CacheException.class)
                .hasMessageContaining("nowhere.properties");
    }

    @Test
    void badSettingsNameTheKey() {
        Properties properties = inMemory();
        properties.setProperty("mayfly.proxy", "nohost");
        assertThatThrownBy(() -> provider.getCacheManager(URI.create("test:bad"), loader, properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mayfly.proxy");
    }
}
