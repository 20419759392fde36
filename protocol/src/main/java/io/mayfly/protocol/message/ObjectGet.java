package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Client -> proxy: read a value. Answered by NOT_FOUND, or OBJECT_META followed (when
 * {@code wantValue}) by the value: an inline value as SEGMENTs of stream 0, an erasure-coded
 * one as the first k shards to arrive, each as SEGMENTs whose stream index is the shard index.
 */
public record ObjectGet(long requestId, String space, Bytes key, boolean wantValue) implements Message {

    public ObjectGet {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public MessageType type() {
        return MessageType.OBJECT_GET;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
        BodyFields.writeBytes(out, key);
        out.writeBoolean(wantValue);
    }

    static ObjectGet read(long requestId, int flags, ByteBuf body) {
        return new ObjectGet(
                requestId, BodyFields.readString(body), BodyFields.readBytes(body), BodyFields.readBoolean(body));
    }
}
