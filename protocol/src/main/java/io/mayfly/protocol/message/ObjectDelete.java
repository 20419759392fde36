package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Client -> proxy: remove a value if {@code expectedVersion} holds. Answered by DONE. */
public record ObjectDelete(long requestId, String space, Bytes key, long expectedVersion) implements Message {

    public ObjectDelete {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        ExpectedVersion.check(expectedVersion);
    }

    @Override
    public MessageType type() {
        return MessageType.OBJECT_DELETE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
        BodyFields.writeBytes(out, key);
        out.writeLong(expectedVersion);
    }

    static ObjectDelete read(long requestId, int flags, ByteBuf body) {
        return new ObjectDelete(requestId, BodyFields.readString(body), BodyFields.readBytes(body), body.readLong());
    }
}
