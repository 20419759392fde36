package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.client.SharedInMemoryObjectStoreFactory;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two providers (standing in for two JVMs) share one store and race conditional writes on one
 * write-through key: the writer hears of exactly the calls that applied, never of one that lost
 * its race (it used to be called inside the compare-and-set loop, before the race was decided).
 */
class WriteThroughOnceTest {

    /** Every write the writers of both caches saw, in order. */
    static final List<String> WRITES = new CopyOnWriteArrayList<>();

    private final MayflyCachingProvider first = new MayflyCachingProvider();
    private final MayflyCachingProvider second = new MayflyCachingProvider();

    /** Records what it is asked to write; the external store of this test. */
    public static final class RecordingWriter implements CacheWriter<String, String>, Serializable {
        @Override
        public void write(Cache.Entry<? extends String, ? extends String> entry) {
            WRITES.add(entry.getValue());
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
            entries.forEach(this::write);
            entries.clear();
        }

        @Override
        public void delete(Object key) {
            WRITES.add("deleted");
        }

        @Override
        public void deleteAll(Collection<?> keys) {
            keys.forEach(this::delete);
            keys.clear();
        }
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
        WRITES.clear();
    }

    private Cache<String, String> cache(MayflyCachingProvider provider) {
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", SharedInMemoryObjectStoreFactory.class.getName());
        CacheManager manager = provider.getCacheManager(
                URI.create("test:write-through-once"), getClass().getClassLoader(), properties);
        return manager.createCache(
                "written",
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setWriteThrough(true)
                        .setCacheWriterFactory(FactoryBuilder.factoryOf(RecordingWriter.class)));
    }

    @Test
    void racingConditionalWritesReachTheWriterOncePerAppliedCall() throws Exception {
        Cache<String, String> a = cache(first);
        Cache<String, String> b = cache(second);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> done = new ArrayList<>();
        List<Cache<String, String>> clients = List.of(a, b, a, b);
        for (int t = 0; t < clients.size(); t++) {
            Cache<String, String> client = clients.get(t);
            int thread = t;
            done.add(pool.submit(() -> {
                List<String> applied = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String value = "t" + thread + "n" + i;
                    String current = client.get("k");
                    if (current == null) {
                        if (client.putIfAbsent("k", value)) {
                            applied.add(value);
                        }
                    } else if (i % 3 == 0) {
                        if (client.remove("k", current)) {
                            applied.add("deleted");
                        }
                    } else if (client.replace("k", current, value)) {
                        applied.add(value);
                    }
                }
                return applied;
            }));
        }
        List<String> applied = new ArrayList<>();
        for (Future<List<String>> f : done) {
            applied.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(WRITES).hasSameSizeAs(applied).containsExactlyInAnyOrderElementsOf(applied);
        String last = WRITES.get(WRITES.size() - 1);
        assertThat(a.get("k")).isEqualTo(last.equals("deleted") ? null : last);
    }
}
