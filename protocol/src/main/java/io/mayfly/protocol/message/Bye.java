package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/** Either side is leaving; the node sends it before its invocation returns. No answer. */
public record Bye(long requestId) implements Message {

    @Override
    public MessageType type() {
        return MessageType.BYE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        // empty body
    }

    static Bye read(long requestId, int flags, ByteBuf body) {
        return new Bye(requestId);
    }
}
