package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * Proxy -> client, answer to OBJECT_DELETE, OBJECT_TOUCH, CLEAR_SPACE and DROP_SPACE.
 *
 * @param applied whether anything changed (false: absent, or the expected version did not hold)
 */
public record Done(long requestId, boolean applied) implements Message {

    @Override
    public MessageType type() {
        return MessageType.DONE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeBoolean(applied);
    }

    static Done read(long requestId, int flags, ByteBuf body) {
        return new Done(requestId, BodyFields.readBoolean(body));
    }
}
