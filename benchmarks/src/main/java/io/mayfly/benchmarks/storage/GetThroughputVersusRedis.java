package io.mayfly.benchmarks.storage;

import io.mayfly.benchmarks.targets.RedisTarget;
import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ProxyStoreFactory;
import io.mayfly.client.StoredValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Get throughput of large values, Mayfly's embedded default (proxy and in-process functions in
 * this JVM, through the {@link ObjectStore} client) against Redis on loopback (Jedis), in one run
 * with the same values. Each value is written once, read back and compared, then read
 * {@code --warmup} times unmeasured and for {@code --seconds} measured, one get at a time.
 *
 * <pre>
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -Xmx6g --add-modules jdk.incubator.vector -Dmayfly.erasure.path=vector \
 *     -cp benchmarks/target/benchmarks.jar io.mayfly.benchmarks.storage.GetThroughputVersusRedis
 * </pre>
 * ({@code -Dmayfly.erasure.path=vector}: on a loaded machine the AUTO warm-up may give up and
 * leave decoding on the scalar kernel, which then measures the machine, not Mayfly.)
 */
@Command(
        name = "get-throughput-vs-redis",
        mixinStandardHelpOptions = true,
        description = "Get throughput of 10 MiB and 100 MiB values: Mayfly embedded vs Redis on loopback.")
public final class GetThroughputVersusRedis implements Callable<Integer> {

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--sizes-mib",
            split = ",",
            defaultValue = "10,100",
            description = "value sizes in MiB (default: ${DEFAULT-VALUE})")
    List<Integer> sizesMib;

    @Option(
            names = "--seconds",
            defaultValue = "15",
            description = "measured time per size and target (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            description = "unmeasured gets per size and target (default: ${DEFAULT-VALUE})")
    int warmup;

    @SuppressWarnings("NullAway.Init") // set by picocli from its defaultValue before the command runs
    @Option(
            names = "--redis-server",
            defaultValue = "redis-server",
            description = "redis-server executable (default: ${DEFAULT-VALUE})")
    String redisServer;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GetThroughputVersusRedis()).execute(args));
    }

    /** Measured gets of one value on one target. */
    record Run(String target, int sizeMib, int gets, double seconds, double p50Ms) {
        double mibPerSecond() {
            return gets * (double) sizeMib / seconds;
        }
    }

    @Override
    public Integer call() {
        long largest =
                (long) sizesMib.stream().mapToInt(Integer::intValue).max().orElse(1) << 20;
        List<Run> mayfly = new ArrayList<>();
        List<Run> redis = new ArrayList<>();
        // The embedded default, as javax.cache users get it (12 in-process functions, RS(10+2)).
        try (ObjectStore store = new ProxyStoreFactory().open(Map.of("mayfly.operation-timeout-ms", "120000"))) {
            KeySpace space = store.keySpace("bench", CodingSettings.DEFAULTS);
            for (int mib : sizesMib) {
                byte[] key = ("v" + mib).getBytes(StandardCharsets.UTF_8);
                byte[] value = value(mib);
                space.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                mayfly.add(measure("mayfly-embedded", mib, value, k -> {
                    StoredValue v = space.get(key);
                    return v == null ? null : v.value();
                }));
                space.remove(key, KeySpace.ANY_VERSION);
            }
        }
        try (RedisTarget target = new RedisTarget(redisServer, 4 * largest, largest)) {
            System.out.println("redis: " + target.description());
            for (int mib : sizesMib) {
                byte[] value = value(mib);
                target.put("v" + mib, value);
                redis.add(measure("redis", mib, value, k -> target.get("v" + mib)));
                target.remove("v" + mib);
            }
        }
        System.out.println();
        System.out.println("size      mayfly-embedded          redis                    mayfly/redis");
        for (int i = 0; i < sizesMib.size(); i++) {
            Run m = mayfly.get(i);
            Run r = redis.get(i);
            System.out.printf(
                    Locale.ROOT,
                    "%3d MiB   %7.1f MiB/s p50 %5.0f ms   %7.1f MiB/s p50 %5.0f ms   %.3f%n",
                    m.sizeMib(),
                    m.mibPerSecond(),
                    m.p50Ms(),
                    r.mibPerSecond(),
                    r.p50Ms(),
                    m.mibPerSecond() / r.mibPerSecond());
        }
        return 0;
    }

    private Run measure(String target, int mib, byte[] expected, Function<String, byte[]> get) {
        byte[] first = get.apply("check");
        if (first == null || !Arrays.equals(first, expected)) {
            throw new IllegalStateException(target + " returned a different " + mib + " MiB value");
        }
        for (int i = 0; i < warmup; i++) {
            get.apply("warm-up");
        }
        List<Long> latencies = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now = start;
        while (now < end || latencies.size() < 3) {
            byte[] read = get.apply("measured");
            long t = System.nanoTime();
            if (read == null || read.length != expected.length) {
                throw new IllegalStateException(target + " lost the " + mib + " MiB value during the run");
            }
            latencies.add(t - now);
            now = t;
        }
        latencies.sort(null);
        Run run =
                new Run(target, mib, latencies.size(), (now - start) / 1e9, latencies.get(latencies.size() / 2) / 1e6);
        System.out.printf(
                Locale.ROOT,
                "%s %d MiB: %d gets in %.1f s, %.1f MiB/s, p50 %.0f ms%n",
                target,
                mib,
                run.gets(),
                run.seconds(),
                run.mibPerSecond(),
                run.p50Ms());
        return run;
    }

    private static byte[] value(int mib) {
        byte[] value = new byte[mib << 20];
        new SplittableRandom(mib).nextBytes(value);
        return value;
    }
}
