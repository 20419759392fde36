package io.mayfly.benchmarks.storage;

import io.mayfly.benchmarks.load.ByteSizeConverter;
import io.mayfly.benchmarks.report.Html;
import io.mayfly.benchmarks.report.SvgChart;
import io.mayfly.benchmarks.targets.JCacheTarget;
import io.mayfly.benchmarks.targets.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * Latency of single gets and puts through {@code javax.cache}, Mayfly against Redis, in one run on
 * one machine: a {@code redis-server} this command starts, reached by Jedis GET/SET (the floor)
 * and by Redisson's JCache; Mayfly through its JCache provider against a proxy JVM it starts
 * (remote mode, in-process functions in that JVM) and on its embedded default (proxy and functions
 * in this JVM). For each value size, one thread puts then gets the same key, timing each call;
 * then {@code --threads} threads get a 1 KiB value for {@code --concurrent-seconds}. Targets run
 * one after another, so none competes with another for the cores. Each series follows at least
 * {@code --warmup-seconds} of unmeasured calls, so both JVMs run compiled code, and both run on a
 * fixed, touched heap as a server would (a heap G1 shrinks after 100 MiB values and grows again
 * costs later small calls a page fault each). Prints p50 and p99 per operation and size, each
 * target's p50 over Jedis's, and writes a self-contained HTML page.
 *
 * <pre>
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -Xms6g -Xmx6g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.mayfly.benchmarks.storage.LatencyVersusRedis
 * </pre>
 */
@Command(
        name = "latency-vs-redis",
        mixinStandardHelpOptions = true,
        description = "p50/p99 of javax.cache get and put, Mayfly (remote and embedded) vs Jedis and"
                + " Redisson's JCache on one redis-server, 1 KiB to 100 MiB; 1 KiB gets from many threads.")
public final class LatencyVersusRedis implements Callable<Integer> {

    static final String JEDIS = "jedis";
    static final String REDISSON = "redisson-jcache";
    static final String MAYFLY_REMOTE = "mayfly-remote";
    static final String MAYFLY_EMBEDDED = "mayfly-embedded";
    private static final String MAYFLY_PROVIDER = "io.mayfly.jcache.MayflyCachingProvider";
    private static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";
    private static final int SMALL = 1024;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "1KiB,64KiB,1MiB,10MiB,100MiB",
            description = "value sizes (default: ${DEFAULT-VALUE})")
    List<String> sizes;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--targets",
            split = ",",
            defaultValue = JEDIS + "," + REDISSON + "," + MAYFLY_REMOTE + "," + MAYFLY_EMBEDDED,
            description = "targets in order (default: ${DEFAULT-VALUE})")
    List<String> targets;

    @Option(
            names = "--iterations",
            defaultValue = "20000",
            description = "measured puts and gets per size and target, fewer for large values (see"
                    + " --bytes-per-size); enough that a small value's series spans a second or more, so"
                    + " one background burst (a GC, the proxy's keep-alive round) does not move its median"
                    + " (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(
            names = "--bytes-per-size",
            converter = ByteSizeConverter.class,
            defaultValue = "512MiB",
            description = "caps the measured operations of a size at this many bytes moved, never below"
                    + " --min-iterations (default: ${DEFAULT-VALUE})")
    long bytesPerSize;

    @Option(
            names = "--min-iterations",
            defaultValue = "3",
            description = "fewest measured operations per size (default: ${DEFAULT-VALUE})")
    int minIterations;

    @Option(
            names = "--warmup-fraction",
            defaultValue = "0.25",
            description = "unmeasured operations before each measured series, as a fraction of it, at least 1"
                    + " (default: ${DEFAULT-VALUE})")
    double warmupFraction;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "5",
            description = "unmeasured calls go on for at least this long before each measured series, and"
                    + " before the concurrent gets: the JIT compilers of the client's and the proxy's JVMs"
                    + " need thousands of calls, which a fraction of a short series does not make, and a"
                    + " new proxy JVM is still warming its functions and codec"
                    + " (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(
            names = "--redisson-max-size",
            converter = ByteSizeConverter.class,
            defaultValue = "10MiB",
            description = "largest size Redisson's JCache is timed at: its 100 MiB puts take tens of seconds"
                    + " each here and its connection pings time out behind them (default: ${DEFAULT-VALUE})")
    long redissonMaxSize;

    @Option(
            names = "--threads",
            defaultValue = "16",
            description = "client threads of the concurrent 1 KiB gets; 0 skips them (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--concurrent-seconds",
            defaultValue = "5",
            description = "measured time of the concurrent gets per target (default: ${DEFAULT-VALUE})")
    double concurrentSeconds;

    @Option(
            names = "--operation-timeout-ms",
            defaultValue = "120000",
            description = "Mayfly's mayfly.operation-timeout-ms and the Redis clients' timeouts: a 100 MiB"
                    + " put on a loaded 2-core machine takes seconds (default: ${DEFAULT-VALUE})")
    long operationTimeoutMs;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--proxy-heap",
            defaultValue = "3g",
            description = "-Xmx of the remote proxy's JVM, whose in-process functions hold the shards"
                    + " (default: ${DEFAULT-VALUE})")
    String proxyHeap;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--proxy-args",
            defaultValue = "--runtime local-in-process --pool-size 12 --function-memory-mb 512",
            description = "ProxyMain options of the remote proxy, in one argument (default: \"${DEFAULT-VALUE}\")")
    String proxyArgs;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--redis-server",
            defaultValue = "redis-server",
            description = "redis-server executable (default: ${DEFAULT-VALUE})")
    String redisServer;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--report",
            defaultValue = "latency-vs-redis.html",
            description = "HTML page written at the end (default: ${DEFAULT-VALUE})")
    Path report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LatencyVersusRedis()).execute(args));
    }

    /** A cache under test: blocking get and put of byte values under string keys, safe for many threads. */
    interface Client extends AutoCloseable {
        byte[] get(String key);

        void put(String key, byte[] value);

        @Override
        void close();
    }

    /** One series: every measured latency of one operation on one value size, in nanoseconds, sorted. */
    record Series(String target, String operation, long size, long[] nanos, int failures) {
        double percentileMicros(double p) {
            int i = (int) Math.min(nanos.length - 1, Math.max(0, Math.ceil(p * nanos.length) - 1));
            return nanos[i] / 1e3;
        }

        double p50() {
            return percentileMicros(0.5);
        }

        double p99() {
            return percentileMicros(0.99);
        }
    }

    /** Results of a run, by target, then "get"/"put", then size; and concurrent gets per second by target. */
    record Results(
            List<Long> sizes,
            List<String> targets,
            Map<String, Map<String, Map<Long, Series>>> latency,
            Map<String, Double> concurrentOps,
            int threads) {
        @Nullable
        Series series(String target, String operation, long size) {
            return latency.getOrDefault(target, Map.of())
                    .getOrDefault(operation, Map.of())
                    .get(size);
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Long> sizeBytes = sizes.stream().map(ByteSizeConverter::parse).toList();
        long largest = sizeBytes.stream().mapToLong(Long::longValue).max().orElse(SMALL);
        Map<String, Map<String, Map<Long, Series>>> latency = new LinkedHashMap<>();
        Map<String, Double> concurrent = new LinkedHashMap<>();
        // Room for one value of each size (and an old copy while it is replaced), as an LRU cache.
        long maxMemory = 4 * sizeBytes.stream().mapToLong(Long::longValue).sum() + (256L << 20);
        try (RedisServerProcess redis = new RedisServerProcess(redisServer, maxMemory, largest)) {
            System.out.println("redis: " + redis.version() + " on 127.0.0.1:" + redis.port() + " (pid " + redis.pid()
                    + ", persistence off)");
            for (String target : targets) {
                try (Client client = open(target, redis)) {
                    Map<String, Map<Long, Series>> byOperation = new LinkedHashMap<>();
                    byOperation.put("get", new LinkedHashMap<>());
                    byOperation.put("put", new LinkedHashMap<>());
                    for (long size : sizeBytes) {
                        if (target.equals(REDISSON) && size > redissonMaxSize) {
                            System.out.println(target + " " + label(size) + ": skipped (--redisson-max-size)");
                            continue;
                        }
                        measureSize(target, client, size, byOperation);
                    }
                    latency.put(target, byOperation);
                    if (threads > 0) {
                        double ops = concurrentGets(target, client);
                        concurrent.put(target, ops);
                    }
                }
            }
        }
        Results results = new Results(sizeBytes, List.copyOf(latency.keySet()), latency, concurrent, threads);
        System.out.println();
        System.out.print(table(results));
        requireDirectory(report);
        Files.writeString(report, html(results));
        System.out.println("report: " + report.toAbsolutePath());
        return 0;
    }

    private Client open(String target, RedisServerProcess redis) {
        return switch (target) {
            case JEDIS -> new JedisClient(redis.port(), Math.max(1, threads), (int) operationTimeoutMs);
            case REDISSON -> new RedissonClientAdapter(redis.port(), Math.max(1, threads), operationTimeoutMs);
            case MAYFLY_REMOTE ->
                mayfly(JCacheTarget.remoteMayfly(
                        MAYFLY_REMOTE,
                        MAYFLY_PROVIDER,
                        null,
                        mayflyProperties(),
                        "latency",
                        proxyHeap,
                        List.of(proxyArgs.strip().split("\\s+"))));
            case MAYFLY_EMBEDDED ->
                mayfly(JCacheTarget.embeddedMayfly(
                        MAYFLY_EMBEDDED, MAYFLY_PROVIDER, null, mayflyProperties(), "latency"));
            default ->
                throw new CommandLine.ParameterException(
                        new CommandLine(this),
                        "unknown target \"" + target + "\"; use "
                                + String.join(", ", JEDIS, REDISSON, MAYFLY_REMOTE, MAYFLY_EMBEDDED));
        };
    }

    private Properties mayflyProperties() {
        Properties p = new Properties();
        p.setProperty("mayfly.operation-timeout-ms", Long.toString(operationTimeoutMs));
        return p;
    }

    private static Client mayfly(JCacheTarget target) {
        System.out.println(target.name() + ": " + target.description());
        return new Client() {
            @Override
            public byte[] get(String key) {
                return target.get(key);
            }

            @Override
            public void put(String key, byte[] value) {
                target.put(key, value);
            }

            @Override
            public void close() {
                target.close();
            }
        };
    }

    /** Measured operations for one size: --iterations, capped by --bytes-per-size, at least --min-iterations. */
    int iterationsFor(long size) {
        long byBytes = bytesPerSize / Math.max(1, size);
        return (int) Math.max(minIterations, Math.min(iterations, byBytes));
    }

    private void measureSize(String target, Client client, long size, Map<String, Map<Long, Series>> byOperation) {
        String key = "latency-" + size;
        byte[] value = value(size);
        int n = iterationsFor(size);
        int warmup = (int) Math.max(1, Math.round(n * warmupFraction));
        checkRoundTrip(target, client, key, value);
        long warmupNanos = (long) (warmupSeconds * 1e9);
        Series put = timed(target, "put", size, warmup, warmupNanos, n, () -> client.put(key, value));
        Series get = timed(target, "get", size, warmup, warmupNanos, n, () -> {
            byte[] read = client.get(key);
            if (read == null || read.length != value.length) {
                throw new IllegalStateException(target + " missed the " + label(size) + " value");
            }
        });
        Objects.requireNonNull(byOperation.get("put"), "no put series").put(size, put);
        Objects.requireNonNull(byOperation.get("get"), "no get series").put(size, get);
        System.out.printf(
                Locale.ROOT,
                "%-16s %8s  put p50 %s p99 %s   get p50 %s p99 %s   (%d each%s)%n",
                target,
                label(size),
                micros(put.p50()),
                micros(put.p99()),
                micros(get.p50()),
                micros(get.p99()),
                n,
                put.failures() + get.failures() == 0
                        ? ""
                        : "; FAILED: " + put.failures() + " puts, " + get.failures() + " gets");
    }

    /** One put and get of the value, compared; a failed attempt is tried again twice. */
    private static void checkRoundTrip(String target, Client client, String key, byte[] value) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.put(key, value);
                byte[] first = client.get(key);
                if (first == null || !Arrays.equals(first, value)) {
                    throw new IllegalStateException(
                            target + " did not read back the " + label(value.length) + " value it stored");
                }
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.println(target + ": the first put and get of " + label(value.length) + " failed (" + e
                        + "); trying again");
            }
        }
    }

    /**
     * Times {@code n} calls after unmeasured ones: at least {@code warmup} of them, going on for at
     * least {@code warmupNanos}. A call that throws is counted and left out of the latencies (the
     * first failure is printed), so one refusal does not end the run.
     */
    private static Series timed(
            String target, String operation, long size, int warmup, long warmupNanos, int n, Runnable call) {
        int failures = 0;
        RuntimeException firstFailure = null;
        long warmupStart = System.nanoTime();
        int warmedUp = 0;
        for (; warmedUp < warmup || System.nanoTime() - warmupStart < warmupNanos; warmedUp++) {
            try {
                call.run();
            } catch (RuntimeException e) {
                failures++;
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        long[] nanos = new long[n];
        int ok = 0;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            try {
                call.run();
                nanos[ok++] = System.nanoTime() - start;
            } catch (RuntimeException e) {
                failures++;
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (firstFailure != null) {
            System.out.println(target + " " + operation + " of " + label(size) + ": " + failures + " of "
                    + (warmedUp + n) + " calls failed, the first with " + firstFailure);
        }
        if (ok == 0) {
            throw new IllegalStateException(
                    target + ": every " + operation + " of " + label(size) + " failed", firstFailure);
        }
        long[] measured = Arrays.copyOf(nanos, ok);
        Arrays.sort(measured);
        return new Series(target, operation, size, measured, failures);
    }

    /** Gets of one 1 KiB key from {@link #threads} threads for {@link #concurrentSeconds}; ops per second. */
    private double concurrentGets(String target, Client client) throws InterruptedException {
        String key = "concurrent-1KiB";
        byte[] value = value(SMALL);
        client.put(key, value);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        try {
                            while (!stop.get()) {
                                byte[] read = client.get(key);
                                if (read == null || read.length != SMALL) {
                                    throw new IllegalStateException(target + " lost the concurrent 1 KiB value");
                                }
                                if (measuring.get()) {
                                    done.incrementAndGet();
                                }
                            }
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                            stop.set(true);
                        } finally {
                            finished.countDown();
                        }
                    },
                    "latency-" + target + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        // Unmeasured first, for connections and pools to fill and the compilers to catch up.
        Thread.sleep((long) (Math.max(1, warmupSeconds) * 1000));
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep((long) (concurrentSeconds * 1000));
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        finished.await();
        if (failure.get() != null) {
            throw failure.get();
        }
        double ops = done.get() / (elapsed / 1e9);
        System.out.printf(Locale.ROOT, "%-16s %d threads, 1 KiB gets: %,.0f ops/s%n", target, threads, ops);
        return ops;
    }

    static String table(Results r) {
        StringBuilder out = new StringBuilder();
        for (String operation : List.of("get", "put")) {
            out.append(String.format(Locale.ROOT, "%s, one thread: p50 / p99, and p50 over %s's%n", operation, JEDIS));
            out.append(String.format(Locale.ROOT, "%-9s", "size"));
            for (String target : r.targets()) {
                out.append(String.format(Locale.ROOT, " | %-29s", target));
            }
            out.append(System.lineSeparator());
            for (long size : r.sizes()) {
                out.append(String.format(Locale.ROOT, "%-9s", label(size)));
                Series base = r.series(JEDIS, operation, size);
                for (String target : r.targets()) {
                    Series s = r.series(target, operation, size);
                    if (s == null) {
                        out.append(String.format(Locale.ROOT, " | %-29s", "-"));
                        continue;
                    }
                    String ratio = base == null ? "" : String.format(Locale.ROOT, " %5.2fx", s.p50() / base.p50());
                    out.append(String.format(Locale.ROOT, " | %9s / %9s%-7s", micros(s.p50()), micros(s.p99()), ratio));
                    if (s.failures() > 0) {
                        out.append(" (").append(s.failures()).append(" failed)");
                    }
                }
                out.append(System.lineSeparator());
            }
            out.append(System.lineSeparator());
        }
        if (!r.concurrentOps().isEmpty()) {
            Double base = r.concurrentOps().get(JEDIS);
            out.append(
                    String.format(Locale.ROOT, "1 KiB gets, %d threads: ops/s, and over %s's%n", r.threads(), JEDIS));
            for (Map.Entry<String, Double> e : r.concurrentOps().entrySet()) {
                out.append(String.format(
                        Locale.ROOT,
                        "%-16s %,10.0f%s%n",
                        e.getKey(),
                        e.getValue(),
                        base == null ? "" : String.format(Locale.ROOT, "   %5.2fx", e.getValue() / base)));
            }
        }
        return out.toString();
    }

    static String html(Results r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Mayfly latency against Redis</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append("svg.chart{display:block;margin:0.5em 0 1.5em}svg text{font-size:12px;fill:#333}")
                .append(".grid{stroke:#e5e5e5}.axis{stroke:#333}")
                .append("</style></head><body>\n<h1>Mayfly latency against Redis</h1>\n")
                .append("<p>One client thread, javax.cache get and put (Jedis GET and SET for ")
                .append(JEDIS)
                .append("), p50 per value size; the tables give p99 and p50 over Jedis's.</p>\n");
        for (String operation : List.of("get", "put")) {
            List<SvgChart.Series> lines = new ArrayList<>();
            for (String target : r.targets()) {
                List<double[]> points = new ArrayList<>();
                for (long size : r.sizes()) {
                    Series s = r.series(target, operation, size);
                    if (s != null) {
                        points.add(new double[] {size, s.p50() / 1e3});
                    }
                }
                lines.add(new SvgChart.Series(target, points));
            }
            h.append("<h2>").append(operation).append("</h2>\n");
            h.append(SvgChart.lines(
                    "latency-" + operation,
                    "value size",
                    operation + " p50 (ms, log scale)",
                    true,
                    true,
                    lines,
                    List.of(),
                    LatencyVersusRedis::axisBytes,
                    v -> v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v)));
            h.append("<table><tr><th class=\"l\">size</th>");
            for (String target : r.targets()) {
                h.append("<th>").append(Html.escape(target)).append(" p50</th><th>p99</th><th>/ jedis</th>");
            }
            h.append("</tr>\n");
            for (long size : r.sizes()) {
                h.append("<tr><td class=\"l\">").append(label(size)).append("</td>");
                Series base = r.series(JEDIS, operation, size);
                for (String target : r.targets()) {
                    Series s = r.series(target, operation, size);
                    if (s == null) {
                        h.append("<td>-</td><td>-</td><td></td>");
                        continue;
                    }
                    h.append("<td>")
                            .append(micros(s.p50()))
                            .append("</td><td>")
                            .append(micros(s.p99()))
                            .append("</td><td>")
                            .append(base == null ? "" : String.format(Locale.ROOT, "%.2fx", s.p50() / base.p50()))
                            .append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        if (!r.concurrentOps().isEmpty()) {
            h.append("<h2>1 KiB gets, ").append(r.threads()).append(" threads</h2>\n");
            List<String> labels = new ArrayList<>(r.concurrentOps().keySet());
            List<Double> values = new ArrayList<>(r.concurrentOps().values());
            List<String> colours = new ArrayList<>();
            for (String label : labels) {
                colours.add(SvgChart.COLOURS[Math.max(0, r.targets().indexOf(label)) % SvgChart.COLOURS.length]);
            }
            h.append(SvgChart.bars(
                    "concurrent-gets",
                    "gets per second (log scale)",
                    labels,
                    values,
                    colours,
                    v -> String.format(Locale.ROOT, "%,.0f", v)));
        }
        h.append(SvgChart.RENDER_CHECK_SCRIPT).append("</body></html>\n");
        return h.toString();
    }

    private static String axisBytes(double b) {
        return label((long) b);
    }

    static String label(long size) {
        if (size >= 1L << 20 && size % (1L << 20) == 0) {
            return (size >> 20) + " MiB";
        }
        if (size >= 1024 && size % 1024 == 0) {
            return (size >> 10) + " KiB";
        }
        if (size >= 1L << 20) {
            return String.format(Locale.ROOT, "%.3g MiB", size / (double) (1L << 20));
        }
        return size + " B";
    }

    static String micros(double us) {
        if (us < 10) {
            // An in-JVM call takes well under a microsecond: "0 us" would hide it.
            return String.format(Locale.ROOT, "%.1f us", us);
        }
        if (us < 1000) {
            return String.format(Locale.ROOT, "%.0f us", us);
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1_000_000);
    }

    private static byte[] value(long size) {
        byte[] value = new byte[Math.toIntExact(size)];
        new SplittableRandom(size).nextBytes(value);
        return value;
    }

    /** Jedis GET and SET through a pool as large as the thread count. */
    private static final class JedisClient implements Client {
        private final JedisPool pool;

        JedisClient(int port, int connections, int timeoutMs) {
            JedisPoolConfig config = new JedisPoolConfig();
            config.setMaxTotal(connections);
            config.setMaxIdle(connections);
            this.pool = new JedisPool(
                    config,
                    new HostAndPort("127.0.0.1", port),
                    DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis(10_000)
                            .socketTimeoutMillis(timeoutMs)
                            .autoNegotiateProtocol(false)
                            .build());
            System.out.println(JEDIS + ": Jedis on 127.0.0.1:" + port + ", a pool of " + connections);
        }

        // The single-thread series borrows the same connection each time: the pool costs a deque
        // operation per call, as an application using a JedisPool pays.
        @Override
        public byte[] get(String key) {
            try (Jedis jedis = pool.getResource()) {
                return jedis.get(key.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void put(String key, byte[] value) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set(key.getBytes(StandardCharsets.UTF_8), value);
            }
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** Redisson's JCache provider on the same Redis, through {@code javax.cache} only. */
    private static final class RedissonClientAdapter implements Client {
        private final RedissonClient redisson;
        private final CachingProvider provider;
        private final CacheManager manager;
        private final Cache<String, byte[]> cache;

        RedissonClientAdapter(int port, int connections, long timeoutMs) {
            Config config = new Config();
            config.useSingleServer()
                    .setAddress("redis://127.0.0.1:" + port)
                    .setTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                    .setConnectionPoolSize(Math.max(connections, 8))
                    .setConnectionMinimumIdleSize(Math.max(1, Math.min(connections, 8)));
            this.redisson = Redisson.create(config);
            ClassLoader loader = LatencyVersusRedis.class.getClassLoader();
            this.provider = Caching.getCachingProvider(REDISSON_PROVIDER, loader);
            URI uri = provider.getDefaultURI();
            this.manager = provider.getCacheManager(uri, loader);
            Cache<String, byte[]> existing = manager.getCache("latency", String.class, byte[].class);
            if (existing != null) {
                manager.destroyCache("latency");
            }
            this.cache = manager.createCache(
                    "latency",
                    RedissonConfiguration.fromInstance(
                            redisson, new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class)));
            System.out.println(REDISSON + ": " + provider.getClass().getName() + " on 127.0.0.1:" + port);
        }

        @Override
        public byte[] get(String key) {
            return cache.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            cache.put(key, value);
        }

        @Override
        public void close() {
            try {
                manager.close();
            } finally {
                redisson.shutdown();
            }
        }
    }

    static void requireDirectory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
