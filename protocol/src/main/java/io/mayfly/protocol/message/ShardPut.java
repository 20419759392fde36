package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Proxy -> node: store a shard of {@code totalLength} bytes whose CRC32C is {@code crc32c}; the
 * bytes follow as SEGMENTs of this request (stream 0, last with END). Answered by OK, or ERROR
 * NO_ROOM (bound exceeded) / CHECKSUM (mismatch). The node checks {@code totalLength} against
 * its bound before accepting any bytes.
 *
 * @param meta opaque to the node: kept beside the shard and reported with it in {@link Inventory},
 *     so a restarted proxy can rebuild its index from what the functions hold (at most
 *     {@link #MAX_META_BYTES})
 */
public record ShardPut(long requestId, ShardKey key, long totalLength, int crc32c, Bytes meta) implements Message {

    /** Bound of the metadata kept per shard: a layout of 256 shard checksums fits with room to spare. */
    public static final int MAX_META_BYTES = 4096;

    public ShardPut {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(meta, "meta");
        BodyFields.requireNonNegative(totalLength, "totalLength");
        if (meta.length() > MAX_META_BYTES) {
            throw new IllegalArgumentException(
                    "shard metadata of " + meta.length() + " bytes exceeds " + MAX_META_BYTES + " bytes");
        }
    }

    /** A shard without metadata (a restarted proxy cannot recover it). */
    public ShardPut(long requestId, ShardKey key, long totalLength, int crc32c) {
        this(requestId, key, totalLength, crc32c, Bytes.EMPTY);
    }

    @Override
    public MessageType type() {
        return MessageType.SHARD_PUT;
    }

    @Override
    public void writeBody(ByteBuf out) {
        key.write(out);
        out.writeLong(totalLength);
        out.writeInt(crc32c);
        BodyFields.writeBytes(out, meta);
    }

    static ShardPut read(long requestId, int flags, ByteBuf body) {
        return new ShardPut(
                requestId, ShardKey.read(body), body.readLong(), body.readInt(), BodyFields.readBytes(body));
    }
}
