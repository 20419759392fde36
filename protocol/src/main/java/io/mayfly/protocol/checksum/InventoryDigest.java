package io.mayfly.protocol.checksum;

import io.mayfly.protocol.message.ShardKey;
import java.nio.charset.StandardCharsets;

/**
 * The inventory digest a node sends in HELLO: an order-independent 64-bit hash of the set of
 * (shard key, crc32c) pairs it holds, so the proxy can compare it with the digest of what its
 * index says the node holds, without a key list on every connect.
 *
 * <p>Each pair hashes to a 64-bit entry (FNV-1a over a length-prefixed encoding of the key
 * fields and the crc, then the MurmurHash3 finalizer to spread the bits); the digest is the sum
 * of the entries modulo 2^64. A sum is order-independent and can be kept up to date by adding
 * and subtracting entries as shards come and go. The empty set digests to 0.
 */
public final class InventoryDigest {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private InventoryDigest() {}

    /** The entry of one stored shard. */
    public static long entry(ShardKey key, int crc32c) {
        byte[] space = key.space().getBytes(StandardCharsets.UTF_8);
        long h = FNV_OFFSET;
        h = mixInt(h, space.length);
        for (byte b : space) {
            h = mixByte(h, b);
        }
        int keyLength = key.key().length();
        h = mixInt(h, keyLength);
        for (int i = 0; i < keyLength; i++) {
            h = mixByte(h, key.key().byteAt(i));
        }
        h = mixInt(h, (int) (key.version() >>> 32));
        h = mixInt(h, (int) key.version());
        h = mixInt(h, key.shardIndex());
        h = mixInt(h, crc32c);
        return finish(h);
    }

    /** {@code digest} with the entry of one more shard. */
    public static long add(long digest, ShardKey key, int crc32c) {
        return digest + entry(key, crc32c);
    }

    /** {@code digest} without the entry of a shard it contained. */
    public static long remove(long digest, ShardKey key, int crc32c) {
        return digest - entry(key, crc32c);
    }

    private static long mixInt(long h, int v) {
        h = mixByte(h, (byte) (v >>> 24));
        h = mixByte(h, (byte) (v >>> 16));
        h = mixByte(h, (byte) (v >>> 8));
        return mixByte(h, (byte) v);
    }

    private static long mixByte(long h, byte b) {
        return (h ^ (b & 0xFF)) * FNV_PRIME;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
