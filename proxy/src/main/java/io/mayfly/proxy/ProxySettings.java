package io.mayfly.proxy;

import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.settings.SettingsRegistry;
import java.time.Duration;

/**
 * Everything a proxy is configured with, validated once. Port 0 picks a free port.
 *
 * @param bindHost the address both listeners bind to
 * @param clientPort the listener for clients (providers); -1 for none (embedded, in-JVM only)
 * @param nodePort the listener functions dial back to
 * @param advertisedHost the host the functions are told to dial (the proxy's address as they see it)
 * @param poolSize N, the number of functions
 * @param functionPrefix function names are {@code prefix0 .. prefix(N-1)}
 * @param functionMemoryMb each function's memory setting
 * @param nodeOverheadMb memory a function needs for itself; the rest holds shards
 * @param dataShards default k for clients that take the proxy's coding
 * @param parityShards default r
 * @param smallValueThresholdBytes largest value kept whole in the proxy (0: none)
 * @param smallTierCapacityBytes bytes the small-value tier may hold
 * @param segmentCapBytes the largest SEGMENT payload sent or accepted
 * @param dialBackTimeoutMs how long a request waits for an invoked node to connect
 * @param shardTimeoutMs how long a shard request waits for a serving node's answer
 * @param billing what invoked nodes are told about serving and returning
 * @param runtime where functions run
 * @param region the AWS region (also sent to lambda-local, which ignores it)
 * @param warmupIntervalMs a node idle this long is invoked with the warm-up command; 0: never
 * @param backupIntervalMs how often a node holding data gets a delta-sync backup onto a second
 *     instance of its function; 0: never
 * @param repairEnabled whether lost shards are rebuilt (read repair and proactive repair)
 * @param repairRateBytesPerSecond the bound on shard bytes repair and backup move per second
 * @param pinnedMaxBytes bytes all pinned values together may occupy (inline bytes plus shard
 *     bytes); past it a pinned put is refused, so a runaway pinned cache cannot starve the others
 */
public record ProxySettings(
        String bindHost,
        int clientPort,
        int nodePort,
        String advertisedHost,
        int poolSize,
        String functionPrefix,
        int functionMemoryMb,
        int nodeOverheadMb,
        int dataShards,
        int parityShards,
        long smallValueThresholdBytes,
        long smallTierCapacityBytes,
        int segmentCapBytes,
        long dialBackTimeoutMs,
        long shardTimeoutMs,
        BillingWindow billing,
        FunctionRuntime runtime,
        String region,
        long warmupIntervalMs,
        long backupIntervalMs,
        boolean repairEnabled,
        long repairRateBytesPerSecond,
        long pinnedMaxBytes) {

    /** One minute, InfiniCache's warm-up interval (FAST '20, section 4.1). */
    public static final long DEFAULT_WARMUP_INTERVAL_MS = 60_000;
    /** Five minutes, InfiniCache's backup interval. */
    public static final long DEFAULT_BACKUP_INTERVAL_MS = 300_000;
    /**
     * 64 MiB/s: a few percent of the proxy's network (1.9 GB/s loopback measured here, 1.25 GB/s on
     * a 10 Gbit NIC), so client traffic keeps the rest, while a 1 GiB node's loss at RS(10+2),
     * about 11 GiB moved, is repaired in about 3 minutes: well inside the 10-65 minutes an idle
     * instance survives, so a second loss rarely overlaps the first repair.
     */
    public static final long DEFAULT_REPAIR_RATE_BYTES_PER_SECOND = 64L << 20;

    /** A standalone proxy's functions: larger than the embedded default, as on AWS. */
    public static final int DEFAULT_FUNCTION_MEMORY_MB = 1024;

    /** Where the proxy mirrors a {@code mayfly.*} key, its default is that key's, declared once. */
    public static final ProxySettings DEFAULTS = new ProxySettings(
            "127.0.0.1",
            7070,
            7071,
            "127.0.0.1",
            SettingsRegistry.EMBEDDED_POOL_SIZE.parseInt(null),
            "mayfly-node-",
            DEFAULT_FUNCTION_MEMORY_MB,
            defaultOverheadMb(DEFAULT_FUNCTION_MEMORY_MB),
            SettingsRegistry.DATA_SHARDS.parseInt(null),
            SettingsRegistry.PARITY_SHARDS.parseInt(null),
            SettingsRegistry.SMALL_VALUE_THRESHOLD_BYTES.parseLong(null),
            SettingsRegistry.EMBEDDED_SMALL_TIER_CAPACITY_BYTES.parseLong(null),
            SettingsRegistry.SEGMENT_CAP_BYTES.parseInt(null),
            60_000,
            30_000,
            BillingWindow.DEFAULTS,
            FunctionRuntime.LOCAL_IN_PROCESS,
            "us-east-1",
            DEFAULT_WARMUP_INTERVAL_MS,
            DEFAULT_BACKUP_INTERVAL_MS,
            true,
            DEFAULT_REPAIR_RATE_BYTES_PER_SECOND,
            defaultPinnedMaxBytes(SettingsRegistry.EMBEDDED_SMALL_TIER_CAPACITY_BYTES.parseLong(null)));

    /** Settings with the default warm-up, backup and repair. */
    public ProxySettings(
            String bindHost,
            int clientPort,
            int nodePort,
            String advertisedHost,
            int poolSize,
            String functionPrefix,
            int functionMemoryMb,
            int nodeOverheadMb,
            int dataShards,
            int parityShards,
            long smallValueThresholdBytes,
            long smallTierCapacityBytes,
            int segmentCapBytes,
            long dialBackTimeoutMs,
            long shardTimeoutMs,
            BillingWindow billing,
            FunctionRuntime runtime,
            String region) {
        this(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                runtime,
                region,
                DEFAULT_WARMUP_INTERVAL_MS,
                DEFAULT_BACKUP_INTERVAL_MS,
                true,
                DEFAULT_REPAIR_RATE_BYTES_PER_SECOND);
    }

    /** Settings with the default pinned bound: a tenth of the small-value tier. */
    public ProxySettings(
            String bindHost,
            int clientPort,
            int nodePort,
            String advertisedHost,
            int poolSize,
            String functionPrefix,
            int functionMemoryMb,
            int nodeOverheadMb,
            int dataShards,
            int parityShards,
            long smallValueThresholdBytes,
            long smallTierCapacityBytes,
            int segmentCapBytes,
            long dialBackTimeoutMs,
            long shardTimeoutMs,
            BillingWindow billing,
            FunctionRuntime runtime,
            String region,
            long warmupIntervalMs,
            long backupIntervalMs,
            boolean repairEnabled,
            long repairRateBytesPerSecond) {
        this(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                runtime,
                region,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                defaultPinnedMaxBytes(smallTierCapacityBytes));
    }

    /**
     * A tenth of the small-value tier: room for Hibernate's timestamps (one small entry per table)
     * many times over, while pinned values can never take more than that share of the proxy.
     */
    public static long defaultPinnedMaxBytes(long smallTierCapacityBytes) {
        return smallTierCapacityBytes / 10;
    }

    public ProxySettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool-size " + poolSize + " must be at least 1");
        }
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > poolSize) {
            throw new IllegalArgumentException("k=" + dataShards + " r=" + parityShards
                    + " need k >= 1, r >= 0 and k+r <= pool-size " + poolSize
                    + " (each shard of a value goes to a distinct function)");
        }
        if (functionMemoryMb < 128 || functionMemoryMb > 10_240) {
            throw new IllegalArgumentException(
                    "function-memory-mb " + functionMemoryMb + " is outside Lambda's 128..10240");
        }
        if (nodeOverheadMb < 0 || nodeOverheadMb >= functionMemoryMb) {
            throw new IllegalArgumentException(
                    "node-overhead-mb " + nodeOverheadMb + " must be below function-memory-mb " + functionMemoryMb);
        }
        if (smallValueThresholdBytes < 0 || smallTierCapacityBytes < 0) {
            throw new IllegalArgumentException(
                    "small-value-threshold-bytes and small-tier-capacity-bytes " + "must not be negative");
        }
        if (segmentCapBytes < 1024 || segmentCapBytes > (64 << 20)) {
            throw new IllegalArgumentException(
                    "segment-cap-bytes " + segmentCapBytes + " must be between 1 KiB and 64 MiB");
        }
        if (dialBackTimeoutMs < 1 || shardTimeoutMs < 1) {
            throw new IllegalArgumentException("dial-back-timeout-ms and shard-timeout-ms must be positive");
        }
        if (warmupIntervalMs < 0 || backupIntervalMs < 0) {
            throw new IllegalArgumentException("warmup-interval-ms " + warmupIntervalMs + " and backup-interval-ms "
                    + backupIntervalMs + " must not be negative (0 turns one off)");
        }
        if (repairRateBytesPerSecond < 1024 || repairRateBytesPerSecond > (64L << 30)) {
            throw new IllegalArgumentException("repair-rate-bytes-per-second " + repairRateBytesPerSecond
                    + " must be between 1 KiB and 64 GiB per second (repair is always bounded)");
        }
        if (pinnedMaxBytes < 0) {
            throw new IllegalArgumentException(
                    "pinned-max-bytes " + pinnedMaxBytes + " must not be negative (0 refuses every pinned put)");
        }
    }

    public ProxySettings withPinnedMaxBytes(long bytes) {
        return new ProxySettings(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                runtime,
                region,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                bytes);
    }

    /** Warm-up and backup intervals (0 turns one off), repair on or off, and repair's rate bound. */
    public ProxySettings withKeepAlive(long warmupMs, long backupMs, boolean repair, long repairRate) {
        return new ProxySettings(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                runtime,
                region,
                warmupMs,
                backupMs,
                repair,
                repairRate,
                pinnedMaxBytes);
    }

    /**
     * What a node of {@code memoryMb} keeps for itself, so the proxy never places more than the node
     * accepts: lambda-node stores at most min(0.9 M - 64 MiB, 0.9 heap - 16 MiB), and Lambda's heap
     * is about 85% of M; a quarter of M plus 80 MiB stays below both for every M from 128 MB up.
     */
    public static int defaultOverheadMb(int memoryMb) {
        return memoryMb / 4 + 80;
    }

    /** Bytes of shards one function may hold: its memory minus its own overhead. */
    public long nodeCapacityBytes() {
        return (long) (functionMemoryMb - nodeOverheadMb) << 20;
    }

    public Duration dialBackTimeout() {
        return Duration.ofMillis(dialBackTimeoutMs);
    }

    public ProxySettings withPorts(int client, int node) {
        return new ProxySettings(
                bindHost,
                client,
                node,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                runtime,
                region,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                pinnedMaxBytes);
    }

    /** Pool size and function memory, with the overhead derived from the memory. */
    public ProxySettings withPool(int size, int memoryMb) {
        return withPool(size, memoryMb, defaultOverheadMb(memoryMb));
    }

    public ProxySettings withPool(int size, int memoryMb, int overheadMb) {
        return new ProxySettings(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                size,
                functionPrefix,
                memoryMb,
                overheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                runtime,
                region,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                pinnedMaxBytes);
    }

    public ProxySettings withCoding(int k, int r, long smallThresholdBytes) {
        return new ProxySettings(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb,
                k,
                r,
                smallThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                runtime,
                region,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                pinnedMaxBytes);
    }

    public ProxySettings withRuntime(FunctionRuntime newRuntime, String newRegion, String prefix) {
        return new ProxySettings(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                prefix,
                functionMemoryMb,
                nodeOverheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                newRuntime,
                newRegion,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                pinnedMaxBytes);
    }

    public ProxySettings withTimeouts(long dialBackMs, long shardMs, BillingWindow window) {
        return new ProxySettings(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                smallTierCapacityBytes,
                segmentCapBytes,
                dialBackMs,
                shardMs,
                window,
                runtime,
                region,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                pinnedMaxBytes);
    }

    public ProxySettings withSmallTier(long capacityBytes) {
        return new ProxySettings(
                bindHost,
                clientPort,
                nodePort,
                advertisedHost,
                poolSize,
                functionPrefix,
                functionMemoryMb,
                nodeOverheadMb,
                dataShards,
                parityShards,
                smallValueThresholdBytes,
                capacityBytes,
                segmentCapBytes,
                dialBackTimeoutMs,
                shardTimeoutMs,
                billing,
                runtime,
                region,
                warmupIntervalMs,
                backupIntervalMs,
                repairEnabled,
                repairRateBytesPerSecond,
                // A bound left at its default follows the tier; one set explicitly stays.
                pinnedMaxBytes == defaultPinnedMaxBytes(smallTierCapacityBytes)
                        ? defaultPinnedMaxBytes(capacityBytes)
                        : pinnedMaxBytes);
    }
}
