package io.mayfly.jcache.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.jcache.MayflyCachingProvider;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value whose class runs code while it is read back (a deserialization gadget) is refused
 * before that code runs: through a real cache on the embedded proxy, as any stored bytes would be.
 */
class DeserializationGadgetTest {

    /** Creates a file when deserialized: the side effect a gadget chain would have. */
    static final class FileCreatingGadget implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String path;

        FileCreatingGadget(String path) {
            this.path = path;
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            Files.createFile(Path.of(path));
        }
    }

    /** An application value the cache is typed with. */
    record Order(String id, java.util.List<Integer> lines) implements Serializable {}

    private static Properties smallPool() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.embedded.pool-size", "4");
        properties.setProperty("mayfly.data-shards", "2");
        properties.setProperty("mayfly.parity-shards", "1");
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        return properties;
    }

    @Test
    void aGadgetInAnObjectCacheIsRefusedNamingTheClassAndTheSettingAndNeverRuns(@TempDir Path dir) {
        Path marker = dir.resolve("gadget-ran");
        try (MayflyCachingProvider provider = new MayflyCachingProvider();
                CacheManager manager = provider.getCacheManager(
                        URI.create("test:gadget"), getClass().getClassLoader(), smallPool())) {
            Cache<String, Object> cache = manager.createCache("gadgets", new MutableConfiguration<String, Object>());
            cache.put("g", new FileCreatingGadget(marker.toString()));

            assertThatThrownBy(() -> cache.get("g"))
                    .isInstanceOf(CacheException.class)
                    .hasStackTraceContaining(FileCreatingGadget.class.getName())
                    .hasStackTraceContaining("mayfly.serializer.allow");
            assertThat(marker).doesNotExist();
        }
    }

    @Test
    void theConfiguredValueTypeAndAllowedPatternsRoundTrip(@TempDir Path dir) {
        Properties properties = smallPool();
        properties.setProperty("mayfly.serializer.allow", FileCreatingGadget.class.getName());
        Path marker = dir.resolve("allowed-ran");
        try (MayflyCachingProvider provider = new MayflyCachingProvider();
                CacheManager manager = provider.getCacheManager(
                        URI.create("test:gadget-allowed"), getClass().getClassLoader(), properties)) {
            Cache<String, Order> orders = manager.createCache(
                    "orders", new MutableConfiguration<String, Order>().setTypes(String.class, Order.class));
            orders.put("o1", new Order("o1", java.util.List.of(1, 2, 3)));
            assertThat(orders.get("o1")).isEqualTo(new Order("o1", java.util.List.of(1, 2, 3)));

            Cache<String, Object> any = manager.createCache("any", new MutableConfiguration<String, Object>());
            any.put("g", new FileCreatingGadget(marker.toString()));
            assertThat(any.get("g")).isInstanceOf(FileCreatingGadget.class);
            assertThat(marker).as("an allowed class is read back normally").exists();
        }
    }
}
