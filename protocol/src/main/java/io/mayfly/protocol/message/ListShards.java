package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * Proxy -> node: report every shard you hold. Answered by one or more {@link Inventory} frames,
 * the last with {@code last} set. The proxy asks when a node's HELLO digest disagrees with what
 * it placed there (repair) and before relaying a backup delta to a second instance.
 */
public record ListShards(long requestId) implements Message {

    @Override
    public MessageType type() {
        return MessageType.LIST_SHARDS;
    }

    @Override
    public void writeBody(ByteBuf out) {}

    static ListShards read(long requestId, int flags, ByteBuf body) {
        return new ListShards(requestId);
    }
}
