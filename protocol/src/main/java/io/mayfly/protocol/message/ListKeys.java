package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Client -> proxy: list the keys of a space. Answered by KEY_LIST plus SEGMENTs. */
public record ListKeys(long requestId, String space) implements Message {

    public ListKeys {
        Objects.requireNonNull(space, "space");
    }

    @Override
    public MessageType type() {
        return MessageType.LIST_KEYS;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
    }

    static ListKeys read(long requestId, int flags, ByteBuf body) {
        return new ListKeys(requestId, BodyFields.readString(body));
    }
}
