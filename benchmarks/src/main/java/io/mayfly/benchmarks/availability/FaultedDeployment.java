package io.mayfly.benchmarks.availability;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ProxyObjectStore;
import io.mayfly.lambda.local.FunctionDefinition;
import io.mayfly.lambda.local.InstanceMode;
import io.mayfly.lambda.local.LocalLambdaService;
import io.mayfly.lambda.local.fault.ExternalFaults;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.LambdaInvoker;
import io.mayfly.proxy.node.NodePool;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mayfly deployment the fault schedule can hurt: lambda-local with the pool's functions, a proxy
 * that can be restarted on the same ports while the function instances live on (as a proxy
 * process restarting beside AWS Lambda would), and a client store connected over TCP, which
 * reconnects by itself. A restarted proxy rebuilds its index from what the instances still hold,
 * so earlier values stay readable.
 */
final class FaultedDeployment implements ExternalFaults, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaultedDeployment.class);
    private static final String SPACE = "availability";
    private static final long REBIND_GIVE_UP_NANOS = Duration.ofSeconds(10).toNanos();

    private final LocalLambdaService lambda;
    private final ProxySettings settings;
    private final ProxyObjectStore store;
    private final KeySpace space;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile ProxyServer proxy;
    /** The counters of proxies already restarted away. */
    private volatile KeepAliveTotals retired = KeepAliveTotals.ZERO;

    private volatile boolean closed;

    /**
     * @param settings      the proxy's settings (ports 0: chosen at the first start, kept afterwards)
     * @param idleReclaim   lambda-local's idle reclaim of the functions (wall time)
     * @param operationTimeout the client's per-call timeout
     */
    FaultedDeployment(ProxySettings settings, Duration idleReclaim, Duration operationTimeout) {
        this.lambda = LocalLambdaService.builder()
                .invocationLabeler(InvocationPurpose::of)
                .billingGranularity(Duration.ofMillis(settings.billing().billingWindowMs()))
                .start();
        try {
            Duration timeout =
                    Duration.ofMillis(Math.min(900_000, settings.billing().maxServeMs() + 60_000));
            for (String name : NodePool.functionNames(settings.functionPrefix(), settings.poolSize())) {
                lambda.register(FunctionDefinition.builder(name, LocalFunctions.DEFAULT_NODE_HANDLER)
                        .memoryMb(settings.functionMemoryMb())
                        .timeout(timeout)
                        .instanceMode(InstanceMode.IN_PROCESS)
                        // A primary and the second instance a backup invocation starts, as on Lambda.
                        .concurrencyLimit(2)
                        .idleReclaim(idleReclaim)
                        .build());
            }
            ProxyServer first = startProxy(settings);
            this.proxy = first;
            InetSocketAddress clients = Objects.requireNonNull(first.clientAddress(), "the proxy has a client port");
            InetSocketAddress nodes = Objects.requireNonNull(first.nodeAddress(), "the proxy has a node port");
            this.settings = settings.withPorts(clients.getPort(), nodes.getPort());
            this.store = ProxyObjectStore.remote(
                    List.of(InetSocketAddress.createUnresolved("127.0.0.1", clients.getPort())),
                    operationTimeout.toMillis(),
                    2_000,
                    settings.segmentCapBytes());
            this.space = store.keySpace(
                    SPACE, new CodingSettings(settings.dataShards(), settings.parityShards(), 0, 1L << 30));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private ProxyServer startProxy(ProxySettings s) {
        return ProxyServer.start(
                s,
                LambdaInvoker.forEndpoint(
                        lambda.endpoint(), s.region(), s.billing().invocationTimeout(), s.poolSize()));
    }

    KeySpace space() {
        return space;
    }

    LocalLambdaService lambda() {
        return lambda;
    }

    ProxyServer proxy() {
        return proxy;
    }

    List<String> functionNames() {
        return NodePool.functionNames(settings.functionPrefix(), settings.poolSize());
    }

    /** Warm-ups, backups and repair so far, over every proxy of this deployment. */
    KeepAliveTotals keepAlive() {
        synchronized (this) {
            ProxyServer p = proxy;
            return p == null ? retired : retired.plus(KeepAliveTotals.of(p.keepAliveCounters()));
        }
    }

    int restarts() {
        return restarts.get();
    }

    @Override
    public @Nullable String dropConnection(String function) {
        ProxyServer p = proxy;
        return p != null && p.dropNodeConnection(function) ? "dropped the connection of " + function : null;
    }

    /** Stops the proxy and starts a new one on the same ports; the function instances are untouched. */
    @Override
    public synchronized @Nullable String restartProxy() {
        if (closed) {
            return null;
        }
        ProxyServer old = proxy;
        old.close();
        retired = retired.plus(KeepAliveTotals.of(old.keepAliveCounters()));
        long giveUp = System.nanoTime() + REBIND_GIVE_UP_NANOS;
        while (true) {
            try {
                proxy = startProxy(settings);
                break;
            } catch (RuntimeException e) {
                // The old listener's port may linger a moment after close: bounded retries.
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException(
                            "the restarted proxy could not bind ports " + settings.clientPort() + "/"
                                    + settings.nodePort() + " within 10 s: " + e.getMessage(),
                            e);
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
        int n = restarts.incrementAndGet();
        log.info(
                "proxy restarted ({} so far) on client port {}, node port {}",
                n,
                settings.clientPort(),
                settings.nodePort());
        return "restarted the proxy on ports " + settings.clientPort() + "/" + settings.nodePort()
                + " (its index recovered from the nodes)";
    }

    /** Closes the client, the proxy and lambda-local, in that order; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (store != null) {
            store.close();
        }
        ProxyServer p = proxy;
        if (p != null) {
            p.close();
        }
        lambda.close();
    }
}
