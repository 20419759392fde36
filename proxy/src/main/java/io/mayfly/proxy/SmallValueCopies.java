package io.mayfly.proxy;

import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.ShardRecord;
import io.mayfly.proxy.keepalive.ShardTransfer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each small-tier value through to two functions, whole, after it commits, so a restarted
 * proxy recovers it like an erasure-coded one. The put is answered from the tier first: a small
 * value becomes recoverable once both copies are stored, which takes an invocation when the nodes
 * sleep. The copies' room is reserved in the placement ledger; when the pool has none, the value
 * stays in the proxy's memory only (it is a cache, and the put must not wait for eviction).
 */
final class SmallValueCopies {

    private static final Logger log = LoggerFactory.getLogger(SmallValueCopies.class);

    /** Whole copies kept of each small value: one survives any single node's loss. */
    static final int COPIES = 2;

    private final StoreCoordinator store;
    /** Write-throughs started and not yet stored or abandoned: values a crash would lose. */
    private final AtomicInteger pending = new AtomicInteger();

    SmallValueCopies(StoreCoordinator store) {
        this.store = store;
    }

    /** Small values whose copies are being written: not yet recoverable after a crash. */
    int pending() {
        return pending.get();
    }

    /** Starts writing {@code value} (the committed inline version {@code meta}) to functions. */
    void writeThrough(ObjectMeta meta, byte[] value) {
        int copies = Math.min(COPIES, store.pool.size());
        int[] nodes = store.placement.reserve(copies, value.length);
        if (nodes == null) {
            log.debug("no room on {} nodes for whole copies of {}: kept in memory only", copies, meta);
            return;
        }
        pending.incrementAndGet();
        int crc = Crc32c.of(value);
        ObjectMeta withCopies = meta.withCopies(nodes, crc);
        Bytes record = Bytes.copyOf(ShardRecord.of(withCopies).encode());
        CompletableFuture<?>[] writes = new CompletableFuture<?>[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            int copy = i;
            writes[i] = store.pool.onServing(
                    nodes[copy],
                    link -> ShardTransfer.store(
                            link,
                            StoreCoordinator.shardKey(meta.key(), meta.version(), copy),
                            value,
                            crc,
                            record,
                            store.settings.segmentCapBytes()));
        }
        CompletableFuture.allOf(writes).whenComplete((v, error) -> {
            pending.decrementAndGet();
            if (error == null && store.index.attachCopies(meta.key(), meta.version(), nodes, crc) != null) {
                log.debug("{} written through to {} nodes", meta, nodes.length);
                return;
            }
            if (error != null) {
                log.debug("write-through of {} failed: {}", meta, error.toString());
            }
            // Superseded meanwhile or not stored: the copies are orphans.
            for (int copy = 0; copy < nodes.length; copy++) {
                store.pool.deleteShard(nodes[copy], StoreCoordinator.shardKey(meta.key(), meta.version(), copy));
            }
            store.placement.releaseAll(nodes, value.length);
        });
    }
}
