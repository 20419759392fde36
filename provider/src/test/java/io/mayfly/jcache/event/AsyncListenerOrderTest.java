package io.mayfly.jcache.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.client.InMemoryObjectStoreFactory;
import io.mayfly.jcache.MayflyCachingProvider;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asynchronous listeners see one key's events in commit order, with TCK-style old values. */
class AsyncListenerOrderTest {

    static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

    /** Records "TYPE value/old" per key. */
    public static final class Recorder
            implements CacheEntryCreatedListener<String, Integer>,
                    CacheEntryUpdatedListener<String, Integer>,
                    CacheEntryRemovedListener<String, Integer>,
                    Serializable {

        private void record(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
            for (CacheEntryEvent<? extends String, ? extends Integer> e : events) {
                SEEN.computeIfAbsent(e.getKey(), k -> new CopyOnWriteArrayList<>())
                        .add(e.getEventType() + " " + e.getValue() + "/"
                                + (e.isOldValueAvailable() ? e.getOldValue() : "-"));
            }
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
            record(events);
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
            record(events);
        }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
            record(events);
        }
    }

    private final MayflyCachingProvider provider = new MayflyCachingProvider();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void oneKeysEventsArriveInOrder() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", InMemoryObjectStoreFactory.class.getName());
        CacheManager manager =
                provider.getCacheManager(URI.create("test:events"), getClass().getClassLoader(), properties);
        Cache<String, Integer> cache = manager.createCache(
                "e",
                new MutableConfiguration<String, Integer>()
                        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                                FactoryBuilder.factoryOf(Recorder.class), null, true, false)));
        List<String> expected = new ArrayList<>();
        for (String key : List.of("a", "b", "c")) {
            cache.put(key, 0);
            expected.add("CREATED 0/-");
            for (int i = 1; i <= 50; i++) {
                cache.put(key, i);
                expected.add("UPDATED " + i + "/" + (i - 1));
            }
            cache.remove(key);
            expected.add("REMOVED 50/50");
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> SEEN.values().stream().mapToInt(List::size).sum() == expected.size());
        List<String> perKey = expected.subList(0, expected.size() / 3);
        for (String key : List.of("a", "b", "c")) {
            assertThat(SEEN.get(key)).containsExactlyElementsOf(perKey);
        }
    }
}
