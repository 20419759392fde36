package io.mayfly.lambda.local;

import io.mayfly.lambda.local.billing.BillingMeter;
import io.mayfly.lambda.local.billing.InvocationLabeler;
import io.mayfly.lambda.local.control.ControlApiRoute;
import io.mayfly.lambda.local.control.InstanceControl;
import io.mayfly.lambda.local.functions.FunctionsApi;
import io.mayfly.lambda.local.functions.FunctionsApiRoute;
import io.mayfly.lambda.local.http.ServiceHttpServer;
import io.mayfly.lambda.local.instance.InstanceFleet;
import io.mayfly.lambda.local.invoke.InvokeApiRoute;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Lambda service: the real Invoke API and the functions' control plane (CreateFunction
 * and its kin) on a loopback port, so that AWS SDK code runs unchanged against it with
 * {@code endpointOverride(service.endpoint())}, and function instances run as child JVMs (the
 * official runtime interface client) or as threads. Functions are registered from Java or
 * created through the API.
 *
 * <pre>{@code
 * try (LocalLambdaService lambda = LocalLambdaService.builder().start()) {
 *     lambda.register(FunctionDefinition.builder("mayfly-node-0", "io.mayfly.node.NodeHandler")
 *             .memoryMb(1536).timeout(Duration.ofMinutes(15))
 *             .instanceMode(InstanceMode.PROCESS).classpath(Path.of("lambda-node/target/node.jar"))
 *             .build());
 *     LambdaAsyncClient client = LambdaAsyncClient.builder().endpointOverride(lambda.endpoint())...;
 * }
 * }</pre>
 */
public final class LocalLambdaService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalLambdaService.class);
    // Far above every Lambda limit: bodies up to this are read whole and refused with the exact
    // limit by the Invoke API; beyond it the connection is refused while the body streams in.
    private static final int MAX_HTTP_BODY_BYTES = 64 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Path workDirectory;
    private final boolean ownsLogDirectory;
    private final Path logDirectory;
    private final BillingMeter billing;
    private final InstanceFleet fleet;
    private final InstanceControl control;
    private final ExecutorService controlWorker;
    private final ScheduledExecutorService functionsWorker;
    private final FunctionsApi functionsApi;
    private final ServiceHttpServer http;
    // Child JVMs outlive a JVM that exits without close(); the hook ends them on a normal exit.
    private final Thread shutdownHook = new Thread(this::close, "lambda-local-shutdown");
    private volatile boolean closed;

    private LocalLambdaService(Builder b) throws IOException, InterruptedException {
        this.group = new MultiThreadIoEventLoopGroup(b.eventLoopThreads, NioIoHandler.newFactory());
        try {
            this.workDirectory = Files.createTempDirectory("lambda-local-");
            Path givenLogs = b.logDirectory;
            this.ownsLogDirectory = givenLogs == null;
            this.logDirectory = givenLogs == null ? workDirectory.resolve("logs") : givenLogs;
            this.billing = new BillingMeter(b.billingGranularity, b.invocationLabeler);
            this.fleet = new InstanceFleet(new InstanceFleet.Settings(
                    group,
                    billing,
                    logDirectory,
                    workDirectory,
                    b.javaExecutable,
                    b.initTimeout,
                    b.region,
                    b.accountId));
            this.control = new InstanceControl(fleet);
            this.controlWorker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lambda-local-control");
                t.setDaemon(true);
                return t;
            });
            this.functionsWorker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lambda-local-functions");
                t.setDaemon(true);
                return t;
            });
            this.functionsApi = new FunctionsApi(
                    fleet,
                    new FunctionsApi.Settings(b.createdInstanceMode, b.stateTransitionDelay, b.createdConcurrencyLimit),
                    workDirectory.resolve("functions"),
                    functionsWorker);
            this.http = ServiceHttpServer.bind(
                    group,
                    b.port,
                    MAX_HTTP_BODY_BYTES,
                    InvokeApiRoute.oversizedBody(),
                    List.of(
                            new InvokeApiRoute(fleet, functionsApi::invokeRefusal),
                            new FunctionsApiRoute(functionsApi),
                            new ControlApiRoute(control, billing, controlWorker)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        log.info("local Lambda service on {}", endpoint());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A service with every default: an ephemeral loopback port, 1 ms billing. */
    public static LocalLambdaService start() {
        return builder().start();
    }

    /** Registers a function; its instances start on demand, at its first invocation. */
    public void register(FunctionDefinition function) {
        Objects.requireNonNull(function, "function");
        fleet.register(function);
    }

    /** Removes a function and kills its instances; false if it was not registered. */
    public boolean deregister(String functionName) {
        return fleet.deregister(functionName);
    }

    public List<FunctionDefinition> functions() {
        return fleet.functions();
    }

    /** The URI to give the AWS SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.port());
    }

    public int port() {
        return http.port();
    }

    public String functionArn(String functionName) {
        return fleet.functionArn(functionName);
    }

    public BillingMeter billing() {
        return billing;
    }

    public InstanceControl control() {
        return control;
    }

    /** Where process-mode instances write their stdout and stderr, one file per instance. */
    public Path logDirectory() {
        return logDirectory;
    }

    /** Kills every instance, closes every port; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or will run; close() is idempotent.
            }
        }
        http.close();
        functionsWorker.shutdownNow();
        try {
            functionsWorker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fleet.close();
        functionsApi.close();
        controlWorker.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        // The work directory holds the JNI library, task roots and (by default) the logs.
        deleteQuietly(workDirectory);
        log.info("local Lambda service closed");
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A leftover temp file is harmless; the OS cleans its temp directory.
                }
            });
        } catch (IOException ignored) {
            // Same: best effort.
        }
    }

    /** Settings of the service (not of a function). */
    public static final class Builder {
        private int port;
        private Duration billingGranularity = Duration.ofMillis(1);
        private @Nullable Path logDirectory;
        private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
        private Duration initTimeout = Duration.ofSeconds(60);
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private int eventLoopThreads = 2;
        private InvocationLabeler invocationLabeler = InvocationLabeler.NONE;
        private InstanceMode createdInstanceMode = InstanceMode.IN_PROCESS;
        private Duration stateTransitionDelay = Duration.ZERO;
        private int createdConcurrencyLimit = 100;

        private Builder() {}

        /** Loopback port; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not a TCP port: use 0..65535 (0 picks one)");
            }
            this.port = port;
            return this;
        }

        /** Billed duration is rounded up to this; 1 ms as on AWS today, 100 ms as in the InfiniCache paper. */
        public Builder billingGranularity(Duration granularity) {
            this.billingGranularity = Objects.requireNonNull(granularity);
            return this;
        }

        /** Keep process-mode instance logs here; by default they go to a temp directory removed on close. */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = logDirectory;
            return this;
        }

        /** The java launcher for process-mode instances; default this JVM's. */
        public Builder javaExecutable(Path javaExecutable) {
            this.javaExecutable = Objects.requireNonNull(javaExecutable);
            return this;
        }

        /**
         * How long a cold start may take before the invocation that caused it fails; default 60 s
         * (Lambda allows 10 s, but 16 JVMs starting at once on 2 cores took 16 s here).
         */
        public Builder initTimeout(Duration initTimeout) {
            if (initTimeout.isNegative() || initTimeout.isZero()) {
                throw new IllegalArgumentException("init timeout " + initTimeout + " must be positive");
            }
            this.initTimeout = initTimeout;
            return this;
        }

        /** Region and account in the ARNs handed to functions; default us-east-1 and 000000000000. */
        public Builder arnParts(String region, String accountId) {
            this.region = Objects.requireNonNull(region);
            this.accountId = Objects.requireNonNull(accountId);
            return this;
        }

        /** Labels each billed invocation from its payload (by purpose); default every one is "invoke". */
        public Builder invocationLabeler(InvocationLabeler labeler) {
            this.invocationLabeler = Objects.requireNonNull(labeler, "labeler");
            return this;
        }

        /** How functions created through the control plane (CreateFunction) run; default in-process. */
        public Builder createdFunctionMode(InstanceMode mode) {
            this.createdInstanceMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * How long a function created or updated through the control plane stays Pending or
         * InProgress before its change takes effect; default 0 (the change still completes after
         * the API call returns, as on AWS).
         */
        public Builder stateTransitionDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("state transition delay " + delay + " is negative: use 0 or more");
            }
            this.stateTransitionDelay = delay;
            return this;
        }

        /** The instance limit of a created function without reserved concurrency; default 100. */
        public Builder createdConcurrencyLimit(int limit) {
            if (limit < 1 || limit > FunctionDefinition.MAX_CONCURRENCY) {
                throw new IllegalArgumentException(
                        "concurrency limit " + limit + " is outside 1.." + FunctionDefinition.MAX_CONCURRENCY);
            }
            this.createdConcurrencyLimit = limit;
            return this;
        }

        public Builder eventLoopThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("event loop threads " + threads + " must be at least 1");
            }
            this.eventLoopThreads = threads;
            return this;
        }

        public LocalLambdaService start() {
            try {
                return new LocalLambdaService(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the local Lambda service: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the local Lambda service", e);
            }
        }
    }
}
