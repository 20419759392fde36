package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * Proxy -> client, answer to WRITE_LEASE: the key's write lease is held as {@code leaseId} until
 * a leased OBJECT_PUT or OBJECT_DELETE commits, a LEASE_RELEASE arrives, or it expires.
 */
public record LeaseGranted(long requestId, long leaseId) implements Message {

    public LeaseGranted {
        if (leaseId == 0) {
            throw new IllegalArgumentException("leaseId 0 means no lease");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.LEASE_GRANTED;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeLong(leaseId);
    }

    static LeaseGranted read(long requestId, int flags, ByteBuf body) {
        return new LeaseGranted(requestId, body.readLong());
    }
}
