package io.mayfly.tck.remote;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * One JVM of {@link TwoJvmIncrementTest}: opens the shared counter cache on the given proxy,
 * prints "ready", waits for "go" on standard input, then runs {@code increments} invokes of
 * "+1 on one key" from {@code threads} threads, and prints "done".
 *
 * <p>Arguments: proxy address, increments, threads.
 */
public final class IncrementWorker {

    static final URI MANAGER_URI = URI.create("mayfly:two-jvm-increments");
    static final String CACHE = "counter";
    static final String KEY = "hits";

    private IncrementWorker() {}

    public static void main(String[] args) throws Exception {
        String proxy = args[0];
        int increments = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        CachingProvider provider = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider");
        try (CacheManager manager = provider.getCacheManager(
                MANAGER_URI, IncrementWorker.class.getClassLoader(), managerProperties(proxy))) {
            Cache<String, Long> cache = open(manager);
            // Connected and warm before the start: the increments, not class loading, should overlap.
            cache.containsKey(KEY);
            System.out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"go".equals(in.readLine())) {
                throw new IllegalStateException("expected 'go' on standard input");
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int share = increments / threads + (t < increments % threads ? 1 : 0);
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < share; i++) {
                            cache.invoke(KEY, (entry, arguments) -> {
                                entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
                                return null;
                            });
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.println("done");
        }
    }

    static Properties managerProperties(String proxy) {
        Properties properties = new Properties();
        properties.setProperty("mayfly.proxy", proxy);
        properties.setProperty("mayfly.key-space-scope", "shared");
        // Generous: this test is about lost updates, and a loaded CI machine is slow.
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        return properties;
    }

    /** The counter cache: created by whichever JVM comes first in its own manager, shared by name. */
    static Cache<String, Long> open(CacheManager manager) {
        Cache<String, Long> cache = manager.getCache(CACHE, String.class, Long.class);
        if (cache == null) {
            cache = manager.createCache(
                    CACHE, new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        }
        return cache;
    }
}
