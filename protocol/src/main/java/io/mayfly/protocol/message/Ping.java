package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/** Liveness probe; answered by PONG with the same request id. */
public record Ping(long requestId) implements Message {

    @Override
    public MessageType type() {
        return MessageType.PING;
    }

    @Override
    public void writeBody(ByteBuf out) {
        // empty body
    }

    static Ping read(long requestId, int flags, ByteBuf body) {
        return new Ping(requestId);
    }
}
