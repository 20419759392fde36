package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Proxy -> node: send this shard. Answered by SHARD_DATA plus SEGMENTs, or ERROR NOT_FOUND. */
public record ShardGet(long requestId, ShardKey key) implements Message {

    public ShardGet {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public MessageType type() {
        return MessageType.SHARD_GET;
    }

    @Override
    public void writeBody(ByteBuf out) {
        key.write(out);
    }

    static ShardGet read(long requestId, int flags, ByteBuf body) {
        return new ShardGet(requestId, ShardKey.read(body));
    }
}
