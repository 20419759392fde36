package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Node -> proxy, first frame on a node's connection: who the node is, its one-time token and
 * what it still holds in memory from earlier invocations. Answered by HELLO_OK or by ERROR
 * (AUTH_FAILED) followed by a close.
 *
 * @param instanceId      random per function instance: a changed id means the memory was lost
 * @param inventoryDigest digest over the stored shard keys, so the proxy can tell whether its
 *                        view of the node is still right
 */
public record Hello(
        long requestId,
        String nodeId,
        String token,
        String instanceId,
        long storedShards,
        long storedBytes,
        long inventoryDigest)
        implements Message {

    public Hello {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(instanceId, "instanceId");
        BodyFields.requireNonNegative(storedShards, "storedShards");
        BodyFields.requireNonNegative(storedBytes, "storedBytes");
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeString(out, nodeId);
        BodyFields.writeString(out, token);
        BodyFields.writeString(out, instanceId);
        out.writeLong(storedShards);
        out.writeLong(storedBytes);
        out.writeLong(inventoryDigest);
    }

    static Hello read(long requestId, int flags, ByteBuf body) {
        return new Hello(
                requestId,
                BodyFields.readString(body),
                BodyFields.readString(body),
                BodyFields.readString(body),
                body.readLong(),
                body.readLong(),
                body.readLong());
    }

    @Override
    public String toString() {
        // the token is a credential: never log it
        return "Hello[requestId=" + requestId + ", nodeId=" + nodeId + ", instanceId=" + instanceId
                + ", storedShards=" + storedShards + ", storedBytes=" + storedBytes
                + ", inventoryDigest=" + inventoryDigest + "]";
    }
}
