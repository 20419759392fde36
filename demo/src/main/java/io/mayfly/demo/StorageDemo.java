package io.mayfly.demo;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.StoredValue;
import io.mayfly.embedded.EmbeddedStores;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.instance.InstanceInfo;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.metrics.MetricsEndpoint;
import io.mayfly.proxy.node.BillingWindow;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The README's main command: starts Mayfly's embedded default (a proxy and lambda-local in this
 * JVM), writes and reads back values of several sizes, shows where each value's shards went, which
 * function instances served and what Lambda would bill, then reclaims two instances holding shards
 * of the largest value and reads it back intact. Exits 1 if any value comes back different.
 */
@Command(
        name = "mayfly-demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Writes and reads back values through Mayfly's embedded store (proxy + local "
                + "Lambda functions in this JVM), then loses two functions of one value and reads it again.")
public final class StorageDemo implements Callable<Integer> {

    static final String SPACE = "demo";

    /** Where the functions run. */
    enum Runtime {
        IN_PROCESS(FunctionRuntime.LOCAL_IN_PROCESS, "in-process (threads in this JVM)"),
        PROCESS(FunctionRuntime.LOCAL_PROCESS, "process (a child JVM per instance, AWS's runtime interface client)");

        final FunctionRuntime proxyRuntime;
        final String description;

        Runtime(FunctionRuntime proxyRuntime, String description) {
            this.proxyRuntime = proxyRuntime;
            this.description = description;
        }
    }

    /** Picocli's hook for {@code --runtime in-process|process}. */
    static final class RuntimeConverter implements CommandLine.ITypeConverter<Runtime> {
        @Override
        public Runtime convert(String value) {
            return Runtime.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--runtime",
            converter = RuntimeConverter.class,
            defaultValue = "in-process",
            description = "in-process (default) or process (the faithful mode: child JVMs)")
    Runtime runtime;

    @Option(
            names = "--sizes",
            split = ",",
            converter = ByteSize.Converter.class,
            defaultValue = "1KiB,1MiB,10MiB,100MiB",
            description = "value sizes, in order (default: ${DEFAULT-VALUE})")
    List<ByteSize> sizes;

    @Option(
            names = "--pool-size",
            defaultValue = "12",
            description = "functions in the pool (default: ${DEFAULT-VALUE})")
    int poolSize;

    @Option(
            names = {"-k", "--data-shards"},
            defaultValue = "10",
            description = "k (default: ${DEFAULT-VALUE})")
    int dataShards;

    @Option(
            names = {"-r", "--parity-shards"},
            defaultValue = "2",
            description = "r (default: ${DEFAULT-VALUE})")
    int parityShards;

    @Option(
            names = "--function-memory-mb",
            defaultValue = "256",
            description = "each function's memory setting, the basis of its bill (default: ${DEFAULT-VALUE})")
    int functionMemoryMb;

    @Option(
            names = "--small-value-threshold-bytes",
            defaultValue = "1048576",
            description = "shorter values stay whole in the proxy's memory tier (default: ${DEFAULT-VALUE})")
    long smallValueThresholdBytes;

    // Short so each step's bill is complete soon after it, long enough that no node returns while
    // it still streams a shard under backpressure (lambda-node counts only requests as activity).
    @Option(
            names = "--idle-return-ms",
            defaultValue = "5000",
            description = "a node returns (and its invocation is billed) after this long idle (default: "
                    + "${DEFAULT-VALUE}; the proxy's own default, 100, is shorter)")
    long idleReturnMs;

    @Option(
            names = "--operation-timeout-ms",
            defaultValue = "180000",
            description = "per put or get (default: ${DEFAULT-VALUE})")
    long operationTimeoutMs;

    @Option(
            names = "--seed",
            defaultValue = "20200224",
            description = "of the random values (default: ${DEFAULT-VALUE})")
    long seed;

    private PrintWriter out;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the demo; the exit code is 0 when every value came back identical. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new StorageDemo());
        line.setOut(out);
        line.setErr(err);
        return line.execute(args);
    }

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        ProxySettings settings = proxySettings();
        long started = System.nanoTime();
        try (ObjectStore store = EmbeddedStores.start(settings, LocalFunctions.NodeCode.DEFAULT, operationTimeoutMs);
                MetricsEndpoint dashboard =
                        MetricsEndpoint.start("127.0.0.1", 0, null, EmbeddedStores.proxyOf(store))) {
            ProxyServer proxy = EmbeddedStores.proxyOf(store).server();
            LocalLambdaService lambda =
                    EmbeddedStores.proxyOf(store).functions().service();
            out.printf(
                    Locale.ROOT,
                    "Mayfly embedded: proxy + local Lambda at %s, runtime %s%n",
                    lambda.endpoint(),
                    runtime.description);
            out.printf(
                    Locale.ROOT,
                    "pool dashboard at http://127.0.0.1:%d/ (metrics at /metrics, health at /health)%n",
                    dashboard.port());
            out.printf(
                    Locale.ROOT,
                    "pool of %d functions x %d MB (%d MiB of shards each), RS(%d+%d), "
                            + "values under %s stay whole in the proxy; nodes return after %d ms idle%n",
                    settings.poolSize(),
                    settings.functionMemoryMb(),
                    settings.nodeCapacityBytes() >> 20,
                    settings.dataShards(),
                    settings.parityShards(),
                    new ByteSize(settings.smallValueThresholdBytes()),
                    idleReturnMs);
            KeySpace space = store.keySpace(
                    SPACE,
                    new CodingSettings(
                            settings.dataShards(),
                            settings.parityShards(),
                            settings.smallValueThresholdBytes(),
                            CodingSettings.DEFAULTS.maxValueSizeBytes()));
            int failures = 0;
            Retained largest = null;
            for (ByteSize size : sizes) {
                Retained step = writeAndRead(space, proxy, lambda, size);
                if (step == null) {
                    failures++;
                } else if (step.placement() != null && (largest == null || size.bytes() >= largest.value().length)) {
                    largest = step;
                }
            }
            if (largest != null && largest.placement().size() > parityShards && parityShards >= 2) {
                failures += loseTwoAndRead(space, proxy, lambda, largest);
            } else {
                out.println("no erasure-coded value with r >= 2 to lose two nodes of: skipped the reclaim step");
            }
            var bill = lambda.billing().report();
            out.printf(
                    Locale.ROOT,
                    "total: %d invocations, %.2f GB-s billed (%.6f USD at us-east-1 prices), %.1f s%n",
                    bill.totalRequests(),
                    bill.totalGbSeconds(),
                    bill.totalUsd(),
                    (System.nanoTime() - started) / 1e9);
            out.println(
                    failures == 0
                            ? "OK: every value came back byte-identical"
                            : "FAILED: " + failures + " value(s) did not come back identical");
            return failures == 0 ? 0 : 1;
        }
    }

    private ProxySettings proxySettings() {
        int memory = functionMemoryMb;
        if (runtime == Runtime.IN_PROCESS) {
            // In-process nodes hold their shards in this JVM's heap: the same bound as the default
            // embedded store (the pool's memory settings within the heap), so a small heap shrinks them.
            long heapMb = java.lang.Runtime.getRuntime().maxMemory() >> 20;
            int fitting = (int) Math.max(128, Math.min(memory, 2 * (heapMb / 2 / poolSize)));
            if (fitting < memory) {
                spec.commandLine()
                        .getErr()
                        .printf(
                                Locale.ROOT,
                                "note: %d MiB of heap: functions get %d MB, not %d "
                                        + "(run java with -Xmx4g for the full setting)%n",
                                heapMb,
                                fitting,
                                memory);
                memory = fitting;
            }
        }
        ProxySettings d = ProxySettings.DEFAULTS;
        return d.withPorts(-1, 0)
                .withPool(poolSize, memory)
                .withCoding(dataShards, parityShards, smallValueThresholdBytes)
                .withRuntime(runtime.proxyRuntime, d.region(), d.functionPrefix())
                .withTimeouts(
                        d.dialBackTimeoutMs(),
                        d.shardTimeoutMs(),
                        new BillingWindow(
                                1, idleReturnMs, Math.max(idleReturnMs, BillingWindow.DEFAULTS.maxServeMs())));
    }

    /** One size: put, get, verify, report. Null when the value did not come back identical. */
    private Retained writeAndRead(KeySpace space, ProxyServer proxy, LocalLambdaService lambda, ByteSize size) {
        byte[] key = ("value-" + size.bytes()).getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[Math.toIntExact(size.bytes())];
        new SplittableRandom(seed ^ size.bytes()).nextBytes(value);
        FleetSnapshot before = FleetSnapshot.of(lambda);

        out.printf(Locale.ROOT, "%nwriting %s, then reading it back ...%n", size);
        out.flush();
        long t0 = System.nanoTime();
        try (Progress ignored = Progress.every(out, "put of " + size, value.length)) {
            space.put(key, value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
        }
        long t1 = System.nanoTime();
        StoredValue read;
        try (Progress ignored = Progress.every(out, "get of " + size, value.length)) {
            read = space.get(key);
        }
        long t2 = System.nanoTime();
        boolean identical = read != null && Arrays.equals(value, read.value());
        String verdict = identical ? "read back byte-identical" : mismatch(value, read);
        read = null;

        out.printf(
                Locale.ROOT,
                "%s: put %s, get %s, %s%n",
                size,
                duration(t1 - t0, size.bytes()),
                duration(t2 - t1, size.bytes()),
                verdict);
        List<String> placement = proxy.placementOf(SPACE, key);
        out.println("  shards: " + describePlacement(placement, value.length));
        FleetSnapshot after = settle(lambda);
        List<InstanceInfo> used = after.usedSince(before);
        out.printf(
                Locale.ROOT,
                "  instances used: %d (%d cold starts)%s%n",
                used.size(),
                after.coldStartsSince(before),
                used.isEmpty() ? "" : ": " + instanceList(used));
        out.printf(
                Locale.ROOT,
                "  billed: %.3f GB-s for %d invocations in this step (%.3f GB-s so far)%n",
                after.gbSeconds() - before.gbSeconds(),
                after.requests() - before.requests(),
                after.gbSeconds());
        return identical ? new Retained(key, value, placement) : null;
    }

    /**
     * Reclaims (kills) the instances of two functions holding shards of {@code target}, then reads
     * it again: the proxy gathers the shards the survivors hold and the client decodes from any k.
     *
     * @return 1 if the value did not come back identical, else 0
     */
    private int loseTwoAndRead(KeySpace space, ProxyServer proxy, LocalLambdaService lambda, Retained target) {
        List<String> victims = new ArrayList<>(new LinkedHashSet<>(target.placement())).subList(0, 2);
        out.printf(
                Locale.ROOT,
                "%nlosing two functions of the %s value: %s%n",
                new ByteSize(target.value().length),
                String.join(", ", victims));
        for (String function : victims) {
            List<InstanceInfo> instances = lambda.control().instances(function);
            for (InstanceInfo instance : instances) {
                boolean killed = lambda.control().reclaim(instance.id());
                out.printf(
                        Locale.ROOT,
                        "  reclaimed %s instance %s%s (its memory, and the shard in it, are gone)%n",
                        function,
                        shortId(instance.id()),
                        killed ? "" : " (already gone)");
            }
        }
        List<Integer> lost = new ArrayList<>();
        for (int shard = 0; shard < target.placement().size(); shard++) {
            if (victims.contains(target.placement().get(shard))) {
                lost.add(shard);
            }
        }
        FleetSnapshot before = FleetSnapshot.of(lambda);
        long t0 = System.nanoTime();
        StoredValue read = space.get(target.key());
        long t1 = System.nanoTime();
        boolean identical = read != null && Arrays.equals(target.value(), read.value());
        int k = target.placement().size() - parityShards;
        out.printf(
                Locale.ROOT,
                "  get %s: %s%n",
                duration(t1 - t0, target.value().length),
                identical
                        ? "read back byte-identical: the proxy gathered the " + k + " of "
                                + target.placement().size()
                                + " shards the surviving functions still hold and the client decoded the value (shards "
                                + lost + " were lost)"
                        : mismatch(target.value(), read));
        FleetSnapshot after = settle(lambda);
        out.printf(
                Locale.ROOT,
                "  instances used: %d (%d cold starts); billed %.3f GB-s%n",
                after.usedSince(before).size(),
                after.coldStartsSince(before),
                after.gbSeconds() - before.gbSeconds());
        return identical ? 0 : 1;
    }

    /**
     * Lambda bills an invocation when it returns; nodes return once idle for --idle-return-ms.
     * Waiting for that puts every invocation of the step on the bill.
     */
    private FleetSnapshot settle(LocalLambdaService lambda) {
        long deadline = System.nanoTime() + (idleReturnMs + 30_000) * 1_000_000;
        FleetSnapshot now = FleetSnapshot.of(lambda);
        while (!now.settled() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = FleetSnapshot.of(lambda);
        }
        return now;
    }

    /** What went wrong with a read-back, for the report. */
    private static String mismatch(byte[] expected, StoredValue read) {
        if (read == null) {
            return "MISMATCH: the store reported no value (a miss)";
        }
        byte[] actual = read.value();
        if (actual.length != expected.length) {
            return "MISMATCH: " + actual.length + " bytes came back, " + expected.length + " were written";
        }
        return "MISMATCH: first differing byte at offset " + Arrays.mismatch(expected, actual);
    }

    private String describePlacement(List<String> placement, long length) {
        if (placement == null) {
            return "kept whole in the proxy small-value tier (no function invoked)";
        }
        int k = placement.size() - parityShards;
        long shardBytes = (length + k - 1) / k;
        StringBuilder text = new StringBuilder(
                String.format(Locale.ROOT, "RS(%d+%d), %s each:", k, parityShards, human(shardBytes)));
        for (int shard = 0; shard < placement.size(); shard++) {
            text.append(' ')
                    .append(shard)
                    .append(shard < k ? "" : "(p)")
                    .append("->")
                    .append(placement.get(shard).replace(ProxySettings.DEFAULTS.functionPrefix(), "node-"));
        }
        return text.toString();
    }

    private static String instanceList(List<InstanceInfo> used) {
        List<String> names = new ArrayList<>();
        for (InstanceInfo info : used) {
            names.add(info.function().replace(ProxySettings.DEFAULTS.functionPrefix(), "node-") + "/"
                    + shortId(info.id()));
        }
        return String.join(" ", names);
    }

    private static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(id.length() - 8);
    }

    private static String duration(long nanos, long bytes) {
        double ms = nanos / 1e6;
        double mibPerSecond = bytes / 1048576.0 / (nanos / 1e9);
        return bytes >= (1 << 20)
                ? String.format(Locale.ROOT, "%.0f ms (%.1f MiB/s)", ms, mibPerSecond)
                : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static String human(long bytes) {
        if (bytes >= (1 << 20)) {
            return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
        }
        return bytes >= 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) : bytes + " B";
    }

    /** A value kept to read again after losing nodes; {@code placement} is null when inline. */
    private record Retained(byte[] key, byte[] value, List<String> placement) {}

    /**
     * A line every two seconds while a large value moves, so a long step shows it is alive; small
     * values finish first and print nothing.
     */
    private static final class Progress implements AutoCloseable {
        private static final long LARGE_BYTES = 8L << 20;
        private final java.util.concurrent.ScheduledExecutorService ticker;

        private Progress(java.util.concurrent.ScheduledExecutorService ticker) {
            this.ticker = ticker;
        }

        static Progress every(PrintWriter out, String what, long bytes) {
            if (bytes < LARGE_BYTES) {
                return new Progress(null);
            }
            long started = System.nanoTime();
            java.util.concurrent.ScheduledExecutorService ticker =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "mayfly-demo-progress");
                        t.setDaemon(true);
                        return t;
                    });
            ticker.scheduleAtFixedRate(
                    () -> {
                        out.printf(
                                Locale.ROOT, "  ... %s under way, %.0f s%n", what, (System.nanoTime() - started) / 1e9);
                        out.flush();
                    },
                    2,
                    2,
                    java.util.concurrent.TimeUnit.SECONDS);
            return new Progress(ticker);
        }

        @Override
        public void close() {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
    }
}
