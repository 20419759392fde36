package io.mayfly.proxy.index;

import java.util.Arrays;

/**
 * What the proxy knows of one committed version of a value. Immutable except for the expiry time,
 * which {@link MetadataIndex#touch} replaces by swapping the whole record.
 *
 * @param key the key
 * @param version the committed version, positive, unique across the proxy's lifetime
 * @param length the value's length in bytes
 * @param expiresAtMillis epoch milliseconds, or {@link Long#MAX_VALUE} for never
 * @param dataShards k (1 for an inline value)
 * @param parityShards r (0 for an inline value)
 * @param shardLength bytes per shard (the value's length for an inline value)
 * @param wholeChecksum checksum of the whole value, computed and checked by the client
 * @param shardCrcs CRC32C of each of the k+r shards; for an inline value, of the whole value once
 *     per copy on a function
 * @param inline true when the value is served whole from the small-value tier, not from functions
 * @param placement the node index holding each shard; for an inline value, the nodes holding a
 *     whole copy for recovery (empty until written through)
 * @param committedAtMillis when this version committed
 * @param pinned never chosen for eviction; its bytes count against the pinned bound
 */
public record ObjectMeta(
        ObjectKey key,
        long version,
        long length,
        long expiresAtMillis,
        int dataShards,
        int parityShards,
        long shardLength,
        long wholeChecksum,
        int[] shardCrcs,
        boolean inline,
        int[] placement,
        long committedAtMillis,
        boolean pinned) {

    /** An ordinary (evictable) value. */
    public ObjectMeta(
            ObjectKey key,
            long version,
            long length,
            long expiresAtMillis,
            int dataShards,
            int parityShards,
            long shardLength,
            long wholeChecksum,
            int[] shardCrcs,
            boolean inline,
            int[] placement,
            long committedAtMillis) {
        this(
                key,
                version,
                length,
                expiresAtMillis,
                dataShards,
                parityShards,
                shardLength,
                wholeChecksum,
                shardCrcs,
                inline,
                placement,
                committedAtMillis,
                false);
    }

    public int shardCount() {
        return dataShards + parityShards;
    }

    /** Bytes this value occupies anywhere: the inline value, or all its shards. */
    public long footprintBytes() {
        return inline ? length : storedBytes();
    }

    /** Bytes this value occupies in function memory (0 when inline). */
    public long storedBytes() {
        return inline ? 0 : shardLength * shardCount();
    }

    public ObjectMeta withExpiry(long newExpiresAtMillis) {
        return new ObjectMeta(
                key,
                version,
                length,
                newExpiresAtMillis,
                dataShards,
                parityShards,
                shardLength,
                wholeChecksum,
                shardCrcs,
                inline,
                placement,
                committedAtMillis,
                pinned);
    }

    /** This version with one shard living on another node (repair moved it there). */
    public ObjectMeta withShardOn(int shard, int node) {
        int[] moved = placement.clone();
        moved[shard] = node;
        return new ObjectMeta(
                key,
                version,
                length,
                expiresAtMillis,
                dataShards,
                parityShards,
                shardLength,
                wholeChecksum,
                shardCrcs,
                inline,
                moved,
                committedAtMillis,
                pinned);
    }

    /** This inline version with its whole-value copies on functions (for recovery). */
    public ObjectMeta withCopies(int[] nodes, int crc32c) {
        int[] crcs = new int[nodes.length];
        java.util.Arrays.fill(crcs, crc32c);
        return new ObjectMeta(
                key,
                version,
                length,
                expiresAtMillis,
                dataShards,
                parityShards,
                shardLength,
                wholeChecksum,
                crcs,
                inline,
                nodes.clone(),
                committedAtMillis,
                pinned);
    }

    @Override
    public String toString() {
        return "ObjectMeta[" + key + " v" + version + ", " + length + " bytes, "
                + (inline ? "inline" : dataShards + "+" + parityShards + " on " + Arrays.toString(placement))
                + (pinned ? ", pinned" : "") + "]";
    }
}
