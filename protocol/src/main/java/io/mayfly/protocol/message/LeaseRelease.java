package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Client -> proxy: give back a write lease without committing (the mutation failed or changed
 * nothing). Answered by DONE; applied is false when the lease had already expired.
 */
public record LeaseRelease(long requestId, String space, Bytes key, long leaseId) implements Message {

    public LeaseRelease {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public MessageType type() {
        return MessageType.LEASE_RELEASE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
        BodyFields.writeBytes(out, key);
        out.writeLong(leaseId);
    }

    static LeaseRelease read(long requestId, int flags, ByteBuf body) {
        return new LeaseRelease(requestId, BodyFields.readString(body), BodyFields.readBytes(body), body.readLong());
    }
}
