package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/** Proxy -> client, answer to OBJECT_PUT: the write is visible as {@code version}. */
public record Committed(long requestId, long version) implements Message {

    public Committed {
        BodyFields.requireNonNegative(version, "version");
    }

    @Override
    public MessageType type() {
        return MessageType.COMMITTED;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeLong(version);
    }

    static Committed read(long requestId, int flags, ByteBuf body) {
        return new Committed(requestId, body.readLong());
    }
}
