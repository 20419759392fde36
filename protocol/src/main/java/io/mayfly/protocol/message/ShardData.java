package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * Node -> proxy, answer to SHARD_GET: the shard's length and CRC32C; its bytes follow as
 * SEGMENTs of this request (stream 0, last with END).
 */
public record ShardData(long requestId, long totalLength, int crc32c) implements Message {

    public ShardData {
        BodyFields.requireNonNegative(totalLength, "totalLength");
    }

    @Override
    public MessageType type() {
        return MessageType.SHARD_DATA;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeLong(totalLength);
        out.writeInt(crc32c);
    }

    static ShardData read(long requestId, int flags, ByteBuf body) {
        return new ShardData(requestId, body.readLong(), body.readInt());
    }
}
