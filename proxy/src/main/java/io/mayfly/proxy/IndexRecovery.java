package io.mayfly.proxy;

import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Inventory;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.ShardRecord;
import io.mayfly.proxy.index.SmallValueTier;
import io.mayfly.proxy.index.Versions;
import io.mayfly.proxy.keepalive.ShardTransfer;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a starting proxy's index from what its functions hold: every function is invoked once
 * and lists its shards with the metadata stored beside each ({@link ShardRecord}). Of each key,
 * the newest version with at least k intact shards of one layout (one whole copy for a small
 * value) comes back, with its placement, checksums, expiry and pinned flag; missing shards of it
 * go to repair; shards of older, incomplete, expired or unreadable versions are deleted. The
 * epoch then rises above every epoch found, so no version is issued twice.
 *
 * <p>Clients wait at the door until it ends ({@link ProxyServer} holds their reads), so no key is
 * answered from a half-built index. A function that cannot be invoked is skipped: its shards
 * count as lost, and repair rebuilds them from the others.
 */
final class IndexRecovery {

    private static final Logger log = LoggerFactory.getLogger(IndexRecovery.class);

    /** What recovery found. */
    record Summary(int nodesListed, int nodesUnavailable, int values, int smallValues, int shardsDeleted) {}

    private record Held(int node, ShardKey key, int crc32c) {}

    /** One version of one key: its record and every copy of each shard index found. */
    private static final class Found {
        final ShardRecord record;
        final Map<Integer, List<Held>> shards = new TreeMap<>();
        final List<Held> all = new ArrayList<>();

        Found(ShardRecord record) {
            this.record = record;
        }
    }

    private final StoreCoordinator store;
    private final ScheduledExecutorService executor;
    /** The links recovery listed, by node: each is sent BYE once recovery is done with it. */
    private final NodeChannel[] listedLinks;
    /** Recovered values' shards no node holds, reported to repair once the nodes have returned. */
    private final List<Map.Entry<ObjectMeta, Integer>> missingShards = new ArrayList<>();

    private final LongSupplier clock;
    private final ShardLossSink shardLoss;
    private final java.util.concurrent.atomic.AtomicInteger deleted = new java.util.concurrent.atomic.AtomicInteger();

    /** Hears of a recovered value's shard that no function holds (repair rebuilds it). */
    interface ShardLossSink {
        void lost(ObjectMeta meta, int shard);
    }

    IndexRecovery(
            StoreCoordinator store, ScheduledExecutorService executor, LongSupplier clock, ShardLossSink shardLoss) {
        this.listedLinks = new NodeChannel[store.pool.size()];
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.shardLoss = shardLoss;
    }

    CompletableFuture<Summary> run() {
        int n = store.pool.size();
        List<CompletableFuture<List<Inventory.Entry>>> lists = new ArrayList<>(n);
        for (int node = 0; node < n; node++) {
            int id = node;
            lists.add(store.pool
                    .onServing(node, link -> {
                        listedLinks[id] = link;
                        return ShardTransfer.listShards(link);
                    })
                    .exceptionally(error -> {
                        log.warn(
                                "recovery: node {} cannot be listed, its shards count as lost: {}",
                                store.pool.name(id),
                                error.toString());
                        return null;
                    }));
        }
        return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new))
                .thenComposeAsync(
                        v -> {
                            List<List<Inventory.Entry>> inventories = new ArrayList<>(n);
                            for (CompletableFuture<List<Inventory.Entry>> list : lists) {
                                inventories.add(list.join());
                            }
                            return rebuild(inventories);
                        },
                        executor)
                .thenCompose(summary -> releaseNodes().thenApply(v -> summary))
                .whenComplete((summary, error) -> {
                    synchronized (missingShards) {
                        missingShards.forEach(m -> shardLoss.lost(m.getKey(), m.getValue()));
                        missingShards.clear();
                    }
                });
    }

    /**
     * Says BYE to the nodes recovery invoked and waits (bounded) until they have returned, so the
     * first requests after it invoke them afresh instead of meeting an invocation about to return
     * idle. Repair of missing shards starts after, for the same reason.
     */
    private CompletableFuture<Void> releaseNodes() {
        for (NodeChannel link : listedLinks) {
            if (link != null && link.isServing()) {
                link.send(new Bye(0));
            }
        }
        CompletableFuture<Void> returned = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            boolean serving = false;
            for (int node = 0; node < listedLinks.length; node++) {
                serving |= listedLinks[node] != null && store.pool.state(node) == NodeState.SERVING;
            }
            if (!serving || System.nanoTime() > deadline) {
                returned.complete(null);
            } else {
                executor.schedule(check[0], 2, TimeUnit.MILLISECONDS);
            }
        };
        executor.execute(check[0]);
        return returned;
    }

    private CompletableFuture<Summary> rebuild(List<List<Inventory.Entry>> inventories) {
        long highestEpoch = -1;
        int listed = 0;
        Map<ObjectKey, TreeMap<Long, Found>> byKey = new HashMap<>();
        for (int node = 0; node < inventories.size(); node++) {
            List<Inventory.Entry> entries = inventories.get(node);
            if (entries == null) {
                continue;
            }
            listed++;
            for (Inventory.Entry e : entries) {
                ShardKey key = e.key();
                highestEpoch = Math.max(highestEpoch, Versions.epochOf(key.version()));
                Held held = new Held(node, key, e.crc32c());
                ShardRecord record = ShardRecord.decode(e.meta().toByteArray());
                if (record == null) {
                    delete(held); // stored without metadata: nothing can ever read it again
                    continue;
                }
                Found found = byKey.computeIfAbsent(
                                ObjectKey.of(key.space(), key.key().toByteArray()), k -> new TreeMap<>())
                        .computeIfAbsent(key.version(), v -> new Found(record));
                found.all.add(held);
                if (found.record != record && !found.record.sameLayout(record)) {
                    delete(held);
                    continue;
                }
                int index = key.shardIndex();
                boolean inRange = record.inline() ? index < SmallValueCopies.COPIES : index < record.shardCrcs().length;
                if (inRange && e.crc32c() == record.crcOf(index)) {
                    found.shards.computeIfAbsent(index, i -> new ArrayList<>()).add(held);
                }
            }
        }
        store.storage.index.epochAbove(highestEpoch);
        long now = clock.getAsLong();
        int values = 0;
        List<CompletableFuture<Boolean>> small = new ArrayList<>();
        for (Map.Entry<ObjectKey, TreeMap<Long, Found>> e : byKey.entrySet()) {
            boolean chosen = false;
            for (Map.Entry<Long, Found> version : e.getValue().descendingMap().entrySet()) {
                Found found = version.getValue();
                ShardRecord record = found.record;
                boolean usable = !chosen
                        && record.expiresAtMillis() > now
                        && found.shards.size() >= (record.inline() ? 1 : record.dataShards());
                if (!usable) {
                    found.all.forEach(this::delete);
                    continue;
                }
                chosen = true;
                if (record.inline()) {
                    small.add(restoreSmall(e.getKey(), version.getKey(), found));
                } else {
                    restoreErasure(e.getKey(), version.getKey(), found);
                    values++;
                }
            }
        }
        int erasureValues = values;
        int unavailable = inventories.size() - listed;
        int nodesListed = listed;
        return CompletableFuture.allOf(small.toArray(CompletableFuture[]::new)).thenApply(v -> {
            int smallValues = 0;
            for (CompletableFuture<Boolean> s : small) {
                smallValues += s.join() ? 1 : 0;
            }
            Summary summary = new Summary(nodesListed, unavailable, erasureValues, smallValues, deleted.get());
            log.info(
                    "recovery: {} values and {} small values from {} nodes ({} unavailable), {} stale shards"
                            + " deleted; versions now in epoch {}",
                    erasureValues,
                    smallValues,
                    nodesListed,
                    unavailable,
                    deleted.get(),
                    store.storage.index.epoch());
            return summary;
        });
    }

    private void restoreErasure(ObjectKey key, long version, Found found) {
        ShardRecord record = found.record;
        int total = record.dataShards() + record.parityShards();
        int[] placement = new int[total];
        List<Integer> missing = new ArrayList<>();
        List<Integer> holders = new ArrayList<>();
        for (int shard = 0; shard < total; shard++) {
            List<Held> copies = found.shards.get(shard);
            if (copies == null) {
                missing.add(shard);
                continue;
            }
            Held keep = copies.get(0);
            for (Held c : copies) {
                if (!holders.contains(c.node())) {
                    keep = c;
                    break;
                }
            }
            placement[shard] = keep.node();
            holders.add(keep.node());
            store.storage.placement.occupy(keep.node(), record.shardLength());
        }
        for (int shard : missing) {
            int[] exclude = holders.stream().mapToInt(Integer::intValue).toArray();
            int node = store.storage.placement.reserveOneExcept(record.shardLength(), exclude);
            if (node < 0) {
                node = holders.isEmpty() ? 0 : holders.get(0);
                store.storage.placement.occupy(node, record.shardLength());
            }
            placement[shard] = node;
            holders.add(node);
        }
        ObjectMeta meta = new ObjectMeta(
                key,
                version,
                record.length(),
                record.expiresAtMillis(),
                record.dataShards(),
                record.parityShards(),
                record.shardLength(),
                record.wholeChecksum(),
                record.shardCrcs(),
                false,
                placement,
                clock.getAsLong(),
                record.pinned());
        for (Held h : found.all) {
            int shard = h.key().shardIndex();
            if (shard >= total || placement[shard] != h.node() || !found.shards.containsKey(shard)) {
                delete(h);
            }
        }
        install(meta);
        synchronized (missingShards) {
            for (int shard : missing) {
                missingShards.add(Map.entry(meta, shard));
            }
        }
    }

    private CompletableFuture<Boolean> restoreSmall(ObjectKey key, long version, Found found) {
        ShardRecord record = found.record;
        List<Held> intact = new ArrayList<>();
        found.shards.values().forEach(intact::addAll);
        return fetchFirst(intact, 0, record).thenApply(bytes -> {
            if (bytes == null) {
                found.all.forEach(this::delete);
                return false;
            }
            // Copy i lives under shard index i: keep copy 0 and, with it, copy 1.
            List<Integer> nodes = new ArrayList<>();
            for (int copy = 0; copy < SmallValueCopies.COPIES; copy++) {
                List<Held> held = found.shards.get(copy);
                if (held == null || held.isEmpty() || nodes.contains(held.get(0).node())) {
                    break;
                }
                nodes.add(held.get(0).node());
            }
            boolean rewrite = nodes.size() < SmallValueCopies.COPIES;
            for (Held h : found.all) {
                int copy = h.key().shardIndex();
                if (!rewrite && (copy >= nodes.size() || nodes.get(copy) != h.node())) {
                    delete(h);
                }
            }
            if (rewrite) {
                nodes.clear(); // fewer than two copies left: written through anew, as after a put
            }
            int[] copies = nodes.stream().mapToInt(Integer::intValue).toArray();
            for (int node : copies) {
                store.storage.placement.occupy(node, record.length());
            }
            ObjectMeta meta = new ObjectMeta(
                            key,
                            version,
                            record.length(),
                            record.expiresAtMillis(),
                            1,
                            0,
                            record.length(),
                            record.wholeChecksum(),
                            new int[0],
                            true,
                            new int[0],
                            clock.getAsLong(),
                            record.pinned())
                    .withCopies(copies, record.crcOf(0));
            List<SmallValueTier.Evicted> evicted = store.storage.smallValues.put(key, version, bytes, record.pinned());
            for (SmallValueTier.Evicted ev : evicted) {
                if (ev.key().equals(key) && ev.version() == version) {
                    store.storage.placement.releaseAll(copies, record.length());
                    found.all.forEach(this::delete);
                    return false;
                }
                ObjectMeta gone = store.storage.index.removeVersion(ev.key(), ev.version());
                if (gone != null) {
                    store.storage.reclaim(gone);
                }
            }
            install(meta);
            if (rewrite) {
                store.copies.writeThrough(meta, bytes);
            }
            return true;
        });
    }

    /** The bytes of the first intact copy that can be read, or null. */
    private CompletableFuture<byte[]> fetchFirst(List<Held> copies, int at, ShardRecord record) {
        if (at == copies.size()) {
            return CompletableFuture.completedFuture(null);
        }
        Held h = copies.get(at);
        return store.pool
                .onServing(
                        h.node(), (NodeChannel link) -> ShardTransfer.fetch(link, h.key(), record.length(), h.crc32c()))
                .handle((bytes, error) -> bytes)
                .thenCompose(bytes ->
                        bytes != null ? CompletableFuture.completedFuture(bytes) : fetchFirst(copies, at + 1, record));
    }

    private void install(ObjectMeta meta) {
        if (meta.pinned()) {
            store.storage.pinned.tryReserve(meta.footprintBytes());
        }
        ObjectMeta displaced = store.storage.index.restore(meta);
        if (displaced == meta) {
            store.storage.reclaim(meta);
            return;
        }
        if (displaced != null) {
            store.storage.reclaim(displaced);
        }
        if (!meta.inline()) {
            store.storage.eviction.admitted(meta.key(), meta.version(), meta.pinned());
        }
    }

    private void delete(Held held) {
        deleted.incrementAndGet();
        store.pool.deleteShard(held.node(), held.key());
    }
}
