package io.mayfly.proxy;

import io.mayfly.protocol.auth.AuthToken;
import io.mayfly.proxy.metrics.MetricsEndpoint;
import io.mayfly.proxy.node.BillingWindow;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar proxy/target/mayfly-proxy.jar}: a standalone proxy for remote clients. */
@Command(
        name = "mayfly-proxy",
        mixinStandardHelpOptions = true,
        description = "Runs a Mayfly proxy: clients connect on --client-port, functions dial back on --node-port.")
public final class ProxyMain implements Callable<Integer> {

    private static final ProxySettings D = ProxySettings.DEFAULTS;

    @Option(names = "--bind-host", description = "Address both listeners bind to (default ${DEFAULT-VALUE}).")
    String bindHost = D.bindHost();

    @Option(
            names = "--client-bind-host",
            description = "Address the client listener binds to (default: --bind-host). Not loopback needs a token.")
    @Nullable
    String clientBindHost;

    @Option(
            names = "--node-bind-host",
            description = "Address the node listener binds to: where the functions reach it (default: --bind-host).")
    @Nullable
    String nodeBindHost;

    @Option(
            names = "--auth-token-file",
            paramLabel = "FILE",
            description = "The clients' shared secret (one line, at least 16 characters); or set the environment"
                    + " variable MAYFLY_AUTH_TOKEN. Required unless the client listener is on loopback.")
    @Nullable
    Path authTokenFile;

    @Option(
            names = "--insecure-no-auth",
            description = "Serve clients with no token on a non-loopback address: anyone who reaches the port"
                    + " can read and delete every value.")
    boolean insecureNoAuth;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain of the proxy (TLS).")
    @Nullable
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8) of --tls-cert.")
    @Nullable
    Path tlsKey;

    @Option(
            names = "--tls",
            split = ",",
            paramLabel = "LISTENER",
            description = "Listeners that speak TLS: client, node (default with --tls-cert: both).")
    @Nullable
    List<String> tlsListeners;

    /** Where the opt-out warning goes (a field so tests can read it). */
    java.io.PrintStream warnings = System.err;

    /** The environment, for MAYFLY_AUTH_TOKEN (a field so tests can give their own). */
    java.util.function.Function<String, String> environment = System::getenv;

    @Option(names = "--client-port", description = "Port for clients, 0 picks one (default ${DEFAULT-VALUE}).")
    int clientPort = D.clientPort();

    @Option(names = "--node-port", description = "Port functions dial back to (default ${DEFAULT-VALUE}).")
    int nodePort = D.nodePort();

    @Option(
            names = "--advertised-host",
            description =
                    "Host the functions are told to dial: this machine as they see it (default ${DEFAULT-VALUE}).")
    String advertisedHost = D.advertisedHost();

    @Option(names = "--pool-size", description = "Number of functions N (default ${DEFAULT-VALUE}).")
    int poolSize = D.poolSize();

    @Option(
            names = "--function-prefix",
            description = "Functions are <prefix>0..<prefix>N-1 (default ${DEFAULT-VALUE}).")
    String functionPrefix = D.functionPrefix();

    @Option(names = "--function-memory-mb", description = "Memory of each function (default ${DEFAULT-VALUE}).")
    int functionMemoryMb = D.functionMemoryMb();

    @Option(
            names = "--node-overhead-mb",
            description = "Memory a node keeps for itself (default: a quarter of the function memory + 80).")
    @Nullable
    Integer nodeOverheadMb;

    @Option(
            names = {"-k", "--data-shards"},
            description = "Default data shards k (default ${DEFAULT-VALUE}).")
    int dataShards = D.dataShards();

    @Option(
            names = {"-r", "--parity-shards"},
            description = "Default parity shards r (default ${DEFAULT-VALUE}).")
    int parityShards = D.parityShards();

    @Option(
            names = "--small-value-threshold-bytes",
            description = "Largest value kept whole in the proxy, 0 for none (default ${DEFAULT-VALUE}).")
    long smallValueThresholdBytes = D.smallValueThresholdBytes();

    @Option(
            names = "--small-tier-capacity-bytes",
            description = "Bound of the small-value tier (default ${DEFAULT-VALUE}).")
    long smallTierCapacityBytes = D.smallTierCapacityBytes();

    @Option(
            names = "--pinned-max-bytes",
            description = "Bound of all pinned (never evicted) values together (default: a tenth of the small tier).")
    @Nullable
    Long pinnedMaxBytes;

    @Option(names = "--segment-cap-bytes", description = "Largest segment on the wire (default ${DEFAULT-VALUE}).")
    int segmentCapBytes = D.segmentCapBytes();

    @Option(
            names = "--dial-back-timeout-ms",
            description = "Wait for an invoked node to connect (default ${DEFAULT-VALUE}).")
    long dialBackTimeoutMs = D.dialBackTimeoutMs();

    @Option(names = "--shard-timeout-ms", description = "Wait for a node's answer (default ${DEFAULT-VALUE}).")
    long shardTimeoutMs = D.shardTimeoutMs();

    @Option(
            names = "--billing-window-ms",
            description = "Billing window: nodes return just before its boundaries, and local functions are"
                    + " billed in it (1 as AWS today, 100 as in the InfiniCache paper; default ${DEFAULT-VALUE}).")
    long billingWindowMs = D.billing().billingWindowMs();

    @Option(
            names = "--idle-return-ms",
            description =
                    "A node returns after this long idle; 0: when its last request ends (default ${DEFAULT-VALUE}).")
    long idleReturnMs = D.billing().idleReturnMs();

    @Option(
            names = "--burst-linger-ms",
            description = "A node whose last --burst-requests requests came within this long stays this long"
                    + " idle instead of --idle-return-ms; 0: never (default ${DEFAULT-VALUE}).")
    long burstLingerMs = D.billing().burstLingerMs();

    @Option(
            names = "--burst-requests",
            description = "How many requests within --burst-linger-ms make a burst (default ${DEFAULT-VALUE}).")
    int burstRequests = D.billing().burstRequests();

    @Option(names = "--max-serve-ms", description = "Longest one invocation serves (default ${DEFAULT-VALUE}).")
    long maxServeMs = D.billing().maxServeMs();

    @Option(
            names = "--warmup-interval-ms",
            description =
                    "Invoke a node idle this long with the warm-up command, 0 for never (default ${DEFAULT-VALUE}).")
    long warmupIntervalMs = D.warmupIntervalMs();

    @Option(
            names = "--backup-interval-ms",
            description =
                    "Delta-sync each node holding data onto a second instance this often, 0 for never (default ${DEFAULT-VALUE}).")
    long backupIntervalMs = D.backupIntervalMs();

    @Option(
            names = "--repair-enabled",
            negatable = true,
            fallbackValue = "true",
            description = "Rebuild lost shards: read repair and proactive repair (default ${DEFAULT-VALUE}).")
    boolean repairEnabled = D.repairEnabled();

    @Option(
            names = "--repair-rate-bytes-per-second",
            description = "Bound on the shard bytes repair and backup move per second (default ${DEFAULT-VALUE}).")
    long repairRateBytesPerSecond = D.repairRateBytesPerSecond();

    @Option(
            names = "--max-client-connections",
            description = "Client connections open at once; past it a new one is refused (default ${DEFAULT-VALUE}).")
    int maxClientConnections = ConnectionLimits.DEFAULTS.maxClientConnections();

    @Option(
            names = "--max-requests-in-flight",
            description = "Unanswered requests one client connection may have (default ${DEFAULT-VALUE}).")
    int maxRequestsInFlight = ConnectionLimits.DEFAULTS.maxRequestsInFlight();

    @Option(
            names = "--max-bytes-in-flight-per-connection",
            description = "Bytes one client connection may hold in the proxy: inline put bytes not yet committed"
                    + " and get bytes it has not read; gets are paced to stay within it (default ${DEFAULT-VALUE}).")
    long maxBytesInFlightPerConnection = ConnectionLimits.DEFAULTS.maxBytesInFlightPerConnection();

    @Option(
            names = "--auth-timeout-ms",
            description = "From connect until a session is authenticated, on both ports (default ${DEFAULT-VALUE}).")
    long authTimeoutMs = ConnectionLimits.DEFAULTS.authTimeoutMs();

    @Option(
            names = "--idle-timeout-ms",
            description = "Close a client connection idle this long, 0 for never (default ${DEFAULT-VALUE}).")
    long idleTimeoutMs = ConnectionLimits.DEFAULTS.idleTimeoutMs();

    @Option(
            names = "--buffered-direct-bytes",
            description = "Direct memory all clients' get data (asked of nodes or unread) may hold; gets are paced"
                    + " within it, and a client that stopped reading is closed when others wait for room"
                    + " (default: half of -XX:MaxDirectMemorySize, ${DEFAULT-VALUE} here).")
    long bufferedDirectBytes = ConnectionLimits.DEFAULTS.bufferedDirectBytes();

    @Option(names = "--runtime", description = "local-process | local-in-process | aws (default ${DEFAULT-VALUE}).")
    String runtime = D.runtime().option();

    @Option(names = "--region", description = "AWS region (default ${DEFAULT-VALUE}).")
    String region = D.region();

    @Option(
            names = "--endpoint-url",
            description = "With --runtime aws: the Lambda endpoint to call instead of the region's"
                    + " (a standalone `mayfly local`, a VPC endpoint).")
    @Nullable
    URI endpointUrl;

    @Option(
            names = "--node-handler",
            description = "Function handler class for local runtimes (default ${DEFAULT-VALUE}).")
    String nodeHandler = LocalFunctions.DEFAULT_NODE_HANDLER;

    @Option(
            names = "--node-classpath",
            split = ",",
            description = "Jars/directories of the function code for local runtimes (default: this JVM's class path).")
    List<Path> nodeClasspath = new ArrayList<>();

    @Option(
            names = "--metrics-port",
            description = "Serve /metrics (Prometheus), /health and the pool dashboard on this port; 0 picks one,"
                    + " -1 for none (default ${DEFAULT-VALUE}).")
    int metricsPort = -1;

    @Option(
            names = "--metrics-bind-host",
            description = "Address the metrics port binds to; off loopback it needs --metrics-token-file"
                    + " (default ${DEFAULT-VALUE}).")
    String metricsBindHost = "127.0.0.1";

    @Option(
            names = "--metrics-token-file",
            description = "File holding the bearer token the metrics port asks for (or MAYFLY_METRICS_TOKEN).")
    @Nullable
    Path metricsTokenFile;

    ProxySettings settings() {
        return new ProxySettings(
                clientBindHost != null ? clientBindHost : bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb != null ? nodeOverheadMb : ProxySettings.defaultOverheadMb(functionMemoryMb),
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                new BillingWindow(billingWindowMs, idleReturnMs, maxServeMs, burstLingerMs, burstRequests),
                FunctionRuntime.ofOption(runtime),
                region,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                pinnedMaxBytes != null ? pinnedMaxBytes : ProxySettings.defaultPinnedMaxBytes(smallTierCapacityBytes));
    }

    /** The token, TLS identity and node bind host from the options. */
    ProxySecurity security() {
        String token = null;
        if (authTokenFile != null) {
            token = AuthToken.readFile(authTokenFile, "--auth-token-file");
        } else {
            String fromEnvironment = environment.apply("MAYFLY_AUTH_TOKEN");
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                token = AuthToken.check(fromEnvironment, "the environment variable MAYFLY_AUTH_TOKEN");
            }
        }
        if (token == null && insecureNoAuth) {
            warnings.println("mayfly-proxy: WARNING --insecure-no-auth: clients are not authenticated; anyone who"
                    + " reaches the client port can read, overwrite and delete every value");
        }
        ProxySecurity security = new ProxySecurity(
                token, insecureNoAuth, nodeBindHost != null ? nodeBindHost : bindHost, null, false, false);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key");
        }
        if (tlsCert == null) {
            if (tlsListeners != null && !tlsListeners.isEmpty()) {
                throw new IllegalArgumentException("--tls " + tlsListeners + " needs --tls-cert and --tls-key");
            }
            return security;
        }
        List<String> listeners =
                tlsListeners == null || tlsListeners.isEmpty() ? List.of("client", "node") : tlsListeners;
        for (String l : listeners) {
            if (!l.equals("client") && !l.equals("node")) {
                throw new IllegalArgumentException(
                        "--tls takes client, node or both (comma-separated), not '" + l + "'");
            }
        }
        return security.withTls(
                ProxyTls.load(tlsCert, tlsKey), listeners.contains("client"), listeners.contains("node"));
    }

    ConnectionLimits connectionLimits() {
        return new ConnectionLimits(
                maxClientConnections,
                maxRequestsInFlight,
                maxBytesInFlightPerConnection,
                authTimeoutMs,
                idleTimeoutMs,
                bufferedDirectBytes);
    }

    /** The function code for local runtimes: as given, else lambda-node's jar of this checkout. */
    LocalFunctions.NodeCode nodeCode(FunctionRuntime runtime) {
        if (runtime == FunctionRuntime.AWS || !nodeClasspath.isEmpty() || loadable(nodeHandler)) {
            return new LocalFunctions.NodeCode(nodeHandler, nodeClasspath);
        }
        Path built = Path.of("lambda-node", "target", "mayfly-lambda-node.jar");
        if (java.nio.file.Files.exists(built)) {
            return new LocalFunctions.NodeCode(nodeHandler, List.of(built.toAbsolutePath()));
        }
        throw new IllegalArgumentException("the function handler " + nodeHandler + " is not on this class path"
                + " and " + built + " does not exist: build lambda-node, or pass --node-classpath <its jar>");
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, ProxyMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ProxySettings settings = settings();
        ProxySecurity security = security();
        security.requireAuthOffLoopback(settings.bindHost());
        String metricsToken = metricsToken();
        ProxyStack stack =
                ProxyStack.start(settings, security, connectionLimits(), nodeCode(settings.runtime()), endpointUrl);
        MetricsEndpoint metrics;
        try {
            metrics = metricsPort < 0 ? null : MetricsEndpoint.start(metricsBindHost, metricsPort, metricsToken, stack);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (metrics != null) {
                                metrics.close();
                            }
                            stack.close();
                            stopped.countDown();
                        },
                        "mayfly-proxy-shutdown"));
        // Tools that start the proxy as a child read this line: the ports, and lambda-local's
        // endpoint for its control and billing API when the functions are local.
        System.out.println("mayfly-proxy: clients on " + stack.server().clientAddress() + ", nodes on "
                + stack.server().nodeAddress() + ", runtime "
                + settings.runtime().option() + ", pool of "
                + settings.poolSize()
                + (stack.functions() == null
                        ? ""
                        : ", lambda-local on " + stack.functions().endpoint())
                + (metrics == null ? "" : ", metrics on http://" + metricsBindHost + ":" + metrics.port() + "/"));
        stopped.await();
        return 0;
    }

    private @Nullable String metricsToken() {
        try {
            if (metricsTokenFile != null) {
                return java.nio.file.Files.readString(metricsTokenFile).trim();
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(
                    "cannot read --metrics-token-file " + metricsTokenFile + ": " + e.getMessage(), e);
        }
        String env = System.getenv("MAYFLY_METRICS_TOKEN");
        return env == null || env.isBlank() ? null : env.trim();
    }

    public static void main(String[] args) {
        int code = run(args, new ProxyMain(), new java.io.PrintWriter(System.err, true));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the proxy until it is stopped; returns the exit status (2 for a refused start). */
    static int run(String[] args, ProxyMain main, java.io.PrintWriter err) {
        CommandLine cli = new CommandLine(main);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("mayfly-proxy: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }
}
