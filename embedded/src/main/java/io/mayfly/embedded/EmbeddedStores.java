package io.mayfly.embedded;

import io.mayfly.client.EmbeddedStoreLauncher;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ProxyObjectStore;
import io.mayfly.client.StoreUnavailableException;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.metrics.MetricsEndpoint;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.settings.Setting;
import io.mayfly.settings.SettingsRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a proxy and its function runtime (lambda-local) started in this JVM;
 * small-tier gets and small puts are answered in the caller's thread ({@link EmbeddedObjectStore}),
 * the rest goes over Netty's in-JVM channel; closing the store stops both, then deletes the
 * extracted function code.
 *
 * <p>Settings read (all optional): {@code mayfly.small-value-threshold-bytes} (the embedded proxy
 * keeps values up to this whole, at least 1 MiB), {@code mayfly.data-shards} (10) and
 * {@code mayfly.parity-shards} (2), capped by the pool; {@code mayfly.embedded.pool-size} (12),
 * {@code mayfly.embedded.runtime} (local-in-process | local-process),
 * {@code mayfly.embedded.function-memory-mb} (256, less for in-process nodes when the heap is
 * small), {@code mayfly.embedded.node-overhead-mb} (a quarter of the memory + 80),
 * {@code mayfly.embedded.small-tier-capacity-bytes} (256 MiB),
 * {@code mayfly.embedded.pinned-max-bytes} (a tenth of the small tier),
 * {@code mayfly.embedded.billing-window-ms} (1, as AWS bills; 100 to compare with InfiniCache),
 * {@code mayfly.embedded.idle-return-ms} (100; 0: a node returns when its last request ends),
 * {@code mayfly.embedded.burst-linger-ms} (10000; 0: never) and
 * {@code mayfly.embedded.burst-requests} (3): a node whose last 3 requests came within 10 s stays
 * 10 s idle instead,
 * {@code mayfly.embedded.dashboard-port} (the proxy's
 * metrics, health and pool dashboard on a loopback port; 0 picks one, -1 for none, the default),
 * {@code mayfly.embedded.node-handler} and
 * {@code mayfly.embedded.node-classpath} (comma list; by default the lambda-node jar bundled in
 * this artifact, see {@link EmbeddedFunctionCode}).
 */
public final class EmbeddedStores implements EmbeddedStoreLauncher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStores.class);

    /** How long opening the store waits for the functions' first start (child JVMs on a busy machine included). */
    static final Duration WARM_POOL_WAIT = Duration.ofMinutes(2);

    @Override
    public ObjectStore open(Map<String, String> settings, long operationTimeoutMs, int segmentCapBytes) {
        ProxySettings proxySettings = proxySettings(settings, segmentCapBytes);
        int dashboardPort = (int) read(settings, SettingsRegistry.EMBEDDED_DASHBOARD_PORT, -1);
        EmbeddedFunctionCode code = EmbeddedFunctionCode.of(settings);
        try {
            return start(proxySettings, code.nodeCode(), operationTimeoutMs, code, dashboardPort);
        } catch (RuntimeException e) {
            code.close();
            throw e;
        }
    }

    /** Starts a proxy with these settings on this function code; closing the store stops it. */
    public static ObjectStore start(
            ProxySettings proxySettings, LocalFunctions.NodeCode code, long operationTimeoutMs) {
        return start(proxySettings, code, operationTimeoutMs, () -> {}, -1);
    }

    /**
     * @param codeFiles closed after the functions stop (the extracted function code)
     * @param dashboardPort the loopback port of the proxy's metrics and dashboard, 0 for any, -1 for none
     */
    static ObjectStore start(
            ProxySettings proxySettings,
            LocalFunctions.NodeCode code,
            long operationTimeoutMs,
            AutoCloseable codeFiles,
            int dashboardPort) {
        ProxyStack stack = ProxyStack.start(proxySettings, code);
        MetricsEndpoint dashboard = null;
        try {
            awaitWarmPool(stack);
            if (dashboardPort >= 0) {
                dashboard = MetricsEndpoint.start("127.0.0.1", dashboardPort, null, stack);
            }
            ProxyObjectStore channel = ProxyObjectStore.inJvm(
                    Objects.requireNonNull(stack.server().localAddress(), "the embedded proxy listens in this JVM"),
                    operationTimeoutMs,
                    proxySettings.segmentCapBytes(),
                    new EmbeddedStack(stack, codeFiles, dashboard));
            connect(channel, stack);
            return new EmbeddedObjectStore(channel, stack.direct());
        } catch (RuntimeException e) {
            if (dashboard != null) {
                dashboard.close();
            }
            stack.close();
            throw e;
        }
    }

    /**
     * Waits until the proxy has recovered its index, which invokes every function once: their
     * cold starts happen here, while the store opens (not bounded by the operation timeout),
     * instead of inside the first operation, where twelve of them outlast a 5 s timeout on a busy
     * machine. Bounded: past {@link #WARM_POOL_WAIT} the first operations wait for the rest at the
     * proxy, as before.
     */
    private static void awaitWarmPool(ProxyStack stack) {
        try {
            stack.server().recovered().get(WARM_POOL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn(
                    "the embedded proxy's functions did not all start within {}; the first operations wait for them",
                    WARM_POOL_WAIT);
        } catch (ExecutionException e) {
            log.warn("the embedded proxy's recovery failed: {}", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the embedded proxy's functions started", e);
        }
    }

    /**
     * Opens the channel's connections now, while the store opens: the key spaces bound their calls
     * (and JCache runs them in the caller's thread) once every connection is up, and the direct path
     * leaves the connections nothing to do for most calls. Skipped while the proxy still recovers
     * (its handshake would wait for it); then they open on first use, as before.
     */
    private static void connect(ProxyObjectStore channel, ProxyStack stack) {
        if (!stack.server().recovered().isDone()) {
            return;
        }
        try {
            channel.connectAll();
        } catch (StoreUnavailableException e) {
            log.warn("the embedded store's connections did not open: {}", e.getMessage());
        }
    }

    /** The embedded proxy's dashboard and metrics endpoint, or null when none was asked for. */
    public static @Nullable MetricsEndpoint dashboardOf(ObjectStore store) {
        EmbeddedStack embedded = embeddedStack(store);
        return embedded == null ? null : embedded.dashboard();
    }

    /** The embedded proxy and its runtime behind a store, or null for a remote store. */
    public static @Nullable ProxyStack proxyOf(ObjectStore store) {
        EmbeddedStack embedded = embeddedStack(store);
        return embedded == null ? null : embedded.stack();
    }

    private static @Nullable EmbeddedStack embeddedStack(ObjectStore store) {
        ObjectStore channel = store instanceof EmbeddedObjectStore embedded ? embedded.channel() : store;
        return channel instanceof ProxyObjectStore proxyStore ? proxyStore.owned(EmbeddedStack.class) : null;
    }

    /** The embedded proxy's settings from a cache manager's settings. */
    public static ProxySettings proxySettings(Map<String, String> settings, int segmentCap) {
        int pool = (int) read(settings, SettingsRegistry.EMBEDDED_POOL_SIZE, 0);
        FunctionRuntime runtime = FunctionRuntime.ofOption(Objects.requireNonNull(
                SettingsRegistry.EMBEDDED_RUNTIME.parseString(settings.get(SettingsRegistry.EMBEDDED_RUNTIME.key())),
                "mayfly.embedded.runtime has a default"));
        if (runtime == FunctionRuntime.AWS) {
            throw new IllegalArgumentException("mayfly.embedded.runtime=aws: an embedded proxy runs local"
                    + " functions; for AWS run mayfly-proxy.jar --runtime aws and set mayfly.proxy=host:port");
        }
        int memory = (int) read(settings, SettingsRegistry.EMBEDDED_FUNCTION_MEMORY_MB, 0);
        int overhead = (int)
                read(settings, SettingsRegistry.EMBEDDED_NODE_OVERHEAD_MB, ProxySettings.defaultOverheadMb(memory));
        if (runtime == FunctionRuntime.LOCAL_IN_PROCESS) {
            // In-process nodes share this JVM's heap: keep the pool within half of it.
            long heapMb = Runtime.getRuntime().maxMemory() >> 20;
            int fitting = (int) Math.max(128, Math.min(memory, 2 * (heapMb / 2 / pool)));
            if (fitting < memory) {
                memory = fitting;
                overhead = ProxySettings.defaultOverheadMb(memory);
            }
        }
        int k = (int) Math.min(read(settings, SettingsRegistry.DATA_SHARDS, 0), pool);
        int r = (int) Math.min(read(settings, SettingsRegistry.PARITY_SHARDS, 0), pool - k);
        long threshold = Math.max(1L << 20, read(settings, SettingsRegistry.SMALL_VALUE_THRESHOLD_BYTES, 0));
        ProxySettings d = ProxySettings.DEFAULTS;
        BillingWindow billing = new BillingWindow(
                read(settings, SettingsRegistry.EMBEDDED_BILLING_WINDOW_MS, 0),
                read(settings, SettingsRegistry.EMBEDDED_IDLE_RETURN_MS, 0),
                d.billing().maxServeMs(),
                read(settings, SettingsRegistry.EMBEDDED_BURST_LINGER_MS, 0),
                (int) read(settings, SettingsRegistry.EMBEDDED_BURST_REQUESTS, 0));
        long smallTier = read(settings, SettingsRegistry.EMBEDDED_SMALL_TIER_CAPACITY_BYTES, 0);
        return new ProxySettings(
                        d.bindHost(),
                        -1,
                        0,
                        d.advertisedHost(),
                        pool,
                        d.functionPrefix(),
                        memory,
                        overhead,
                        k,
                        r,
                        threshold,
                        smallTier,
                        segmentCap,
                        d.dialBackTimeoutMs(),
                        d.shardTimeoutMs(),
                        billing,
                        runtime,
                        d.region())
                .withPinnedMaxBytes(read(
                        settings,
                        SettingsRegistry.EMBEDDED_PINNED_MAX_BYTES,
                        ProxySettings.defaultPinnedMaxBytes(smallTier)));
    }

    /** A setting's value, or {@code derivedDefault} when unset and the registry has none. */
    private static long read(Map<String, String> settings, Setting setting, long derivedDefault) {
        String raw = settings.get(setting.key());
        if ((raw == null || raw.isBlank()) && setting.defaultValue() == null) {
            return derivedDefault;
        }
        return setting.parseLong(raw);
    }

    /** The dashboard, the embedded proxy and its runtime, then the files their code was loaded from. */
    record EmbeddedStack(
            ProxyStack stack,
            AutoCloseable codeFiles,
            @Nullable MetricsEndpoint dashboard) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                if (dashboard != null) {
                    dashboard.close();
                }
                stack.close();
            } finally {
                codeFiles.close();
            }
        }
    }
}
