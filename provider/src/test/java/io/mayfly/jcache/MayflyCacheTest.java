package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.client.InMemoryObjectStoreFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MayflyCacheTest {

    private MayflyCachingProvider provider;
    private CacheManager manager;
    private Cache<String, Integer> cache;

    @BeforeEach
    void open() {
        provider = new MayflyCachingProvider();
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", InMemoryObjectStoreFactory.class.getName());
        manager = provider.getCacheManager(URI.create("test:cache"), getClass().getClassLoader(), properties);
        cache = manager.createCache(
                "counters", new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    }

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void concurrentInvokeIncrementsLoseNoUpdate() throws Exception {
        cache.put("n", 0);
        int threads = 4;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Object>> done = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            Callable<Object> increments = () -> {
                for (int i = 0; i < perThread; i++) {
                    // A lambda: entry processors run in the calling JVM and need not be serializable.
                    cache.invoke("n", (entry, args) -> {
                        attempts.incrementAndGet();
                        entry.setValue(entry.getValue() + 1);
                        return null;
                    });
                }
                return null;
            };
            done.add(pool.submit(increments));
        }
        for (Future<Object> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(cache.get("n")).isEqualTo(threads * perThread);
        assertThat(attempts.get()).isGreaterThanOrEqualTo(threads * perThread);
    }

    @Test
    void concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int value = t;
            results.add(pool.submit(() -> cache.putIfAbsent("once", value)));
        }
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void getValueThenRemoveRemovesAndReturnsTheOldValue() {
        cache.put("k", 7);
        Integer seen = cache.invoke("k", (entry, args) -> {
            Integer v = entry.getValue();
            entry.remove();
            return v;
        });
        assertThat(seen).isEqualTo(7);
        assertThat(cache.containsKey("k")).isFalse();
    }

    @Test
    void setValueAfterRemoveIsAnUpdate() {
        cache.put("k", 1);
        EntryProcessor<String, Integer, Boolean> removeThenSet = (entry, args) -> {
            entry.remove();
            entry.setValue(2);
            return entry.exists();
        };
        assertThat(cache.invoke("k", removeThenSet)).isTrue();
        assertThat(cache.get("k")).isEqualTo(2);
    }

    @Test
    void storesByValue() {
        Cache<String, byte[]> bytes = manager.createCache("bytes", new MutableConfiguration<>());
        byte[] value = {1, 2, 3};
        bytes.put("b", value);
        value[0] = 9;
        byte[] read = bytes.get("b");
        assertThat(read).containsExactly(1, 2, 3);
        read[1] = 9;
        assertThat(bytes.get("b")).containsExactly(1, 2, 3);
    }

    @Test
    void refusesWrongTypesAndNulls() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Cache<Object, Object> raw = (Cache) cache;
        assertThatThrownBy(() -> raw.put(1, 1)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> raw.put("k", "v")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> cache.put(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> cache.put("k", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void closedCacheRefusesOperations() {
        cache.close();
        assertThat(cache.isClosed()).isTrue();
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class);
        cache.close();
    }

    @Test
    void unwrapsToTheObjectStoreItsValuesLiveIn() {
        assertThat(cache.unwrap(io.mayfly.client.ObjectStore.class))
                .isInstanceOf(io.mayfly.client.InMemoryObjectStore.class);
        assertThatThrownBy(() -> cache.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
