package io.mayfly.benchmarks.load;

import io.mayfly.benchmarks.billing.BillingSimulator;
import io.mayfly.benchmarks.billing.ReturnPolicy;
import io.mayfly.benchmarks.billing.ServiceLog;
import io.mayfly.benchmarks.billing.TraceTimeCost;
import io.mayfly.benchmarks.cost.CostComparison;
import io.mayfly.benchmarks.cost.ElastiCacheCostModel;
import io.mayfly.benchmarks.cost.ElastiCachePriceTable;
import io.mayfly.benchmarks.cost.FixedCostSources;
import io.mayfly.benchmarks.cost.KeepAliveMeasurement;
import io.mayfly.benchmarks.cost.LambdaBilling;
import io.mayfly.benchmarks.cost.LambdaBillingReader;
import io.mayfly.benchmarks.cost.LambdaPrices;
import io.mayfly.benchmarks.cost.MayflyCostModel;
import io.mayfly.benchmarks.cost.MayflyDeployment;
import io.mayfly.benchmarks.report.ComparisonReport;
import io.mayfly.benchmarks.report.HtmlReport;
import io.mayfly.benchmarks.report.TextReport;
import io.mayfly.benchmarks.targets.CacheTarget;
import io.mayfly.benchmarks.targets.JCacheTarget;
import io.mayfly.benchmarks.targets.RedisTarget;
import io.mayfly.benchmarks.targets.TargetUnavailableException;
import io.mayfly.benchmarks.trace.CsvTraceReader;
import io.mayfly.benchmarks.trace.MalformedTraceException;
import io.mayfly.benchmarks.trace.SyntheticTraceGenerator;
import io.mayfly.benchmarks.trace.SyntheticTraceSpec;
import io.mayfly.benchmarks.trace.Trace;
import io.mayfly.benchmarks.trace.TraceShape;
import io.mayfly.proxy.node.BillingWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replays one workload against each target in turn (same keys, same order), prints a table and
 * writes an HTML report with latency CDFs and the cost comparison with ElastiCache.
 */
@Command(
        name = "load-driver",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Replays a cache trace against Redis (started here) and any JCache provider, and compares"
                    + " latency, throughput, hit ratio, bytes stored and cost (Mayfly on Lambda vs ElastiCache)."
        })
public final class LoadDriver implements Callable<Integer> {

    /** The synthetic trace's knobs; defaults and sources in {@link SyntheticTraceSpec}. */
    static final class SyntheticOptions {
        final SyntheticTraceSpec d = SyntheticTraceSpec.defaults();

        @Option(names = "--seed", description = "Random seed; same seed, same trace (default ${DEFAULT-VALUE}).")
        long seed = d.seed();

        @Option(
                names = "--total-bytes",
                converter = ByteSizeConverter.class,
                description = "Footprint to generate (ours: memory cap; default 1GiB).")
        long totalBytes = d.totalBytes();

        @Option(
                names = "--min-object-bytes",
                converter = ByteSizeConverter.class,
                description = "Smallest object (ours, default 1B: with 256MiB, 9 decades as in the paper).")
        long minObjectBytes = d.minObjectBytes();

        @Option(
                names = "--large-threshold-bytes",
                converter = ByteSizeConverter.class,
                description = "Large = above this (paper: 10MB).")
        long largeThresholdBytes = d.largeThresholdBytes();

        @Option(
                names = "--max-object-bytes",
                converter = ByteSizeConverter.class,
                description = "Largest object (ours: memory cap, default 256MiB).")
        long maxObjectBytes = d.maxObjectBytes();

        @Option(names = "--large-object-fraction", description = "Share of objects that are large (paper: 0.20).")
        double largeObjectFraction = d.largeObjectFraction();

        @Option(names = "--large-bytes-share", description = "Share of bytes in large objects (paper: ~0.95).")
        double largeBytesShare = d.largeBytesShare();

        @Option(
                names = "--read10-fraction",
                description = "Share of objects read 10+ times (paper: over 0.30;" + " default ${DEFAULT-VALUE}).")
        double read10Fraction = d.read10Fraction();

        @Option(names = "--max-reads", description = "Most reads of one object (ours, default ${DEFAULT-VALUE}).")
        int maxReads = d.maxReads();

        @Option(
                names = "--reuse-within-hour-fraction",
                description = "Share of re-read objects read again within an"
                        + " hour (paper: 0.35-0.45; default ${DEFAULT-VALUE}).")
        double reuseWithinHourFraction = d.reuseWithinHourFraction();

        @Option(names = "--hot-reuse-mean-minutes", description = "Mean gap of within-the-hour re-reads (ours).")
        double hotReuseMeanMinutes = d.hotReuseMeanMinutes();

        @Option(
                names = "--cold-reuse-extra-mean-hours",
                description = "Mean gap beyond an hour of other re-reads" + " (ours).")
        double coldReuseExtraMeanHours = d.coldReuseExtraMeanHours();

        SyntheticTraceSpec spec(double traceHours) {
            return new SyntheticTraceSpec(
                    seed,
                    traceHours,
                    totalBytes,
                    minObjectBytes,
                    largeThresholdBytes,
                    maxObjectBytes,
                    largeObjectFraction,
                    largeBytesShare,
                    read10Fraction,
                    maxReads,
                    reuseWithinHourFraction,
                    hotReuseMeanMinutes,
                    coldReuseExtraMeanHours);
        }
    }

    /** The Mayfly deployment and prices for the cost model; defaults are the paper's setup. */
    static final class CostOptions {
        final MayflyDeployment d = MayflyDeployment.paper();

        @Option(
                names = "--lambda-architecture",
                description = "x86_64 ($0.0000166667/GB-s) or arm64"
                        + " ($0.0000133334/GB-s); both $0.20 per million requests (us-east-1).")
        String architecture = "x86_64";

        @Option(names = "--pool-functions", description = "Functions kept warm (paper: ${DEFAULT-VALUE}).")
        int poolFunctions = d.poolFunctions();

        @Option(names = "--function-memory-mb", description = "Memory per function (paper: ${DEFAULT-VALUE}).")
        int functionMemoryMb = d.functionMemoryMb();

        @Option(names = "--data-shards", description = "k (default ${DEFAULT-VALUE}).")
        int dataShards = d.dataShards();

        @Option(names = "--parity-shards", description = "r (default ${DEFAULT-VALUE}).")
        int parityShards = d.parityShards();

        @Option(
                names = "--request-billed-ms",
                description = "Billed ms per function per request (paper era: one" + " 100 ms cycle).")
        double requestBilledMs = d.requestBilledMs();

        @Option(names = "--warmup-interval-minutes", description = "Warm-up period (default ${DEFAULT-VALUE}).")
        double warmupIntervalMinutes = d.warmupIntervalMinutes();

        @Option(
                names = "--warmup-billed-ms",
                description = "Billed ms per warm-up (default: metered on the"
                        + " jcache target's embedded proxy after its replay, else the paper's one 100 ms cycle).")
        @Nullable
        Double warmupBilledMs;

        @Option(names = "--backup-interval-minutes", description = "Backup period (default ${DEFAULT-VALUE}).")
        double backupIntervalMinutes = d.backupIntervalMinutes();

        @Option(
                names = "--backup-billed-ms",
                description = "Billed ms per backup (default: metered on the"
                        + " jcache target's embedded proxy after its replay, else 1842, calibrated from the paper's $16.51"
                        + " vs $5.41).")
        @Nullable
        Double backupBilledMs;

        @Option(
                names = "--function-threshold-bytes",
                converter = ByteSizeConverter.class,
                description = "Values"
                        + " below this stay in the proxy tier and invoke no function (default 0: all to functions).")
        long functionThresholdBytes = d.functionThresholdBytes();

        @Option(
                names = "--billed-gb-seconds",
                description = "Metered Lambda GB-seconds of serving the replayed"
                        + " requests (e.g. lambda-local's billing meter); replaces the modelled figure. Needs"
                        + " --billed-requests.")
        @Nullable
        Double billedGbSeconds;

        @Option(
                names = "--billed-requests",
                description = "Metered Lambda invocations of serving the replayed" + " requests.")
        @Nullable
        Long billedRequests;

        @Option(
                names = "--billing-url",
                description = "lambda-local's billing meter"
                        + " (http://127.0.0.1:PORT/mayfly-local/billing) of a proxy of your own (--jcache-property"
                        + " mayfly.proxy=HOST:PORT), read before and after the jcache replay. Not needed with the embedded"
                        + " store or jcache-remote: the driver meters those itself.")
        @Nullable
        URI billingUrl;

        @Option(
                names = "--billing-json",
                description = "A saved lambda-local billing report; its totals are the"
                        + " metered billing of the replayed requests.")
        @Nullable
        Path billingJson;

        @Option(
                names = "--elasticache-prices",
                description = "CSV name,memory_gib,usd_per_hour (default: the" + " bundled cache.r5 us-east-1 table).")
        @Nullable
        Path elastiCachePrices;

        @Option(
                names = "--elasticache-node",
                description = "Node type (default ${DEFAULT-VALUE}: 635.61 GiB," + " $10.368/hour).")
        String elastiCacheNode = ElastiCachePriceTable.DEFAULT_NODE;

        @Option(
                names = "--footprint-bytes",
                converter = ByteSizeConverter.class,
                description = "Bytes ElastiCache" + " must hold (default: the trace's peak footprint).")
        @Nullable
        Long footprintBytes;
    }

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before the command runs
    CommandSpec spec;

    /** What the on-demand keep-alive rounds after the jcache replay measured, or null. */
    private @Nullable KeepAliveMeasurement keepAliveMeasured;

    @Option(
            names = "--trace-csv",
            paramLabel = "FILE",
            description = "Replay this CSV trace (timestamp,op,key,size)" + " instead of the synthetic one.")
    @Nullable
    Path traceCsv;

    @Option(
            names = "--trace-hours",
            description = "Real hours the trace covers: the synthetic trace's length"
                    + " (paper: 50), or an override of a CSV trace's first-to-last span. Cost is projected to it.")
    @Nullable
    Double traceHours;

    @Option(
            names = "--time-compression",
            description = "Trace seconds per replay second (default ${DEFAULT-VALUE}:"
                    + " 50 trace hours in 50 s); 0 replays back to back.")
    double timeCompression = 3600;

    @Option(
            names = "--no-read-through",
            negatable = true,
            description = "Whether a GET miss is followed by a PUT" + " of the traced size (default: yes).")
    boolean readThrough = true;

    @Option(
            names = "--target",
            split = ",",
            description = "Targets in order: redis; jcache (Mayfly through"
                    + " javax.cache, by default on the embedded proxy in this JVM); jcache-remote (Mayfly through javax.cache"
                    + " against a proxy JVM the driver starts on loopback and stops). Default: redis.")
    List<String> targets = new ArrayList<>(List.of("redis"));

    @Option(names = "--redis-server", description = "The redis-server executable (default ${DEFAULT-VALUE}).")
    String redisServer = "redis-server";

    @Option(
            names = "--redis-maxmemory-bytes",
            converter = ByteSizeConverter.class,
            description = "Redis maxmemory" + " (default: the trace's footprint + 25%% + 64MiB).")
    @Nullable
    Long redisMaxMemory;

    @Option(
            names = "--jcache-provider",
            description = "CachingProvider class (default: ${DEFAULT-VALUE}; Redisson's is on this class path too).")
    String jcacheProvider = "io.mayfly.jcache.MayflyCachingProvider";

    @Option(names = "--jcache-uri", description = "The provider's configuration URI (default: its default URI).")
    @Nullable
    URI jcacheUri;

    @Option(
            names = "--jcache-property",
            paramLabel = "KEY=VALUE",
            description = "A property for the provider's"
                    + " getCacheManager, repeatable. Mayfly's default store is the embedded proxy with local functions"
                    + " in this JVM (give it the heap: -Xmx6g); mayfly.proxy=HOST:PORT reaches a remote proxy. Unless set"
                    + " here, mayfly.operation-timeout-ms=" + BULK_OPERATION_TIMEOUT_MS
                    + ", as the trace's largest values"
                    + " take seconds on a loaded machine.")
    Map<String, String> jcacheProperties = new LinkedHashMap<>();

    /** Mayfly's 5 s default suits an application's cache calls, not 100+ MiB puts on a shared 2-core box. */
    static final String BULK_OPERATION_TIMEOUT_MS = "60000";

    @Option(
            names = "--jcache-remote-heap",
            description = "-Xmx of the jcache-remote proxy JVM, whose in-process"
                    + " functions hold the shards (default ${DEFAULT-VALUE}).")
    String remoteHeap = "3g";

    @Option(
            names = "--jcache-remote-proxy-args",
            paramLabel = "\"ARGS\"",
            description = "ProxyMain options of the"
                    + " jcache-remote proxy, in one argument (--jcache-remote-proxy-args=\"--pool-size 6 ...\"); default"
                    + " \"${DEFAULT-VALUE}\", as the embedded store.")
    String remoteProxyArgs = "--runtime local-in-process --pool-size 12 --function-memory-mb 256";

    @Option(
            names = "--billing-window-ms",
            description = "Mayfly's billing window: what lambda-local rounds each"
                    + " invocation up to, and the boundary nodes return before. 1 as AWS bills today; 100 for the InfiniCache"
                    + " paper's era (default ${DEFAULT-VALUE}).")
    long billingWindowMs = 1;

    @Option(names = "--jcache-cache-name", description = "Cache name (default ${DEFAULT-VALUE}).")
    String jcacheCacheName = "mayfly-load";

    @Option(names = "--report", description = "HTML report to write (default ${DEFAULT-VALUE}).")
    Path report = Path.of("load-report.html");

    @ArgGroup(
            validate = false,
            heading = "%nSynthetic trace (shaped like the InfiniCache paper's Docker registry" + " trace):%n")
    SyntheticOptions synthetic = new SyntheticOptions();

    @ArgGroup(validate = false, heading = "%nCost model:%n")
    CostOptions cost = new CostOptions();

    public static void main(String[] args) {
        System.exit(run(
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                args));
    }

    /** Runs the driver as the command line would, writing to the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new LoadDriver());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("load-driver: " + e.getMessage());
            line.getErr().flush();
            // Bad input (options, trace file) is a usage error, as picocli reports its own.
            return e instanceof CommandLine.ParameterException ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Trace trace;
        List<SyntheticTraceSpec.Parameter> parameters;
        long largeThreshold = synthetic.largeThresholdBytes;
        double hours;
        if (traceCsv != null) {
            try {
                trace = new CsvTraceReader().read(traceCsv);
            } catch (MalformedTraceException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            parameters = List.of();
            hours = traceHours != null ? traceHours : trace.duration().toNanos() / 3.6e12;
        } else {
            SyntheticTraceSpec s;
            try {
                s = synthetic.spec(
                        traceHours != null
                                ? traceHours
                                : SyntheticTraceSpec.defaults().traceHours());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            trace = new SyntheticTraceGenerator(s).generate();
            parameters = s.parameters();
            hours = s.traceHours();
        }
        long footprint = trace.peakFootprintBytes();
        out.printf(
                Locale.ROOT,
                "%s; footprint %.1f MiB, %d requests%n",
                trace.description(),
                footprint / 1048576.0,
                trace.records().size());
        out.flush();

        mayflyModel();
        elastiCacheModel();
        LambdaBilling given = meteredBilling();
        LambdaBillingReader billingReader = new LambdaBillingReader();
        Replay replay = new Replay(timeCompression, readThrough, err);
        List<TargetResult> results = new ArrayList<>();
        ServiceLog serviceLog = null;
        ReturnPolicy replayedPolicy = null;
        Map<String, LambdaBilling> meteredByTarget = new LinkedHashMap<>();
        for (String name : targets) {
            String kind = name.strip().toLowerCase(Locale.ROOT);
            try (CacheTarget target = open(kind, footprint, trace.maxObjectBytes())) {
                out.printf(Locale.ROOT, "Replaying against %s: %s%n", target.name(), target.description());
                URI meter = target.lambdaBillingUrl().orElse(kind.equals("jcache") ? cost.billingUrl : null);
                if (meter != null) {
                    out.printf(Locale.ROOT, "  metered by lambda-local's billing meter at %s%n", meter);
                }
                out.flush();
                URI soFar = meter == null ? null : LambdaBillingReader.billedSoFar(meter);
                LambdaBilling before = soFar == null ? null : billingReader.fetch(soFar);
                TargetResult replayed = replay.run(trace, target);
                results.add(replayed);
                BillingWindow w = target instanceof JCacheTarget jcache ? jcache.embeddedBilling() : null;
                if (serviceLog == null && replayed.serviceLog().isPresent() && w != null) {
                    serviceLog = replayed.serviceLog().get();
                    replayedPolicy = new ReturnPolicy(
                            w.idleReturnMs(),
                            w.billingWindowMs(),
                            ReturnPolicy.DEFAULT_SERVE_OVERHEAD_MS,
                            w.maxServeMs(),
                            w.burstLingerMs(),
                            w.burstRequests());
                }
                if (soFar != null && before != null) {
                    meteredByTarget.put(
                            target.name(),
                            LambdaBillingReader.between(before, billingReader.fetch(soFar))
                                    .withSource("metered by lambda-local (" + target.name() + ")"));
                }
                // After the replay's reading, so the rounds' invocations are not billed as serving.
                if (kind.equals("jcache") && keepAliveMeasured == null && target instanceof JCacheTarget jcache) {
                    meterKeepAlive(jcache, out);
                }
            }
        }
        // The billing used comes first: given on the command line, else the first metered target's;
        // the others, and the model, follow as cross-checks.
        List<CostComparison> costs = new ArrayList<>();
        if (given != null) {
            costs.add(costOf(trace, hours, footprint, given));
        }
        for (LambdaBilling b : meteredByTarget.values()) {
            costs.add(costOf(trace, hours, footprint, b));
        }
        costs.add(costOf(trace, hours, footprint, null));
        ComparisonReport result = new ComparisonReport(
                trace,
                parameters,
                TraceShape.of(trace, largeThreshold),
                results,
                costs,
                mayflyModel(),
                fixedCostSources(),
                elastiCacheModel(),
                timeCompression,
                serviceLog == null || replayedPolicy == null
                        ? null
                        : traceTimeCost(serviceLog, replayedPolicy, footprint));
        TextReport.print(result, out);
        HtmlReport.write(result, report);
        out.printf(Locale.ROOT, "%nReport: %s%n", report.toAbsolutePath());
        out.flush();
        return 0;
    }

    /** The replayed policy's bill on the trace's clock, on the cost model's deployment and prices. */
    private TraceTimeCost traceTimeCost(ServiceLog log, ReturnPolicy policy, long footprint) {
        MayflyCostModel model = mayflyModel();
        double ecPerHour = elastiCacheModel().usdPerHour(cost.footprintBytes != null ? cost.footprintBytes : footprint);
        return TraceTimeCost.of(new BillingSimulator(log, model.deployment(), model.prices()), policy, ecPerHour);
    }

    private void meterKeepAlive(JCacheTarget target, PrintWriter out) {
        if (cost.warmupBilledMs != null && cost.backupBilledMs != null) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "  metering one on-demand warm-up round and two backup rounds on %s's embedded proxy"
                        + " (a warm-up waits for its node to return, up to its idle-return time)%n",
                target.name());
        out.flush();
        target.meterKeepAlive().ifPresent(m -> {
            keepAliveMeasured = m;
            out.printf(
                    Locale.ROOT,
                    "  keep-alive billed at %d MB: warm-up %s ms (%d), full backup %s ms (%d),"
                            + " delta-sync backup %s ms (%d)%s%n",
                    m.functionMemoryMb(),
                    millis(m.warmupMeanMs()),
                    m.warmups(),
                    millis(m.fullBackupMeanMs()),
                    m.fullBackups(),
                    millis(m.backupMeanMs()),
                    m.backups(),
                    m.note().isEmpty() ? "" : "; " + m.note());
            out.flush();
        });
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.1f", ms);
    }

    /** Which per-invocation billed ms the fixed cost uses: given, else metered, else the paper's. */
    private FixedCostSources fixedCostSources() {
        KeepAliveMeasurement m = keepAliveMeasured;
        String warmup = cost.warmupBilledMs != null
                ? "given (--warmup-billed-ms)"
                : m != null && m.hasWarmup() ? KeepAliveMeasurement.METERED : FixedCostSources.MODELLED;
        String backup = cost.backupBilledMs != null
                ? "given (--backup-billed-ms)"
                : m != null && m.hasBackup() ? KeepAliveMeasurement.METERED : FixedCostSources.MODELLED;
        return new FixedCostSources(warmup, backup, m);
    }

    private double warmupBilledMs() {
        if (cost.warmupBilledMs != null) {
            return cost.warmupBilledMs;
        }
        return keepAliveMeasured != null && keepAliveMeasured.hasWarmup()
                ? keepAliveMeasured.warmupMeanMs()
                : cost.d.warmupBilledMs();
    }

    private double backupBilledMs() {
        if (cost.backupBilledMs != null) {
            return cost.backupBilledMs;
        }
        return keepAliveMeasured != null && keepAliveMeasured.hasBackup()
                ? keepAliveMeasured.backupMeanMs()
                : cost.d.backupBilledMs();
    }

    private CacheTarget open(String name, long footprint, long maxObject) {
        return switch (name) {
            case "redis" ->
                new RedisTarget(
                        redisServer,
                        redisMaxMemory != null ? redisMaxMemory : footprint + footprint / 4 + (64L << 20),
                        maxObject);
            case "jcache" ->
                JCacheTarget.embeddedMayfly(name, jcacheProvider, jcacheUri, jcacheProperties(), jcacheCacheName);
            case "jcache-remote" ->
                JCacheTarget.remoteMayfly(
                        name,
                        jcacheProvider,
                        jcacheUri,
                        jcacheProperties(),
                        jcacheCacheName,
                        remoteHeap,
                        remoteProxyArguments());
            default ->
                throw new TargetUnavailableException(
                        "unknown target \"" + name + "\"; use redis, jcache or jcache-remote");
        };
    }

    private List<String> remoteProxyArguments() {
        List<String> arguments = new ArrayList<>();
        if (!remoteProxyArgs.isBlank()) {
            arguments.addAll(List.of(remoteProxyArgs.strip().split("\\s+")));
        }
        if (!arguments.contains("--billing-window-ms")) {
            arguments.addAll(List.of("--billing-window-ms", Long.toString(billingWindowMs)));
        }
        return arguments;
    }

    private Properties jcacheProperties() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.operation-timeout-ms", BULK_OPERATION_TIMEOUT_MS);
        properties.setProperty("mayfly.embedded.billing-window-ms", Long.toString(billingWindowMs));
        properties.putAll(jcacheProperties);
        return properties;
    }

    /** Metered billing given up front (options or a saved report), or null. */
    private @Nullable LambdaBilling meteredBilling() throws IOException {
        if ((cost.billedGbSeconds == null) != (cost.billedRequests == null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--billed-gb-seconds and --billed-requests go together: pass both (metered) or neither (modelled)");
        }
        if (cost.billedGbSeconds != null) {
            return new LambdaBilling(cost.billedGbSeconds, cost.billedRequests, "metered (--billed-gb-seconds)");
        }
        if (cost.billingJson != null) {
            try {
                return new LambdaBillingReader()
                        .read(cost.billingJson)
                        .withSource("metered (--billing-json " + cost.billingJson.getFileName() + ")");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        return null;
    }

    private CostComparison costOf(Trace trace, double hours, long footprint, @Nullable LambdaBilling metered) {
        try {
            return CostComparison.of(
                    trace,
                    hours,
                    cost.footprintBytes != null ? cost.footprintBytes : footprint,
                    mayflyModel(),
                    elastiCacheModel(),
                    metered);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private MayflyCostModel mayflyModel() {
        LambdaPrices prices = switch (cost.architecture.toLowerCase(Locale.ROOT)) {
            case "x86_64", "x86" -> LambdaPrices.X86_64;
            case "arm64" -> LambdaPrices.ARM64;
            default ->
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--lambda-architecture " + cost.architecture + " is neither x86_64 nor arm64");
        };
        try {
            return new MayflyCostModel(
                    new MayflyDeployment(
                            cost.poolFunctions,
                            cost.functionMemoryMb,
                            cost.dataShards,
                            cost.parityShards,
                            cost.requestBilledMs,
                            cost.warmupIntervalMinutes,
                            warmupBilledMs(),
                            cost.backupIntervalMinutes,
                            backupBilledMs(),
                            cost.functionThresholdBytes),
                    prices);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private ElastiCacheCostModel elastiCacheModel() {
        try {
            ElastiCachePriceTable table = cost.elastiCachePrices == null
                    ? ElastiCachePriceTable.bundled()
                    : ElastiCachePriceTable.read(cost.elastiCachePrices);
            return new ElastiCacheCostModel(table.row(cost.elastiCacheNode));
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
