package io.mayfly.tck.remote;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;

/**
 * One JVM of {@link WriterLogTest}: opens the shared write-through cache, prints "ready", waits for
 * "go", then races putIfAbsent, replace(k, old, new) and remove(k, v) on a few keys from several
 * threads, printing each call that applied ({@code applied <op> <key> <old|-> <new|->}), and "done".
 *
 * <p>Arguments: proxy address, writer log file, worker number, threads, operations per thread.
 */
public final class WriterLogWorker {

    static final URI MANAGER_URI = URI.create("mayfly:writer-log");
    static final String CACHE = "written-through";
    static final List<String> KEYS = List.of("k0", "k1", "k2");

    private WriterLogWorker() {}

    public static void main(String[] args) throws Exception {
        String proxy = args[0];
        Path log = Path.of(args[1]);
        int worker = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int operations = Integer.parseInt(args[4]);
        try (CacheManager manager = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider")
                .getCacheManager(MANAGER_URI, WriterLogWorker.class.getClassLoader(), properties(proxy))) {
            Cache<String, String> cache = open(manager, log);
            cache.containsKey(KEYS.get(0));
            System.out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"go".equals(in.readLine())) {
                throw new IllegalStateException("expected 'go' on standard input");
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> race(cache, worker, thread, operations)));
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

    private static void race(Cache<String, String> cache, int worker, int thread, int operations) {
        Random random = new Random(31L * worker + thread);
        for (int i = 0; i < operations; i++) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            String value = "w" + worker + "t" + thread + "n" + i;
            String current = random.nextInt(3) == 0 ? null : cache.get(key);
            if (current == null) {
                if (cache.putIfAbsent(key, value)) {
                    applied("putIfAbsent", key, "-", value);
                }
            } else if (random.nextBoolean()) {
                if (cache.replace(key, current, value)) {
                    applied("replace", key, current, value);
                }
            } else if (cache.remove(key, current)) {
                applied("remove", key, current, "-");
            }
        }
    }

    private static void applied(String op, String key, String old, String value) {
        System.out.println("applied " + op + " " + key + " " + old + " " + value);
    }

    static Properties properties(String proxy) {
        Properties properties = new Properties();
        properties.setProperty("mayfly.proxy", proxy);
        properties.setProperty("mayfly.key-space-scope", "shared");
        // Generous: this test is about exactly-once write-through, and a loaded CI machine is slow.
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        return properties;
    }

    static Cache<String, String> open(CacheManager manager, Path log) {
        return manager.createCache(
                CACHE,
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setWriteThrough(true)
                        .setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(new SharedFileWriter(log))));
    }
}
