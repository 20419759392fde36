package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.SharedInMemoryObjectStoreFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two providers (standing in for two JVMs) whose managers share one store, as clients of one
 * remote proxy do: their caches of the same name are one cache, and concurrent invoke increments
 * from both lose no update, because each is a version compare-and-set at the store.
 */
class SharedStoreAtomicityTest {

    private final MayflyCachingProvider first = new MayflyCachingProvider();
    private final MayflyCachingProvider second = new MayflyCachingProvider();

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private Cache<String, Long> counters(MayflyCachingProvider provider) {
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", SharedInMemoryObjectStoreFactory.class.getName());
        CacheManager manager = provider.getCacheManager(
                URI.create("test:shared-atomicity"), getClass().getClassLoader(), properties);
        return manager.createCache(
                "counters", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    }

    @Test
    void invokeIncrementsFromTwoClientsLoseNoUpdate() throws Exception {
        Cache<String, Long> a = counters(first);
        Cache<String, Long> b = counters(second);
        a.put("hits", 0L);
        assertThat(b.get("hits")).isEqualTo(0L);

        int perClientThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (Cache<String, Long> client : List.of(a, b, a, b)) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < perClientThread; i++) {
                    client.invoke("hits", (entry, args) -> {
                        entry.setValue(entry.getValue() + 1);
                        return null;
                    });
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(a.get("hits")).isEqualTo(4L * perClientThread);
        assertThat(b.get("hits")).isEqualTo(4L * perClientThread);
        a.getCacheManager().destroyCache("counters");
    }
}
