package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Client -> proxy: remove a space and its entries. Answered by DONE. */
public record DropSpace(long requestId, String space) implements Message {

    public DropSpace {
        Objects.requireNonNull(space, "space");
    }

    @Override
    public MessageType type() {
        return MessageType.DROP_SPACE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
    }

    static DropSpace read(long requestId, int flags, ByteBuf body) {
        return new DropSpace(requestId, BodyFields.readString(body));
    }
}
