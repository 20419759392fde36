package io.mayfly.proxy.index;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * What an index entry needs besides key and version, stored on the function beside every shard
 * (SHARD_PUT's metadata) so a restarted proxy rebuilds its index from the functions' inventories
 * alone: the layout, every shard's CRC32C, expiry, pinned, and whether the value is a whole copy
 * of a small-tier value. The key and version travel in the shard key itself.
 *
 * @param shardCrcs CRC32C per shard index (for an inline value: of the whole value, once)
 */
public record ShardRecord(
        long length,
        int dataShards,
        int parityShards,
        long shardLength,
        long wholeChecksum,
        int[] shardCrcs,
        long expiresAtMillis,
        boolean pinned,
        boolean inline) {

    private static final byte FORMAT = 1;
    private static final int FLAG_PINNED = 1;
    private static final int FLAG_INLINE = 2;

    /** The record of a committed (or committing) version. */
    public static ShardRecord of(ObjectMeta meta) {
        return new ShardRecord(
                meta.length(),
                meta.dataShards(),
                meta.parityShards(),
                meta.shardLength(),
                meta.wholeChecksum(),
                meta.inline() ? new int[] {meta.shardCrcs()[0]} : meta.shardCrcs(),
                meta.expiresAtMillis(),
                meta.pinned(),
                meta.inline());
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + 2 + 2 + 8 + 8 + 8 + 2 + 4 * shardCrcs.length);
        b.put(FORMAT);
        b.put((byte) ((pinned ? FLAG_PINNED : 0) | (inline ? FLAG_INLINE : 0)));
        b.putLong(length);
        b.putShort((short) dataShards);
        b.putShort((short) parityShards);
        b.putLong(shardLength);
        b.putLong(wholeChecksum);
        b.putLong(expiresAtMillis);
        b.putShort((short) shardCrcs.length);
        for (int crc : shardCrcs) {
            b.putInt(crc);
        }
        return b.array();
    }

    /** The record, or null when {@code bytes} is empty, of another format, or inconsistent. */
    public static @Nullable ShardRecord decode(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != FORMAT) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int flags = b.get();
            long length = b.getLong();
            int k = Short.toUnsignedInt(b.getShort());
            int r = Short.toUnsignedInt(b.getShort());
            long shardLength = b.getLong();
            long checksum = b.getLong();
            long expires = b.getLong();
            int count = Short.toUnsignedInt(b.getShort());
            boolean inline = (flags & FLAG_INLINE) != 0;
            if (k < 1 || count != (inline ? 1 : k + r) || b.remaining() != 4 * count || length < 0) {
                return null;
            }
            int[] crcs = new int[count];
            for (int i = 0; i < count; i++) {
                crcs[i] = b.getInt();
            }
            return new ShardRecord(
                    length, k, r, shardLength, checksum, crcs, expires, (flags & FLAG_PINNED) != 0, inline);
        } catch (BufferUnderflowException e) {
            return null;
        }
    }

    /** The CRC32C a copy of shard {@code index} must have. */
    public int crcOf(int index) {
        return inline ? shardCrcs[0] : shardCrcs[index];
    }

    /** Whether two records describe the same stored value (same layout and checksums). */
    public boolean sameLayout(ShardRecord o) {
        return length == o.length
                && dataShards == o.dataShards
                && parityShards == o.parityShards
                && shardLength == o.shardLength
                && wholeChecksum == o.wholeChecksum
                && inline == o.inline
                && java.util.Arrays.equals(shardCrcs, o.shardCrcs);
    }
}
