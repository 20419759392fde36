package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/** Proxy -> client, answer to LIST_KEYS: {@code keyCount} keys follow as SEGMENTs of stream 0, each u32-length-prefixed (see {@link io.mayfly.protocol.segment.KeyListFormat}). */
public record KeyList(long requestId, long keyCount) implements Message {

    public KeyList {
        BodyFields.requireNonNegative(keyCount, "keyCount");
    }

    @Override
    public MessageType type() {
        return MessageType.KEY_LIST;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeLong(keyCount);
    }

    static KeyList read(long requestId, int flags, ByteBuf body) {
        return new KeyList(requestId, body.readLong());
    }
}
