package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Proxy -> node: drop this shard. Answered by OK, also when it was absent. */
public record ShardDelete(long requestId, ShardKey key) implements Message {

    public ShardDelete {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public MessageType type() {
        return MessageType.SHARD_DELETE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        key.write(out);
    }

    static ShardDelete read(long requestId, int flags, ByteBuf body) {
        return new ShardDelete(requestId, ShardKey.read(body));
    }
}
