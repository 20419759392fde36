package io.mayfly.proxy;

import io.mayfly.protocol.message.Inventory;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.index.ObjectKey;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.Versions;
import io.mayfly.proxy.keepalive.NodeInventory;
import io.mayfly.proxy.keepalive.ShardTransfer;
import io.mayfly.proxy.node.InstanceReport;
import io.mayfly.proxy.node.NodeChannel;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes shards a node holds that the index will never read (orphans): versions superseded while
 * the node slept and whose deletes were lost with a connection, or left by an earlier proxy's
 * life. Such shards fill the node while the proxy's ledger counts them free, until the node
 * refuses puts. Runs when a node connects with an inventory digest other than what the index
 * placed there, after recovery. Never deletes what a write in flight or a read may still use: a
 * version newer than the key's current one, the current one (repair may be moving it), one being
 * read, or, for a key the index lacks, one of this proxy's epoch (an insert in flight).
 */
final class OrphanReconciler {

    private static final Logger log = LoggerFactory.getLogger(OrphanReconciler.class);

    private final StoreCoordinator store;
    private final Executor executor;
    private final AtomicLong deleted = new AtomicLong();
    private volatile boolean enabled;

    OrphanReconciler(StoreCoordinator store, Executor executor) {
        this.store = store;
        this.executor = executor;
    }

    /** Starts reconciling: before the index is recovered every shard would look orphaned. */
    void enable() {
        enabled = true;
    }

    /** Orphan shards deleted so far. */
    long deleted() {
        return deleted.get();
    }

    void connected(int node, InstanceReport report, NodeChannel link) {
        if (!enabled) {
            return;
        }
        try {
            executor.execute(() -> check(node, report, link));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void check(int node, InstanceReport report, NodeChannel link) {
        Map<ShardKey, NodeInventory.Placed> expected = NodeInventory.expected(store.storage.index, node);
        if (NodeInventory.digest(expected) == report.inventoryDigest()) {
            return;
        }
        ShardTransfer.listShards(link).whenComplete((held, error) -> {
            if (error != null) {
                return;
            }
            int found = 0;
            for (Inventory.Entry e : held) {
                if (!expected.containsKey(e.key()) && orphan(e.key())) {
                    link.deleteShard(e.key());
                    found++;
                }
            }
            if (found > 0) {
                deleted.addAndGet(found);
                log.info("node {}: deleted {} orphan shards the index never reads", store.pool.name(node), found);
            }
        });
    }

    boolean orphan(ShardKey shard) {
        ObjectKey key = ObjectKey.of(shard.space(), shard.key().toByteArray());
        long version = shard.version();
        if (store.storage.reads.reading(key, version)) {
            return false;
        }
        ObjectMeta current = store.storage.index.get(key);
        if (current == null) {
            return Versions.epochOf(version) < store.storage.index.epoch();
        }
        return version < current.version();
    }
}
