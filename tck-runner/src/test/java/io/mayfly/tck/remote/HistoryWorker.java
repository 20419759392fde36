package io.mayfly.tck.remote;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import javax.cache.configuration.MutableConfiguration;

/**
 * One JVM of {@link LinearizableHistoryTest}: prints "ready", waits for "go", then calls get, put,
 * replace(k, expected, new) and remove(k) at random on a few keys from several threads, printing
 * each call as {@code op <client> <key> <call> <expected|-> <value|-> <output|-> <calledNanos>
 * <returnedNanos|failed>}, then "done". Values are unique, so a read names the write it saw.
 *
 * <p>Arguments: proxy address, worker number, threads, operations per thread.
 */
public final class HistoryWorker {

    static final URI MANAGER_URI = URI.create("mayfly:history");
    static final String CACHE = "register";
    static final List<String> KEYS = List.of("h0", "h1");

    private HistoryWorker() {}

    public static void main(String[] args) throws Exception {
        String proxy = args[0];
        int worker = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int operations = Integer.parseInt(args[3]);
        try (CacheManager manager = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider")
                .getCacheManager(MANAGER_URI, HistoryWorker.class.getClassLoader(), properties(proxy))) {
            Cache<String, String> cache = manager.createCache(
                    CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
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
                    int client = worker * threads + t;
                    done.add(pool.submit(() -> run(cache, client, operations)));
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

    private static void run(Cache<String, String> cache, int client, int operations) {
        Random random = new Random(client);
        String lastSeen = null;
        for (int i = 0; i < operations; i++) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            String value = "c" + client + "n" + i;
            int pick = random.nextInt(20);
            String call;
            String expected = "-";
            String written = "-";
            if (pick < 6) {
                call = "get";
            } else if (pick < 12) {
                call = "put";
                written = value;
            } else if (pick < 17) {
                call = "replace";
                expected = lastSeen != null ? lastSeen : "none";
                written = value;
            } else {
                call = "remove";
            }
            long called = System.nanoTime();
            String output;
            try {
                output = switch (call) {
                    case "get" -> {
                        String read = cache.get(key);
                        if (read != null) {
                            lastSeen = read;
                        }
                        yield read == null ? "-" : read;
                    }
                    case "put" -> {
                        cache.put(key, value);
                        yield "-";
                    }
                    case "replace" -> Boolean.toString(cache.replace(key, expected, value));
                    default -> Boolean.toString(cache.remove(key));
                };
            } catch (RuntimeException e) {
                // The call may or may not have taken effect: the checker allows both.
                System.err.println("client " + client + " " + call + " " + key + " failed: " + e);
                print(client, key, call, expected, written, "-", called, "failed");
                continue;
            }
            print(client, key, call, expected, written, output, called, Long.toString(System.nanoTime()));
        }
    }

    private static synchronized void print(
            int client,
            String key,
            String call,
            String expected,
            String written,
            String output,
            long called,
            String returned) {
        System.out.println("op " + client + " " + key + " " + call + " " + expected + " " + written + " " + output + " "
                + called + " " + returned);
    }

    static Properties properties(String proxy) {
        Properties properties = new Properties();
        properties.setProperty("mayfly.proxy", proxy);
        properties.setProperty("mayfly.key-space-scope", "shared");
        // Every value goes to the functions as RS(4+2) shards, where the faults are.
        properties.setProperty("mayfly.small-value-threshold-bytes", "0");
        properties.setProperty("mayfly.data-shards", "4");
        properties.setProperty("mayfly.parity-shards", "2");
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        return properties;
    }
}
