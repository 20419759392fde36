package io.mayfly.client;

import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens the proxy-backed store from a cache manager's settings: {@code mayfly.proxy=embedded}
 * (the default) starts a proxy and lambda-local in this JVM; {@code host:port[,host:port...]}
 * connects to remote proxies, choosing one per key by consistent hashing.
 *
 * <p>Settings read (all optional): {@code mayfly.operation-timeout-ms} (5000),
 * {@code mayfly.connect-timeout-ms} (2000), {@code mayfly.segment-cap-bytes} (1 MiB),
 * {@code mayfly.small-value-threshold-bytes} (the embedded proxy keeps values up to this whole,
 * at least 1 MiB), and for embedded mode {@code mayfly.embedded.pool-size} (12),
 * {@code mayfly.embedded.runtime} (local-in-process | local-process),
 * {@code mayfly.embedded.function-memory-mb} (256, less for in-process nodes when the heap is
 * small), {@code mayfly.embedded.node-overhead-mb} (a quarter of the memory + 80),
 * {@code mayfly.embedded.small-tier-capacity-bytes} (256 MiB),
 * {@code mayfly.embedded.billing-window-ms} (1, as AWS bills; 100 to compare with InfiniCache) and
 * {@code mayfly.embedded.idle-return-ms} (1000; 0: a node returns when its last request ends),
 * {@code mayfly.embedded.node-handler} and {@code mayfly.embedded.node-classpath} (comma list;
 * by default the lambda-node jar bundled in this provider, see {@link EmbeddedFunctionCode}).
 */
public final class ProxyStoreFactory implements ObjectStoreFactory {

    @Override
    public ObjectStore open(Map<String, String> settings) {
        String proxy = settings.getOrDefault("mayfly.proxy", "embedded").trim();
        long timeoutMs = number(settings, "mayfly.operation-timeout-ms", 5_000, 1);
        int segmentCap = (int) number(settings, "mayfly.segment-cap-bytes", 1 << 20, 1024);
        if (proxy.equals("embedded")) {
            io.mayfly.proxy.ProxySettings proxySettings = embeddedProxy(settings, segmentCap);
            EmbeddedFunctionCode code = EmbeddedFunctionCode.of(settings);
            try {
                return ProxyObjectStore.embedded(proxySettings, code.nodeCode(), timeoutMs, code);
            } catch (RuntimeException e) {
                code.close();
                throw e;
            }
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String address : proxy.split(",")) {
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("proxy address '" + a
                        + "' is not host:port (mayfly.proxy takes 'embedded' or host:port[,host:port...])");
            }
            addresses.add(InetSocketAddress.createUnresolved(
                    a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
        }
        long connectMs = number(settings, "mayfly.connect-timeout-ms", 2_000, 1);
        return ProxyObjectStore.remote(addresses, timeoutMs, connectMs, segmentCap);
    }

    static ProxySettings embeddedProxy(Map<String, String> settings, int segmentCap) {
        int pool = (int) number(settings, "mayfly.embedded.pool-size", 12, 1);
        FunctionRuntime runtime = FunctionRuntime.ofOption(
                settings.getOrDefault("mayfly.embedded.runtime", FunctionRuntime.LOCAL_IN_PROCESS.option()));
        if (runtime == FunctionRuntime.AWS) {
            throw new IllegalArgumentException("mayfly.embedded.runtime=aws: an embedded proxy runs local"
                    + " functions; for AWS run mayfly-proxy.jar --runtime aws and set mayfly.proxy=host:port");
        }
        int memory = (int) number(settings, "mayfly.embedded.function-memory-mb", 256, 128);
        int overhead =
                (int) number(settings, "mayfly.embedded.node-overhead-mb", ProxySettings.defaultOverheadMb(memory), 0);
        if (runtime == FunctionRuntime.LOCAL_IN_PROCESS) {
            // In-process nodes share this JVM's heap: keep the pool within half of it.
            long heapMb = Runtime.getRuntime().maxMemory() >> 20;
            int fitting = (int) Math.max(128, Math.min(memory, 2 * (heapMb / 2 / pool)));
            if (fitting < memory) {
                memory = fitting;
                overhead = ProxySettings.defaultOverheadMb(memory);
            }
        }
        int k = (int) Math.min(number(settings, "mayfly.data-shards", 10, 1), pool);
        int r = (int) Math.min(number(settings, "mayfly.parity-shards", 2, 0), pool - k);
        long threshold = Math.max(1L << 20, number(settings, "mayfly.small-value-threshold-bytes", 1L << 20, 0));
        ProxySettings d = ProxySettings.DEFAULTS;
        BillingWindow billing = new BillingWindow(
                number(
                        settings,
                        "mayfly.embedded.billing-window-ms",
                        d.billing().billingWindowMs(),
                        1),
                number(settings, "mayfly.embedded.idle-return-ms", d.billing().idleReturnMs(), 0),
                d.billing().maxServeMs());
        long smallTier = number(settings, "mayfly.embedded.small-tier-capacity-bytes", d.smallTierCapacityBytes(), 0);
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
                .withPinnedMaxBytes(number(
                        settings,
                        "mayfly.embedded.pinned-max-bytes",
                        ProxySettings.defaultPinnedMaxBytes(smallTier),
                        0));
    }

    private static long number(Map<String, String> settings, String key, long defaultValue, long minimum) {
        String raw = settings.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < minimum) {
                throw new IllegalArgumentException(key + "=" + value + " is below its minimum " + minimum);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + raw + "' is not a whole number", e);
        }
    }
}
