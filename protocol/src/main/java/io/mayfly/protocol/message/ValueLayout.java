package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * How a value is stored, shared by OBJECT_PUT and OBJECT_META: its length, the erasure code
 * (k data + r parity shards of {@code shardLength} bytes each), the whole-value checksum
 * (see {@link io.mayfly.protocol.checksum.Crc32c#valueChecksum}), one CRC32C per shard, and
 * whether the value is kept inline (small tier, one stream 0) instead of erasure-coded.
 *
 * @param shardCrc32c empty for an inline value, else exactly k + r entries (index = shard index)
 */
public record ValueLayout(
        long length, int k, int r, int shardLength, long valueChecksum, List<Integer> shardCrc32c, boolean inline) {

    /** k + r is bounded by GF(2^8) Reed-Solomon. */
    public static final int MAX_SHARDS = 256;

    public ValueLayout {
        BodyFields.requireNonNegative(length, "length");
        BodyFields.requireNonNegative(shardLength, "shardLength");
        if (k < 1 || r < 0 || k + r > MAX_SHARDS) {
            throw new IllegalArgumentException(
                    "erasure code k=" + k + ", r=" + r + " invalid: need k >= 1, r >= 0, k + r <= " + MAX_SHARDS);
        }
        shardCrc32c = List.copyOf(Objects.requireNonNull(shardCrc32c, "shardCrc32c"));
        int expected = inline ? 0 : k + r;
        if (shardCrc32c.size() != expected) {
            throw new IllegalArgumentException(shardCrc32c.size() + " shard checksums given, "
                    + (inline ? "an inline value carries none" : "expected k + r = " + expected));
        }
    }

    /** The layout of a value kept inline (small tier): no shards, no shard checksums. */
    public static ValueLayout inline(long length, long valueChecksum) {
        return new ValueLayout(length, 1, 0, 0, valueChecksum, List.of(), true);
    }

    void write(ByteBuf out) {
        out.writeLong(length);
        out.writeShort(k);
        out.writeShort(r);
        out.writeInt(shardLength);
        out.writeLong(valueChecksum);
        BodyFields.writeIntList(out, shardCrc32c);
        out.writeBoolean(inline);
    }

    static ValueLayout read(ByteBuf in) {
        return new ValueLayout(
                in.readLong(),
                in.readUnsignedShort(),
                in.readUnsignedShort(),
                in.readInt(),
                in.readLong(),
                BodyFields.readIntList(in),
                BodyFields.readBoolean(in));
    }
}
