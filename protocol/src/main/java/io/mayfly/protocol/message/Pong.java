package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/** Answer to PING. */
public record Pong(long requestId) implements Message {

    @Override
    public MessageType type() {
        return MessageType.PONG;
    }

    @Override
    public void writeBody(ByteBuf out) {
        // empty body
    }

    static Pong read(long requestId, int flags, ByteBuf body) {
        return new Pong(requestId);
    }
}
