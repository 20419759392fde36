package io.mayfly.proxy;

import io.mayfly.proxy.index.EvictionPolicy;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.PinnedLedger;
import io.mayfly.proxy.index.ShardPlacement;
import io.mayfly.proxy.index.SmallValueTier;
import io.mayfly.proxy.metrics.ProxyMetrics;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodePool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values the proxy holds and the room they take: the index, shard placement on the nodes,
 * eviction, the small-value tier, the pinned ledger and the reads in flight per version. Room is
 * claimed here (evicting when a node is full) and freed here when a value leaves the index, so
 * the operations on values ({@link StoreCoordinator}) and repair, which drops a value it cannot
 * rebuild, free it the same way.
 */
final class ValueStorage {

    private static final Logger log = LoggerFactory.getLogger(ValueStorage.class);

    final MetadataIndex index = new MetadataIndex();
    final ShardPlacement placement;
    final EvictionPolicy eviction = new EvictionPolicy();
    final SmallValueTier smallValues;
    final PinnedLedger pinned;
    final ReadLeases reads = new ReadLeases();
    private final NodePool<NodeChannel> pool;
    private final ProxyMetrics metrics;

    ValueStorage(ProxySettings settings, NodePool<NodeChannel> pool, ProxyMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
        this.placement = new ShardPlacement(pool.size(), settings.nodeCapacityBytes());
        this.smallValues = new SmallValueTier(settings.smallTierCapacityBytes());
        this.pinned = new PinnedLedger(settings.pinnedMaxBytes());
    }

    /**
     * Removes this version of a value from the index, unless it is no longer the current one, and
     * frees its storage.
     *
     * @return the removed entry, or null when that version was not indexed
     */
    @Nullable
    ObjectMeta drop(ObjectMeta meta) {
        ObjectMeta removed = index.removeVersion(meta.key(), meta.version());
        if (removed != null) {
            reclaim(removed);
        }
        return removed;
    }

    /**
     * Claims {@code bytes} more on one node for a put whose bytes are arriving, evicting whole
     * values (CLOCK) until they fit: eviction follows bytes that exist, never a declared size.
     *
     * @return false when no room is left even after evicting every unpinned value
     */
    boolean claim(int node, long bytes) {
        while (true) {
            if (placement.tryClaim(node, bytes)) {
                return true;
            }
            EvictionPolicy.Victim victim = eviction.nextVictim();
            if (victim == null) {
                return false;
            }
            ObjectMeta evicted = index.removeVersion(victim.key(), victim.version());
            if (evicted != null) {
                metrics.evicted();
                log.debug("evicted {} to make room for {} bytes on node {}", evicted, bytes, node);
                reclaim(evicted);
            }
        }
    }

    /**
     * Evicts values (CLOCK order) holding a shard or copy on {@code node} until they held at least
     * {@code bytes} there: that node refused a shard of that size for want of room, so room
     * elsewhere would not help it, and one smaller victim would not make enough.
     *
     * @return false when no evictable value has anything on that node
     */
    boolean evictFrom(int node, long bytes) {
        long freed = 0;
        boolean any = false;
        while (freed < bytes) {
            EvictionPolicy.Victim victim = eviction.nextVictim((key, version) -> {
                ObjectMeta meta = index.get(key);
                if (meta == null || meta.version() != version) {
                    return true; // stale: dropping it from the ring costs nothing
                }
                for (int n : meta.placement()) {
                    if (n == node) {
                        return true;
                    }
                }
                return false;
            });
            if (victim == null) {
                return any;
            }
            ObjectMeta evicted = index.removeVersion(victim.key(), victim.version());
            if (evicted != null) {
                log.debug("evicted {} to make room on node {}", evicted, pool.name(node));
                metrics.evicted();
                reclaim(evicted);
                if (holds(evicted, node)) { // else repair moved it off the node since the search
                    freed += evicted.shardLength();
                    any = true;
                }
            }
        }
        return any;
    }

    private static boolean holds(ObjectMeta meta, int node) {
        for (int n : meta.placement()) {
            if (n == node) {
                return true;
            }
        }
        return false;
    }

    /**
     * Frees a value no longer in the index: its shards on every node, or its tier entry and its
     * whole copies. Reads of the version still in flight finish first ({@link ReadLeases}).
     */
    void reclaim(ObjectMeta meta) {
        eviction.removed(meta.key(), meta.version());
        if (meta.pinned()) {
            pinned.release(meta.footprintBytes());
        }
        reads.afterReads(meta.key(), meta.version(), () -> free(meta));
    }

    private void free(ObjectMeta meta) {
        if (meta.inline()) {
            smallValues.remove(meta.key(), meta.version());
        }
        int[] nodes = meta.placement();
        for (int shard = 0; shard < nodes.length; shard++) {
            pool.deleteShard(nodes[shard], StoreCoordinator.shardKey(meta.key(), meta.version(), shard));
        }
        placement.releaseAll(nodes, meta.shardLength());
    }
}
