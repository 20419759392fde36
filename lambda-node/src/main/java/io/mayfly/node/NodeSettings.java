package io.mayfly.node;

import io.mayfly.settings.Setting;
import io.mayfly.settings.SettingsRegistry;
import java.util.Map;

/**
 * The node's own settings, read once per function instance from its environment variables (the
 * Lambda function configuration), with defaults. Per-invocation settings (proxy, billing window,
 * idle time) come in the payload instead.
 *
 * @param jvmAllowanceBytes  memory the store never counts on: JVM code, metaspace, thread
 *                           stacks, Netty and the runtime client ({@code MAYFLY_NODE_JVM_ALLOWANCE_BYTES},
 *                           default 64 MiB: an idle runtime-client JVM was measured at ~64 MB here)
 * @param heapReserveBytes   heap the store never counts on: Netty's and the runtime's own objects,
 *                           the segments of requests in flight ({@code MAYFLY_NODE_HEAP_RESERVE_BYTES},
 *                           default 16 MiB)
 * @param overheadPercent    share of the memory limit (and of the max heap) also kept free, for GC
 *                           headroom and fragmentation ({@code MAYFLY_NODE_OVERHEAD_PERCENT},
 *                           default 10)
 * @param deadlineMarginMs   the node returns this long before Lambda's deadline, so the response
 *                           is written before the timeout kills the instance
 *                           ({@code MAYFLY_NODE_DEADLINE_MARGIN_MS}, default 500)
 * @param returnLeadMs       an idle node returns this long before a billing-window boundary
 *                           ({@code MAYFLY_NODE_RETURN_LEAD_MS}, default 10; ignored for windows
 *                           shorter than twice the lead, e.g. today's 1 ms billing)
 * @param connectTimeoutMs   how long dialing the proxy and waiting for HELLO_OK may take
 *                           ({@code MAYFLY_NODE_CONNECT_TIMEOUT_MS}, default 5000)
 * @param segmentCapBytes    the largest SEGMENT payload the node accepts and sends
 *                           ({@code MAYFLY_NODE_SEGMENT_CAP_BYTES}, default 1 MiB, the protocol's)
 */
public record NodeSettings(
        long jvmAllowanceBytes,
        long heapReserveBytes,
        int overheadPercent,
        long deadlineMarginMs,
        long returnLeadMs,
        long connectTimeoutMs,
        int segmentCapBytes) {

    /** The defaults declared in the settings registry. */
    public static final NodeSettings DEFAULTS = from(Map.of());

    public NodeSettings {
        require(jvmAllowanceBytes >= 0, "MAYFLY_NODE_JVM_ALLOWANCE_BYTES", jvmAllowanceBytes, ">= 0");
        require(heapReserveBytes >= 0, "MAYFLY_NODE_HEAP_RESERVE_BYTES", heapReserveBytes, ">= 0");
        require(
                overheadPercent >= 0 && overheadPercent < 100,
                "MAYFLY_NODE_OVERHEAD_PERCENT",
                overheadPercent,
                "0..99");
        require(deadlineMarginMs >= 0, "MAYFLY_NODE_DEADLINE_MARGIN_MS", deadlineMarginMs, ">= 0");
        require(returnLeadMs >= 0, "MAYFLY_NODE_RETURN_LEAD_MS", returnLeadMs, ">= 0");
        require(connectTimeoutMs >= 1, "MAYFLY_NODE_CONNECT_TIMEOUT_MS", connectTimeoutMs, ">= 1");
        require(
                segmentCapBytes >= 1 && segmentCapBytes <= io.mayfly.protocol.WireFormat.MAX_SEGMENT_CAP_BYTES,
                "MAYFLY_NODE_SEGMENT_CAP_BYTES",
                segmentCapBytes,
                "1.." + io.mayfly.protocol.WireFormat.MAX_SEGMENT_CAP_BYTES);
    }

    /** Settings from this process's environment variables. */
    public static NodeSettings fromEnvironment() {
        return from(System.getenv());
    }

    /** Settings from {@code env}; an absent variable keeps its default. */
    public static NodeSettings from(Map<String, String> env) {
        return new NodeSettings(
                var(env, SettingsRegistry.NODE_JVM_ALLOWANCE_BYTES),
                var(env, SettingsRegistry.NODE_HEAP_RESERVE_BYTES),
                (int) var(env, SettingsRegistry.NODE_OVERHEAD_PERCENT),
                var(env, SettingsRegistry.NODE_DEADLINE_MARGIN_MS),
                var(env, SettingsRegistry.NODE_RETURN_LEAD_MS),
                var(env, SettingsRegistry.NODE_CONNECT_TIMEOUT_MS),
                (int) var(env, SettingsRegistry.NODE_SEGMENT_CAP_BYTES));
    }

    /**
     * The store's bound, the smaller of two budgets, never negative:
     * <ul>
     *   <li>memory: the function's memory limit minus {@link #jvmAllowanceBytes} minus
     *       {@link #overheadPercent} of the limit;</li>
     *   <li>heap: the JVM's max heap minus {@link #heapReserveBytes} minus
     *       {@link #overheadPercent} of the heap (shards live on the heap; Lambda gives the heap
     *       about 85% of the memory setting).</li>
     * </ul>
     */
    public long storeCapacityBytes(long memoryLimitBytes, long maxHeapBytes) {
        long memoryBudget = memoryLimitBytes - jvmAllowanceBytes - memoryLimitBytes / 100 * overheadPercent;
        long heapBudget = maxHeapBytes - heapReserveBytes - maxHeapBytes / 100 * overheadPercent;
        return Math.max(0, Math.min(memoryBudget, heapBudget));
    }

    /** The variable's value, or the registry's default; the constructor checks the bounds. */
    private static long var(Map<String, String> env, Setting setting) {
        String name = setting.key();
        long defaultValue = Long.parseLong(setting.defaultValue());
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + "=\"" + text + "\" is not a whole number; unset it for the default " + defaultValue);
        }
    }

    private static void require(boolean ok, String name, long value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(name + " is " + value + ", must be " + range);
        }
    }
}
