package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/** Positive answer without a result: SHARD_PUT stored, SHARD_DELETE done (also when absent). */
public record Ok(long requestId) implements Message {

    @Override
    public MessageType type() {
        return MessageType.OK;
    }

    @Override
    public void writeBody(ByteBuf out) {
        // empty body
    }

    static Ok read(long requestId, int flags, ByteBuf body) {
        return new Ok(requestId);
    }
}
