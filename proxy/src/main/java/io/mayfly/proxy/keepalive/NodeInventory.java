package io.mayfly.proxy.keepalive;

import io.mayfly.protocol.checksum.InventoryDigest;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.proxy.index.MetadataIndex;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.index.ShardRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * What the index says one node should hold: the shards of committed values placed on it. A scan
 * of the index (O(values)); it runs when a node connects with an unexpected digest, and per backup
 * pass, never per request.
 */
public final class NodeInventory {

    /** One shard (or whole copy of an inline value) the node should hold. */
    public record Placed(ObjectMeta meta, int shard) {
        public int crc32c() {
            return meta.shardCrcs()[shard];
        }
    }

    private NodeInventory() {}

    static ShardKey shardKey(ObjectMeta meta, int shard) {
        return new ShardKey(meta.key().space(), Bytes.copyOf(meta.key().key()), meta.version(), shard);
    }

    /** The metadata stored with each shard of {@code meta}, from which a restarted proxy recovers it. */
    static Bytes record(ObjectMeta meta) {
        return Bytes.copyOf(ShardRecord.of(meta).encode());
    }

    public static Map<ShardKey, Placed> expected(MetadataIndex index, int node) {
        Map<ShardKey, Placed> expected = new HashMap<>();
        for (ObjectMeta meta : index.entries()) {
            // An inline value's placement lists its whole copies (written through for recovery).
            int[] placement = meta.placement();
            for (int shard = 0; shard < placement.length; shard++) {
                if (placement[shard] == node) {
                    expected.put(shardKey(meta, shard), new Placed(meta, shard));
                }
            }
        }
        return expected;
    }

    public static long digest(Map<ShardKey, Placed> expected) {
        long digest = 0;
        for (Map.Entry<ShardKey, Placed> e : expected.entrySet()) {
            digest = InventoryDigest.add(digest, e.getKey(), e.getValue().crc32c());
        }
        return digest;
    }
}
