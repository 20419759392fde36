package io.mayfly.protocol.message;

import io.mayfly.protocol.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Client -> proxy: write a value; the shards (or the inline value, stream 0) follow as SEGMENTs
 * tagged by shard index. Answered by COMMITTED, CONFLICT or ERROR (CONFLICT when the write lease
 * it names no longer holds).
 *
 * @param expectedVersion {@link ExpectedVersion#ANY} (-1), {@link ExpectedVersion#ABSENT} (0),
 *                        or N: apply only if the current version is N
 * @param pinned          the proxy never evicts this value (carried as the frame's
 *                        {@link WireFormat#FLAG_PINNED} bit, so the body is unchanged)
 * @param leaseId         the key's write lease this put commits under and releases, or
 *                        {@link ExpectedVersion#NO_LEASE}; sent after the layout with
 *                        {@link WireFormat#FLAG_LEASED}
 */
public record ObjectPut(
        long requestId,
        String space,
        Bytes key,
        long expectedVersion,
        long expiresAtMillis,
        ValueLayout layout,
        boolean pinned,
        long leaseId)
        implements Message {

    public ObjectPut {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(layout, "layout");
        ExpectedVersion.check(expectedVersion);
    }

    /** A put under no write lease. */
    public ObjectPut(
            long requestId,
            String space,
            Bytes key,
            long expectedVersion,
            long expiresAtMillis,
            ValueLayout layout,
            boolean pinned) {
        this(requestId, space, key, expectedVersion, expiresAtMillis, layout, pinned, ExpectedVersion.NO_LEASE);
    }

    /** An ordinary (evictable) put. */
    public ObjectPut(
            long requestId, String space, Bytes key, long expectedVersion, long expiresAtMillis, ValueLayout layout) {
        this(requestId, space, key, expectedVersion, expiresAtMillis, layout, false);
    }

    public boolean leased() {
        return leaseId != ExpectedVersion.NO_LEASE;
    }

    @Override
    public int flags() {
        return (pinned ? WireFormat.FLAG_PINNED : 0) | (leased() ? WireFormat.FLAG_LEASED : 0);
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
        if (leased()) {
            out.writeLong(leaseId);
        }
    }

    static ObjectPut read(long requestId, int flags, ByteBuf body) {
        return new ObjectPut(
                requestId,
                BodyFields.readString(body),
                BodyFields.readBytes(body),
                body.readLong(),
                body.readLong(),
                ValueLayout.read(body),
                (flags & WireFormat.FLAG_PINNED) != 0,
                ExpectedVersion.readLease(flags, body));
    }
}
