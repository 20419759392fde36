package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Client -> proxy: remove every entry of a space. Answered by DONE. */
public record ClearSpace(long requestId, String space) implements Message {

    public ClearSpace {
        Objects.requireNonNull(space, "space");
    }

    @Override
    public MessageType type() {
        return MessageType.CLEAR_SPACE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
    }

    static ClearSpace read(long requestId, int flags, ByteBuf body) {
        return new ClearSpace(requestId, BodyFields.readString(body));
    }
}
