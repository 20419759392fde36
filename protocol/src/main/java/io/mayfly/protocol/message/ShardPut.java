package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Proxy -> node: store a shard of {@code totalLength} bytes whose CRC32C is {@code crc32c}; the
 * bytes follow as SEGMENTs of this request (stream 0, last with END). Answered by OK, or ERROR
 * NO_ROOM (bound exceeded) / CHECKSUM (mismatch). The node checks {@code totalLength} against
 * its bound before accepting any bytes.
 */
public record ShardPut(long requestId, ShardKey key, long totalLength, int crc32c) implements Message {

    public ShardPut {
        Objects.requireNonNull(key, "key");
        BodyFields.requireNonNegative(totalLength, "totalLength");
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
    }

    static ShardPut read(long requestId, int flags, ByteBuf body) {
        return new ShardPut(requestId, ShardKey.read(body), body.readLong(), body.readInt());
    }
}
