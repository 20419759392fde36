package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Client -> proxy: change a value's expiry if {@code expectedVersion} holds. Answered by DONE. */
public record ObjectTouch(long requestId, String space, Bytes key, long expectedVersion, long expiresAtMillis)
        implements Message {

    public ObjectTouch {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        ExpectedVersion.check(expectedVersion);
    }

    @Override
    public MessageType type() {
        return MessageType.OBJECT_TOUCH;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
        BodyFields.writeBytes(out, key);
        out.writeLong(expectedVersion);
        out.writeLong(expiresAtMillis);
    }

    static ObjectTouch read(long requestId, int flags, ByteBuf body) {
        return new ObjectTouch(
                requestId, BodyFields.readString(body), BodyFields.readBytes(body), body.readLong(), body.readLong());
    }
}
