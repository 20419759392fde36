package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Proxy -> client, answer to OBJECT_GET: the current version, expiry and layout of the value. */
public record ObjectMeta(long requestId, long version, long expiresAtMillis, ValueLayout layout) implements Message {

    public ObjectMeta {
        Objects.requireNonNull(layout, "layout");
    }

    @Override
    public MessageType type() {
        return MessageType.OBJECT_META;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeLong(version);
        out.writeLong(expiresAtMillis);
        layout.write(out);
    }

    static ObjectMeta read(long requestId, int flags, ByteBuf body) {
        return new ObjectMeta(requestId, body.readLong(), body.readLong(), ValueLayout.read(body));
    }
}
