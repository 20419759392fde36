package io.mayfly.protocol.message;

import io.mayfly.protocol.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Client -> proxy: remove a value if {@code expectedVersion} holds. Answered by DONE, or by ERROR
 * CONFLICT when the write lease it names no longer holds.
 *
 * @param leaseId the key's write lease this delete commits under and releases, or
 *                {@link ExpectedVersion#NO_LEASE}; sent last with {@link WireFormat#FLAG_LEASED}
 */
public record ObjectDelete(long requestId, String space, Bytes key, long expectedVersion, long leaseId)
        implements Message {

    public ObjectDelete {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        ExpectedVersion.check(expectedVersion);
    }

    /** A delete under no write lease. */
    public ObjectDelete(long requestId, String space, Bytes key, long expectedVersion) {
        this(requestId, space, key, expectedVersion, ExpectedVersion.NO_LEASE);
    }

    public boolean leased() {
        return leaseId != ExpectedVersion.NO_LEASE;
    }

    @Override
    public int flags() {
        return leased() ? WireFormat.FLAG_LEASED : 0;
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
        if (leased()) {
            out.writeLong(leaseId);
        }
    }

    static ObjectDelete read(long requestId, int flags, ByteBuf body) {
        return new ObjectDelete(
                requestId,
                BodyFields.readString(body),
                BodyFields.readBytes(body),
                body.readLong(),
                ExpectedVersion.readLease(flags, body));
    }
}
