package io.mayfly.protocol.message;

import io.mayfly.protocol.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Client -> proxy: write a value; the shards (or the inline value, stream 0) follow as SEGMENTs
 * tagged by shard index. Answered by COMMITTED, CONFLICT or ERROR.
 *
 * @param expectedVersion {@link ExpectedVersion#ANY} (-1), {@link ExpectedVersion#ABSENT} (0),
 *                        or N: apply only if the current version is N
 * @param pinned          the proxy never evicts this value (carried as the frame's
 *                        {@link WireFormat#FLAG_PINNED} bit, so the body is unchanged)
 */
public record ObjectPut(
        long requestId,
        String space,
        Bytes key,
        long expectedVersion,
        long expiresAtMillis,
        ValueLayout layout,
        boolean pinned)
        implements Message {

    public ObjectPut {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(layout, "layout");
        ExpectedVersion.check(expectedVersion);
    }

    /** An ordinary (evictable) put. */
    public ObjectPut(
            long requestId, String space, Bytes key, long expectedVersion, long expiresAtMillis, ValueLayout layout) {
        this(requestId, space, key, expectedVersion, expiresAtMillis, layout, false);
    }

    @Override
    public int flags() {
        return pinned ? WireFormat.FLAG_PINNED : 0;
    }

    @Override
    public MessageType type() {
        return MessageType.OBJECT_PUT;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
        BodyFields.writeBytes(out, key);
        out.writeLong(expectedVersion);
        out.writeLong(expiresAtMillis);
        layout.write(out);
    }

    static ObjectPut read(long requestId, int flags, ByteBuf body) {
        return new ObjectPut(
                requestId,
                BodyFields.readString(body),
                BodyFields.readBytes(body),
                body.readLong(),
                body.readLong(),
                ValueLayout.read(body),
                (flags & WireFormat.FLAG_PINNED) != 0);
    }
}
