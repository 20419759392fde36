package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Client -> proxy: take the write lease of one key, so that a cache's CacheWriter runs for one
 * mutation of the key at a time across every client. Answered by LEASE_GRANTED once the key is
 * free (at once, or when the holder releases or its lease expires), or ERROR TIMEOUT after
 * {@code waitMs}.
 *
 * @param leaseMs how long the lease holds without a commit or release before it expires
 * @param waitMs how long to wait for the current holder
 */
public record WriteLease(long requestId, String space, Bytes key, long leaseMs, long waitMs) implements Message {

    public WriteLease {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        if (leaseMs < 1) {
            throw new IllegalArgumentException("leaseMs " + leaseMs + " must be at least 1");
        }
        BodyFields.requireNonNegative(waitMs, "waitMs");
    }

    @Override
    public MessageType type() {
        return MessageType.WRITE_LEASE;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, space);
        BodyFields.writeBytes(out, key);
        out.writeLong(leaseMs);
        out.writeLong(waitMs);
    }

    static WriteLease read(long requestId, int flags, ByteBuf body) {
        return new WriteLease(
                requestId, BodyFields.readString(body), BodyFields.readBytes(body), body.readLong(), body.readLong());
    }
}
