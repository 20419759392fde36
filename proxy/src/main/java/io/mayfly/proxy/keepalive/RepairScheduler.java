package io.mayfly.proxy.keepalive;

import io.mayfly.erasure.ReedSolomon;
import io.mayfly.protocol.message.Inventory;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.ShardPlacement;
import io.mayfly.proxy.node.InstanceReport;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodePool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proactive and read repair, which InfiniCache's proxy never does (it does not learn of loss).
 *
 * <p>Loss is learnt two ways: a get finds a shard not found or corrupt (read repair), or a node
 * connects with an inventory digest other than the digest of what the index placed on it (its
 * instance came back empty, or is a backup that missed later writes); the proxy then lists the
 * node's shards and marks the absent ones lost. Lost shards are queued per value; one value at a
 * time, values missing the most shards first (nearest to loss), the proxy fetches k surviving
 * shards, rebuilds the lost ones with Reed-Solomon, checks each against the CRC32C the writer
 * recorded (so repair never writes wrong bytes) and stores each on another node: the emptiest one
 * holding no shard of that value, so the value does not wait on, or bet again on, the function
 * that lost it. Only when every other node is full does the shard go back where it was (its room
 * there is still reserved). The index then records the shard's new node under the same version,
 * and the old node's room is returned. Work is paced to {@code repairRateBytesPerSecond},
 * counting shard bytes read and written.
 */
public final class RepairScheduler {

    private static final Logger log = LoggerFactory.getLogger(RepairScheduler.class);

    /** Hears of one shard known lost. */
    @FunctionalInterface
    public interface ShardLoss {
        void lost(ObjectMeta meta, int shard);
    }

    private record ValueVersion(ObjectKey key, long version) {}

    private static final class Job {
        ObjectMeta meta;
        /** Lost shard to the node it was lost on (a report about a node it has left is stale). */
        final Map<Integer, Integer> lost = new HashMap<>();
        /** Attempts that could not reach k survivors although enough may exist. */
        int shortfalls;
        /** Set by a repair that reached too few survivors for reasons that may pass. */
        boolean again;

        Job(ObjectMeta meta) {
            this.meta = meta;
        }
    }

    /**
     * Attempts a value's repair makes when survivors cannot be reached (a node returning, an
     * invocation failing) before repair leaves it to reads; such a value is never dropped.
     */
    static final int SHORTFALL_ATTEMPTS = 5;

    private final MetadataIndex index;
    private final ShardPlacement placement;
    private final NodePool<NodeChannel> pool;
    private final KeepAliveCounters counters;
    private final Consumer<ObjectMeta> dropLostValue;
    private final ScheduledExecutorService executor;
    private final long rateBytesPerSecond;
    private final int segmentCapBytes;
    private final Map<ValueVersion, Job> queue = new HashMap<>();
    private final Map<Long, ReedSolomon> codecs = new ConcurrentHashMap<>();
    /** Values being repaired now; a second report of one of their lost shards is not queued. */
    private final Map<ValueVersion, Job> inFlight = new HashMap<>();
    /** When the rate bound lets the next value start (System.nanoTime). */
    private long paceUntilNanos;
    /** A pump is submitted or scheduled: another would find nothing more to start. */
    private boolean pumpPending;

    private volatile boolean closed;

    /**
     * Values rebuilt at once. One value's repair is mostly waiting on nodes, so a few overlap; more
     * would only queue behind the rate bound.
     */
    static final int VALUES_IN_FLIGHT = 4;

    RepairScheduler(
            MetadataIndex index,
            ShardPlacement placement,
            NodePool<NodeChannel> pool,
            KeepAliveCounters counters,
            Consumer<ObjectMeta> dropLostValue,
            ScheduledExecutorService executor,
            long rateBytesPerSecond,
            int segmentCapBytes) {
        this.index = index;
        this.placement = placement;
        this.pool = pool;
        this.counters = counters;
        this.dropLostValue = dropLostValue;
        this.executor = executor;
        this.rateBytesPerSecond = rateBytesPerSecond;
        this.segmentCapBytes = segmentCapBytes;
    }

    /** Values waiting for repair. */
    public synchronized int pending() {
        return queue.size() + inFlight.size();
    }

    /** A node was admitted: when its digest is not what the index placed there, find what it lacks. */
    void connected(int node, InstanceReport report, NodeChannel link) {
        submit(() -> {
            Map<ShardKey, NodeInventory.Placed> expected = NodeInventory.expected(index, node);
            if (NodeInventory.digest(expected) == report.inventoryDigest()) {
                return;
            }
            log.info(
                    "node {} (instance {}) reports {} shards, digest differs from the {} placed there: listing them",
                    pool.name(node),
                    report.instanceId(),
                    report.storedShards(),
                    expected.size());
            ShardTransfer.listShards(link)
                    .whenCompleteAsync(
                            (held, error) -> {
                                if (error != null) {
                                    log.info(
                                            "node {}: cannot list its shards: {}", pool.name(node), error.getMessage());
                                    return;
                                }
                                Set<ShardKey> present = new HashSet<>();
                                for (Inventory.Entry e : held) {
                                    NodeInventory.Placed p = expected.get(e.key());
                                    if (p != null && p.crc32c() == e.crc32c()) {
                                        present.add(e.key());
                                    }
                                }
                                int missing = 0;
                                for (Map.Entry<ShardKey, NodeInventory.Placed> e : expected.entrySet()) {
                                    if (!present.contains(e.getKey())) {
                                        missing++;
                                        lost(e.getValue().meta(), e.getValue().shard());
                                    }
                                }
                                counters.shardsMissingOnConnect.addAndGet(missing);
                                if (missing > 0) {
                                    log.info(
                                            "node {} lost {} of its {} shards: repair queued",
                                            pool.name(node),
                                            missing,
                                            expected.size());
                                }
                            },
                            executor);
        });
    }

    /** Queues one lost shard; duplicates merge. */
    public void lost(ObjectMeta meta, int shard) {
        if (meta.inline()) {
            // A whole copy of a small-tier value: the value itself is in the proxy's memory, and
            // the other copy still makes it recoverable.
            log.debug("whole copy {} of {} lost on node {}", shard, meta, pool.name(meta.placement()[shard]));
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            ValueVersion id = new ValueVersion(meta.key(), meta.version());
            Job repairing = inFlight.get(id);
            if (repairing != null && repairing.lost.containsKey(shard)) {
                return;
            }
            Job job = queue.computeIfAbsent(id, k -> new Job(meta));
            job.meta = meta;
            job.lost.put(shard, meta.placement()[shard]);
            if (pumpPending) {
                return;
            }
            pumpPending = true;
        }
        submit(this::pump);
    }

    /** Runs on the keep-alive thread; after close there is nothing left to do. */
    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (!closed && !executor.isShutdown()) {
                throw e;
            }
        }
    }

    /**
     * Starts the values missing the most shards, as many as {@link #VALUES_IN_FLIGHT} and the rate
     * bound allow. The bound is charged when a value starts, for the k survivors it reads and the
     * shards it writes, so overlapping repairs never exceed it on average.
     */
    private void pump() {
        List<Job> started = new ArrayList<>();
        synchronized (this) {
            pumpPending = false;
            while (!closed && inFlight.size() < VALUES_IN_FLIGHT && !queue.isEmpty()) {
                long now = System.nanoTime();
                if (now < paceUntilNanos) {
                    pumpPending = true;
                    schedule(this::pump, paceUntilNanos - now);
                    break;
                }
                Job job = null;
                for (Job candidate : queue.values()) {
                    if (job == null || candidate.lost.size() > job.lost.size()) {
                        job = candidate;
                    }
                }
                if (job == null) {
                    throw new IllegalStateException("a non-empty repair queue yielded no job");
                }
                ValueVersion id = new ValueVersion(job.meta.key(), job.meta.version());
                queue.remove(id);
                inFlight.put(id, job);
                long bytes = (job.meta.dataShards() + job.lost.size()) * job.meta.shardLength();
                paceUntilNanos = Math.max(paceUntilNanos, now) + (long) (bytes * 1e9 / rateBytesPerSecond);
                started.add(job);
            }
        }
        for (Job job : started) {
            CompletableFuture<Long> moved;
            try {
                moved = repair(job);
            } catch (RuntimeException e) {
                moved = CompletableFuture.failedFuture(e);
            }
            moved.whenComplete((bytes, error) -> {
                if (error != null) {
                    log.warn("repair of {} failed: {}", job.meta, error.toString());
                }
                synchronized (this) {
                    inFlight.remove(new ValueVersion(job.meta.key(), job.meta.version()));
                    if (job.again) {
                        // Backs off 1, 2, 4... s: the nodes that did not answer are likely returning.
                        schedule(() -> requeue(job), TimeUnit.SECONDS.toNanos(1L << (job.shortfalls - 1)));
                    }
                    if (pumpPending) {
                        return;
                    }
                    pumpPending = true;
                }
                submit(this::pump);
            });
        }
    }

    /** Queues a job again after a shortfall, merged with any loss reported meanwhile. */
    private void requeue(Job job) {
        synchronized (this) {
            if (closed) {
                return;
            }
            Job queued =
                    queue.computeIfAbsent(new ValueVersion(job.meta.key(), job.meta.version()), k -> new Job(job.meta));
            queued.meta = job.meta;
            job.lost.forEach(queued.lost::putIfAbsent);
            queued.shortfalls = Math.max(queued.shortfalls, job.shortfalls);
            if (pumpPending) {
                return;
            }
            pumpPending = true;
        }
        submit(this::pump);
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            if (!closed && !executor.isShutdown()) {
                throw e;
            }
        }
    }

    /** Rebuilds one value's lost shards; completes with the shard bytes moved. */
    private CompletableFuture<Long> repair(Job job) {
        ObjectMeta meta = index.get(job.meta.key());
        if (meta == null || meta.version() != job.meta.version()) {
            return CompletableFuture.completedFuture(0L);
        }
        int total = meta.shardCount();
        Set<Integer> lost = new HashSet<>();
        job.lost.forEach((shard, node) -> {
            // A shard already moved off the node that lost it was repaired by an earlier job.
            if (meta.placement()[shard] == node) {
                lost.add(shard);
            }
        });
        if (lost.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        byte[][] shards = new byte[total][];
        List<Integer> candidates = new ArrayList<>();
        for (int s = 0; s < total; s++) {
            if (!lost.contains(s)) {
                candidates.add(s);
            }
        }
        SurvivorFetch fetch = new SurvivorFetch(meta, shards, candidates);
        return fetch.start()
                .thenComposeAsync(
                        found -> {
                            long read = found * meta.shardLength();
                            int reachable = candidates.size() - fetch.lostForGood();
                            if (found < meta.dataShards() && reachable >= meta.dataShards()) {
                                // Too few answered, yet enough were not found gone: a survivor's
                                // node was returning or could not be invoked. Try again later;
                                // dropping the value here would lose what reads can still rebuild.
                                job.shortfalls++;
                                job.again = job.shortfalls < SHORTFALL_ATTEMPTS;
                                log.info(
                                        "repair of {}: {} of the {} survivors it needs answered, {} known lost; {}",
                                        meta,
                                        found,
                                        meta.dataShards(),
                                        fetch.lostForGood(),
                                        job.again ? "trying again" : "left to reads");
                                return CompletableFuture.completedFuture(read);
                            }
                            if (found < meta.dataShards()) {
                                counters.valuesLost.incrementAndGet();
                                log.warn(
                                        "{} cannot be rebuilt: only {} of the {} shards it needs survive; dropped",
                                        meta,
                                        found,
                                        meta.dataShards());
                                dropLostValue.accept(meta);
                                return CompletableFuture.completedFuture(read);
                            }
                            boolean[] present = new boolean[total];
                            for (int s = 0; s < total; s++) {
                                present[s] = shards[s] != null;
                            }
                            codec(meta).reconstruct(shards, present, 0, (int) meta.shardLength());
                            for (int s : lost) {
                                CRC32C crc = new CRC32C();
                                crc.update(shards[s]);
                                if ((int) crc.getValue() != meta.shardCrcs()[s]) {
                                    log.warn(
                                            "rebuilt shard {} of {} does not match its recorded CRC32C; not written",
                                            s,
                                            meta);
                                    return CompletableFuture.completedFuture(read);
                                }
                            }
                            // Survivors not fetched (first k sufficed) were never lost: write only the lost ones.
                            Map<Integer, Integer> targets = chooseTargets(meta, lost);
                            List<CompletableFuture<Void>> writes = new ArrayList<>();
                            targets.forEach((shard, node) -> writes.add(pool.onServing(
                                    node,
                                    link -> ShardTransfer.store(
                                            link,
                                            NodeInventory.shardKey(meta, shard),
                                            shards[shard],
                                            meta.shardCrcs()[shard],
                                            NodeInventory.record(meta),
                                            segmentCapBytes))));
                            long written = (long) writes.size() * meta.shardLength();
                            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                                    .handle((v, error) -> {
                                        if (error != null) {
                                            log.info(
                                                    "repair of {}: a rebuilt shard was not stored: {}",
                                                    meta,
                                                    error.getMessage());
                                            abandonMoves(meta, targets);
                                            return read + written;
                                        }
                                        if (commitMoves(meta, targets)) {
                                            counters.shardsRepaired.addAndGet(lost.size());
                                            counters.valuesRepaired.incrementAndGet();
                                            log.debug("repaired {} shards {} onto {}", meta, lost, targets);
                                        }
                                        counters.bytesRepaired.addAndGet(read + written);
                                        return read + written;
                                    });
                        },
                        executor);
    }

    /**
     * For each lost shard, the node that receives it: the emptiest node holding no shard of the
     * value, its room reserved here; the node that lost it only when all others are full.
     */
    private Map<Integer, Integer> chooseTargets(ObjectMeta meta, Set<Integer> lost) {
        int[] holders = meta.placement().clone();
        Map<Integer, Integer> targets = new HashMap<>();
        for (int shard : lost) {
            int node = placement.reserveOneExcept(meta.shardLength(), holders);
            if (node < 0) {
                node = meta.placement()[shard];
            } else {
                // Later shards of this value must not land on the node just chosen.
                int[] grown = Arrays.copyOf(holders, holders.length + 1);
                grown[holders.length] = node;
                holders = grown;
            }
            targets.put(shard, node);
        }
        return targets;
    }

    /**
     * Records the moved shards in the index and frees their old places. When the value was
     * superseded or removed meanwhile, the rewritten shards are orphans: deleted, their room freed.
     *
     * @return whether the value is still current
     */
    private boolean commitMoves(ObjectMeta meta, Map<Integer, Integer> targets) {
        boolean current = true;
        for (Map.Entry<Integer, Integer> t : targets.entrySet()) {
            int shard = t.getKey();
            int from = meta.placement()[shard];
            int to = t.getValue();
            ShardKey key = NodeInventory.shardKey(meta, shard);
            if (to == from) {
                ObjectMeta still = index.get(meta.key());
                if (still == null || still.version() != meta.version()) {
                    pool.deleteShard(to, key);
                    current = false;
                }
                continue;
            }
            if (index.relocate(meta.key(), meta.version(), shard, from, to) != null) {
                placement.release(from, meta.shardLength());
                // Clears any stale copy on the old node; its backup drops it as a tombstone.
                pool.deleteShard(from, key);
            } else {
                pool.deleteShard(to, key);
                placement.release(to, meta.shardLength());
                current = false;
            }
        }
        return current;
    }

    /** A write failed: shards sent to new nodes are deleted there and their room freed. */
    private void abandonMoves(ObjectMeta meta, Map<Integer, Integer> targets) {
        targets.forEach((shard, to) -> {
            if (to != meta.placement()[shard]) {
                pool.deleteShard(to, NodeInventory.shardKey(meta, shard));
                placement.release(to, meta.shardLength());
            }
        });
    }

    /**
     * One value's survivor fetches: k in flight, a failed one replaced by the next candidate.
     * Completes with how many arrived (fewer than k when too few survive or answer).
     */
    private final class SurvivorFetch {
        private final ObjectMeta meta;
        private final byte[][] shards;
        private final List<Integer> candidates;
        private final CompletableFuture<Integer> done = new CompletableFuture<>();
        private int nextCandidate;
        private int outstanding;
        private int found;
        /** Shards a node said it does not hold or holds corrupt, as opposed to not answering. */
        private int lostForGood;

        SurvivorFetch(ObjectMeta meta, byte[][] shards, List<Integer> candidates) {
            this.meta = meta;
            this.shards = shards;
            this.candidates = candidates;
        }

        synchronized int lostForGood() {
            return lostForGood;
        }

        CompletableFuture<Integer> start() {
            int first = Math.min(meta.dataShards(), candidates.size());
            if (first == 0) {
                return CompletableFuture.completedFuture(0);
            }
            synchronized (this) {
                // Counted before any starts, so an early failure cannot look like the last one.
                nextCandidate = first;
                outstanding = first;
            }
            for (int i = 0; i < first; i++) {
                fetch(candidates.get(i));
            }
            return done;
        }

        private void fetch(int shard) {
            pool.onServing(
                            meta.placement()[shard],
                            link -> ShardTransfer.fetch(
                                    link,
                                    NodeInventory.shardKey(meta, shard),
                                    meta.shardLength(),
                                    meta.shardCrcs()[shard]))
                    .whenComplete((bytes, error) -> arrived(shard, bytes, error));
        }

        private void arrived(int shard, byte[] bytes, Throwable error) {
            int replacement = -1;
            synchronized (this) {
                outstanding--;
                if (error == null) {
                    shards[shard] = bytes;
                    found++;
                } else {
                    if (RepairScheduler.isLostForGood(error)) {
                        lostForGood++;
                    }
                    if (nextCandidate < candidates.size()) {
                        replacement = candidates.get(nextCandidate++);
                        outstanding++;
                    }
                }
                if (replacement < 0 && outstanding == 0) {
                    done.complete(found);
                    return;
                }
            }
            if (replacement >= 0) {
                fetch(replacement);
            }
        }
    }

    private static boolean isLostForGood(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        return cause instanceof ShardTransfer.TransferFailed failed && failed.lostForGood;
    }

    private ReedSolomon codec(ObjectMeta meta) {
        return codecs.computeIfAbsent(
                ((long) meta.dataShards() << 32) | meta.parityShards(),
                k -> ReedSolomon.of(meta.dataShards(), meta.parityShards()));
    }

    void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
    }
}
