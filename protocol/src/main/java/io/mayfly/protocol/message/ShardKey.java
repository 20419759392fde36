package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The key of one shard on a node: space, cache key, value version and shard index. The version
 * is part of the key so the shards of two concurrent writes never mix (WIRE.md). Nodes treat
 * it as an opaque map key; nobody parses it from a string.
 */
public record ShardKey(String space, Bytes key, long version, int shardIndex) {

    /** Shard indexes are u16 on the wire (k + r <= 256 in practice). */
    public static final int MAX_SHARD_INDEX = 0xFFFF;

    public ShardKey {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        if (shardIndex < 0 || shardIndex > MAX_SHARD_INDEX) {
            throw new IllegalArgumentException("shardIndex " + shardIndex + " outside 0.." + MAX_SHARD_INDEX);
        }
    }

    void write(ByteBuf out) {
        BodyFields.writeString(out, space);
        BodyFields.writeBytes(out, key);
        out.writeLong(version);
        out.writeShort(shardIndex);
    }

    static ShardKey read(ByteBuf in) {
        return new ShardKey(BodyFields.readString(in), BodyFields.readBytes(in), in.readLong(), in.readUnsignedShort());
    }
}
