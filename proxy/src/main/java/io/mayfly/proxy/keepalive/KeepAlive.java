package io.mayfly.proxy.keepalive;

import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.ShardPlacement;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodePool;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's mechanisms for keeping data alive in function memory, on one thread of their own
 * ({@code mayfly-keepalive}): {@link WarmupScheduler}, {@link BackupRelay} and
 * {@link RepairScheduler}, each present when its setting turns it on.
 */
public final class KeepAlive implements AutoCloseable {

    /**
     * What the mechanisms are configured with.
     *
     * @param warmupIntervalMs 0: no warm-ups
     * @param backupIntervalMs 0: no periodic backups ({@link #backups()} still runs one on demand)
     * @param repairEnabled false: lost shards are only counted
     * @param repairRateBytesPerSecond repair's pace
     * @param segmentCapBytes the largest SEGMENT sent to a node
     */
    public record Settings(
            long warmupIntervalMs,
            long backupIntervalMs,
            boolean repairEnabled,
            long repairRateBytesPerSecond,
            int segmentCapBytes) {}

    private final ScheduledThreadPoolExecutor executor;
    private final @Nullable WarmupScheduler warmups;
    private final BackupRelay backups;
    private final RepairScheduler repair;
    private final RepairScheduler.ShardLoss shardLoss;
    private volatile boolean closed;

    /**
     * Starts the mechanisms and registers repair with the pool.
     *
     * @param dropLostValue removes a value that cannot be rebuilt from the index and frees its room
     * @param warmupPayload the warm-up invocation payload for a node
     */
    public KeepAlive(
            Settings settings,
            MetadataIndex index,
            ShardPlacement placement,
            NodePool<NodeChannel> pool,
            KeepAliveCounters counters,
            Consumer<ObjectMeta> dropLostValue,
            IntFunction<byte[]> warmupPayload) {
        this.executor = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("mayfly-keepalive", true));
        executor.setRemoveOnCancelPolicy(true);
        this.repair = new RepairScheduler(
                index,
                placement,
                pool,
                counters,
                dropLostValue,
                executor,
                settings.repairRateBytesPerSecond(),
                settings.segmentCapBytes());
        this.shardLoss = settings.repairEnabled() ? repair::lost : (meta, shard) -> {};
        if (settings.repairEnabled()) {
            pool.connectListener(repair::connected);
        }
        this.warmups = settings.warmupIntervalMs() > 0
                ? new WarmupScheduler(
                        pool, counters, warmupPayload, settings.warmupIntervalMs(), settings.repairEnabled(), executor)
                : null;
        this.backups = new BackupRelay(
                index,
                placement,
                pool,
                counters,
                shardLoss,
                settings.segmentCapBytes(),
                settings.backupIntervalMs(),
                settings.repairRateBytesPerSecond(),
                executor);
    }

    /** Where a get reports a shard it found lost: repair when on, else nowhere. */
    public RepairScheduler.ShardLoss shardLoss() {
        return shardLoss;
    }

    /** The warm-up scheduler, or null when warm-ups are off. */
    public @Nullable WarmupScheduler warmups() {
        return warmups;
    }

    public BackupRelay backups() {
        return backups;
    }

    public RepairScheduler repair() {
        return repair;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (warmups != null) {
            warmups.close();
        }
        backups.close();
        repair.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
