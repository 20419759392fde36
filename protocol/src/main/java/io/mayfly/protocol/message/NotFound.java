package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/** Answer to OBJECT_GET: the key has no value in the space. */
public record NotFound(long requestId) implements Message {

    @Override
    public MessageType type() {
        return MessageType.NOT_FOUND;
    }

    @Override
    public void writeBody(ByteBuf out) {
        // empty body
    }

    static NotFound read(long requestId, int flags, ByteBuf body) {
        return new NotFound(requestId);
    }
}
