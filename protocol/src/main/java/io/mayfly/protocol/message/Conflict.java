package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/** Proxy -> client: the expected version did not hold; {@code currentVersion} is 0 when the key is absent. */
public record Conflict(long requestId, long currentVersion) implements Message {

    public Conflict {
        BodyFields.requireNonNegative(currentVersion, "currentVersion");
    }

    @Override
    public MessageType type() {
        return MessageType.CONFLICT;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeLong(currentVersion);
    }

    static Conflict read(long requestId, int flags, ByteBuf body) {
        return new Conflict(requestId, body.readLong());
    }
}
