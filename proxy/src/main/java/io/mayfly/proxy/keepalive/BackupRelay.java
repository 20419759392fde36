package io.mayfly.proxy.keepalive;

import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Inventory;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ShardPlacement;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodePool;
import io.mayfly.proxy.node.SecondInstances;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta-sync backup (InfiniCache, FAST '20, section 4.2), relayed by the proxy because functions
 * accept no inbound connections.
 *
 * <p>Every {@code backupIntervalMs}, one node at a time, each node holding data: the proxy makes
 * sure the node serves (its invocation is open, so its instance is busy) and invokes the same
 * function again, which makes Lambda start a second instance. InfiniCache has the node invoke
 * itself; the proxy does it on the node's behalf so lambda-node carries no AWS SDK. The second
 * instance dials back with its own one-time token and is not the pool's link: requests keep
 * going to the first. Then, in passes: the second reports its inventory (LIST_SHARDS); shards the
 * index places on the node that it lacks are fetched from the first and stored on it, shards it
 * holds that are no longer live are deleted (tombstones). Writes made during the sync go to the
 * first instance only; the next pass copies them, and passes repeat until one finds nothing to
 * do (at most {@link #MAX_PASSES}). Then the second instance is told BYE and returns, warm.
 * Copies are paced to {@code repairRateBytesPerSecond}, like repair: both are background traffic.
 *
 * <p>Afterwards both instances hold the node's data and the next invocation may land on either;
 * the pool treats them as one node. A write committed after the last pass is on the first only:
 * if the next invocation lands on the second, its HELLO digest differs and
 * {@link RepairScheduler} rebuilds what it lacks.
 */
public final class BackupRelay {

    private static final Logger log = LoggerFactory.getLogger(BackupRelay.class);

    /** Passes per backup; writes that keep arriving past this are left to repair. */
    static final int MAX_PASSES = 4;

    /**
     * How one backup went.
     *
     * @param secondInstanceId the instance that now holds a copy, or null when none was made
     * @param copied shards copied
     * @param tombstones stale shards deleted on the second instance
     * @param passes inventory passes
     */
    public record Outcome(@Nullable String secondInstanceId, int copied, int tombstones, int passes) {}

    private final MetadataIndex index;
    private final ShardPlacement placement;
    private final NodePool<NodeChannel> pool;
    private final KeepAliveCounters counters;
    private final RepairScheduler.ShardLoss shardLoss;
    private final int segmentCapBytes;
    private final long rateBytesPerSecond;
    private final ScheduledExecutorService executor;
    private final Set<Integer> inProgress = ConcurrentHashMap.newKeySet();
    private final @Nullable ScheduledFuture<?> ticks;
    private final java.util.concurrent.atomic.AtomicBoolean roundRunning =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    BackupRelay(
            MetadataIndex index,
            ShardPlacement placement,
            NodePool<NodeChannel> pool,
            KeepAliveCounters counters,
            RepairScheduler.ShardLoss shardLoss,
            int segmentCapBytes,
            long intervalMs,
            long rateBytesPerSecond,
            ScheduledExecutorService executor) {
        this.rateBytesPerSecond = rateBytesPerSecond;
        this.executor = executor;
        this.index = index;
        this.placement = placement;
        this.pool = pool;
        this.counters = counters;
        this.shardLoss = shardLoss;
        this.segmentCapBytes = segmentCapBytes;
        this.ticks = intervalMs > 0
                ? executor.scheduleWithFixedDelay(this::backupAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS)
                : null;
    }

    /** True while a backup of this node runs. */
    public boolean inProgress(int node) {
        return inProgress.contains(node);
    }

    /** Backs up every node holding data, one after another; a round still running skips a tick. */
    private void backupAll() {
        if (roundRunning.compareAndSet(false, true)) {
            backupFrom(0);
        }
    }

    private void backupFrom(int node) {
        int next = node;
        while (next < pool.size() && placement.usedBytes(next) == 0) {
            next++;
        }
        if (next == pool.size() || closed) {
            roundRunning.set(false);
            return;
        }
        int current = next;
        backup(current).whenComplete((o, e) -> {
            if (e != null) {
                log.info("backup of node {} failed: {}", pool.name(current), e.toString());
            }
            backupFrom(current + 1);
        });
    }

    /** Backs up one node now. */
    public CompletableFuture<Outcome> backup(int node) {
        if (!inProgress.add(node)) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("node " + pool.name(node) + " is already being backed up"));
        }
        NodeChannel[] held = new NodeChannel[1];
        CompletableFuture<Outcome> outcome = pool.serving(node).thenCompose(primary -> {
            // Serving until the backup ends: else it could return before the second invocation
            // arrives (Lambda would reuse its instance) or between copies (each re-invoking it).
            primary.hold();
            held[0] = primary;
            String primaryInstance = pool.instanceId(node);
            SecondInstances.SecondInstance<NodeChannel> second = pool.invokeSecondInstance(node);
            return second.link().thenCompose(secondLink -> {
                NodeChannel link = secondLink.link();
                String secondId = secondLink.report().instanceId();
                if (secondId.equals(primaryInstance)) {
                    // The first instance returned before the invocation arrived: Lambda reused it.
                    link.send(new Bye(0));
                    return CompletableFuture.completedFuture(new Outcome(null, 0, 0, 0));
                }
                log.info("backup of node {}: instance {} -> {}", pool.name(node), primaryInstance, secondId);
                return pass(node, link, 1, 0, 0)
                        .whenComplete((o, e) -> link.send(new Bye(0)))
                        .thenApply(o -> new Outcome(secondId, o.copied(), o.tombstones(), o.passes()));
            });
        });
        return outcome.whenComplete((o, e) -> {
            if (held[0] != null) {
                held[0].release();
            }
            inProgress.remove(node);
            if (e == null && o.secondInstanceId() != null) {
                counters.backups.incrementAndGet();
                log.info("backup of node {} done: {}", pool.name(node), o);
            }
        });
    }

    private CompletableFuture<Outcome> pass(int node, NodeChannel second, int pass, int copied, int tombstones) {
        return ShardTransfer.listShards(second).thenCompose(held -> {
            Map<ShardKey, NodeInventory.Placed> live = NodeInventory.expected(index, node);
            Map<ShardKey, Integer> heldCrcs = new HashMap<>();
            for (Inventory.Entry e : held) {
                heldCrcs.put(e.key(), e.crc32c());
            }
            int deleted = 0;
            for (ShardKey key : heldCrcs.keySet()) {
                if (!live.containsKey(key)) {
                    second.deleteShard(key);
                    deleted++;
                }
            }
            List<NodeInventory.Placed> missing = new ArrayList<>();
            for (Map.Entry<ShardKey, NodeInventory.Placed> e : live.entrySet()) {
                Integer crc = heldCrcs.get(e.getKey());
                if (crc == null || crc != e.getValue().crc32c()) {
                    missing.add(e.getValue());
                }
            }
            counters.backupTombstones.addAndGet(deleted);
            int tombstonesSoFar = tombstones + deleted;
            if (missing.isEmpty() && deleted == 0 || pass == MAX_PASSES || closed) {
                return CompletableFuture.completedFuture(new Outcome(null, copied, tombstonesSoFar, pass));
            }
            return copyAll(node, second, missing, 0, 0)
                    .thenCompose(n -> pass(node, second, pass + 1, copied + n, tombstonesSoFar));
        });
    }

    /** Copies shards one at a time from the node's serving instance to the second. */
    private CompletableFuture<Integer> copyAll(
            int node, NodeChannel second, List<NodeInventory.Placed> shards, int at, int copied) {
        if (at == shards.size() || closed) {
            return CompletableFuture.completedFuture(copied);
        }
        NodeInventory.Placed p = shards.get(at);
        ShardKey key = NodeInventory.shardKey(p.meta(), p.shard());
        long length = p.meta().shardLength();
        long startNanos = System.nanoTime();
        return pool.onServing(node, primary -> ShardTransfer.fetch(primary, key, length, p.crc32c()))
                .thenCompose(bytes -> ShardTransfer.store(
                        second, key, bytes, p.crc32c(), NodeInventory.record(p.meta()), segmentCapBytes))
                .handle((v, error) -> {
                    if (error == null) {
                        counters.backupShardsCopied.incrementAndGet();
                        counters.backupBytesCopied.addAndGet(length);
                        return 1;
                    }
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof ShardTransfer.TransferFailed failed
                            && failed.lostForGood
                            && index.get(p.meta().key()) != null) {
                        // The first instance lacks it too: a loss for repair, not for the backup.
                        shardLoss.lost(p.meta(), p.shard());
                    }
                    log.debug("backup of node {}: {} not copied: {}", pool.name(node), key, cause.toString());
                    return 0;
                })
                .thenCompose(n -> pace(startNanos, n * length))
                .thenCompose(n -> copyAll(node, second, shards, at + 1, copied + (n > 0 ? 1 : 0)));
    }

    /** Completes with {@code bytes} once moving them since {@code startNanos} keeps to the rate. */
    private CompletableFuture<Long> pace(long startNanos, long bytes) {
        long delay = startNanos + bytes * 1_000_000_000L / rateBytesPerSecond - System.nanoTime();
        if (delay <= 0 || closed) {
            return CompletableFuture.completedFuture(bytes);
        }
        CompletableFuture<Long> later = new CompletableFuture<>();
        executor.schedule(() -> later.complete(bytes), delay, TimeUnit.NANOSECONDS);
        return later;
    }

    void close() {
        closed = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
