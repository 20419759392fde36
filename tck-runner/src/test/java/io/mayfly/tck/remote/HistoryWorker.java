package io.mayfly.tck.remote;

import io.mayfly.jcache.configuration.MayflyConfiguration;
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
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * One JVM of {@link LinearizableHistoryTest}: prints "ready", waits for "go", then calls get, put,
 * replace(k, expected, new) and remove(k) at random on a few keys from several threads, printing
 * each call as {@code op <client> <key> <call> <expected|-> <value|-> <output|-> <calledNanos>
 * <returnedNanos|failed>}, then "done". Values are unique, so a read names the write it saw. Keys
 * h* are erasure-coded onto the functions; keys s* are small values, held whole in the proxy's tier
 * and written through to two functions.
 *
 * <p>Each thread runs until it has made its number of calls that returned: a call that fails (the
 * proxy is down) is printed as failed and costs none of them. When an outage is expected, a thread
 * also goes on until it has made {@link #CALLS_AFTER_OUTAGE} calls that returned after its last
 * failed one, so every thread calls the restarted proxy however late the outage comes. After a
 * failure the thread waits a little longer each time before its next call, as a client backs off
 * from an unreachable server, so an outage of a few seconds costs a handful of failed calls, not
 * thousands.
 *
 * <p>Arguments: proxy address, worker number, threads, returned calls per thread, whether an
 * outage is expected (true/false).
 */
public final class HistoryWorker {

    static final URI MANAGER_URI = URI.create("mayfly:history");
    static final String CACHE = "register";
    static final String SMALL_CACHE = "small";
    static final List<String> KEYS = List.of("h0", "h1", "s0", "s1");

    /** Back-off after consecutive failures: 50 ms doubling to 800 ms. */
    private static final long FIRST_BACKOFF_MS = 50;

    private static final long MAX_BACKOFF_MS = 800;

    /** Calls that returned after the last failed one, when an outage is expected. */
    static final int CALLS_AFTER_OUTAGE = 5;

    /** Consecutive failures after which the thread gives up: the proxy did not come back. */
    private static final int MAX_CONSECUTIVE_FAILURES = 100;

    private HistoryWorker() {}

    public static void main(String[] args) throws Exception {
        String proxy = args[0];
        int worker = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int operations = Integer.parseInt(args[3]);
        boolean outage = Boolean.parseBoolean(args[4]);
        try (CacheManager manager = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider")
                .getCacheManager(MANAGER_URI, HistoryWorker.class.getClassLoader(), properties(proxy))) {
            Cache<String, String> coded = manager.createCache(
                    CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            // Below the threshold, the values stay whole in the proxy's small tier.
            Cache<String, String> small = manager.createCache(
                    SMALL_CACHE,
                    new MayflyConfiguration<String, String>()
                            .setSmallValueThresholdBytes(1 << 20)
                            .setTypes(String.class, String.class));
            coded.containsKey(KEYS.get(0));
            small.containsKey(KEYS.get(2));
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
                    done.add(pool.submit(() -> {
                        run(coded, small, client, operations, outage);
                        return null;
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

    private static void run(
            Cache<String, String> coded, Cache<String, String> small, int client, int operations, boolean outage)
            throws InterruptedException {
        Random random = new Random(client);
        String lastSeen = null;
        int consecutiveFailures = 0;
        int sinceFailure = 0;
        boolean failedOnce = false;
        for (int i = 0, returned = 0;
                returned < operations || outage && (!failedOnce || sinceFailure < CALLS_AFTER_OUTAGE);
                i++) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            Cache<String, String> cache = key.startsWith("s") ? small : coded;
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
                failedOnce = true;
                sinceFailure = 0;
                if (++consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                    throw new IllegalStateException(
                            "client " + client + ": " + consecutiveFailures + " calls failed in a row", e);
                }
                TimeUnit.MILLISECONDS.sleep(
                        Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(10, consecutiveFailures - 1)));
                continue;
            }
            consecutiveFailures = 0;
            sinceFailure++;
            returned++;
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
        // Every value of the register cache goes to the functions as RS(4+2) shards, where the
        // faults are (the small cache sets its own threshold).
        properties.setProperty("mayfly.small-value-threshold-bytes", "0");
        properties.setProperty("mayfly.data-shards", "4");
        properties.setProperty("mayfly.parity-shards", "2");
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        // A loaded 2-core machine can take more than the default 2 s to handshake.
        properties.setProperty("mayfly.connect-timeout-ms", "10000");
        return properties;
    }
}
