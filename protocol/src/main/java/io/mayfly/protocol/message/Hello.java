package io.mayfly.protocol.message;

import io.mayfly.protocol.auth.Handshake;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Client or node -> proxy, first frame on a connection: who is speaking, a fresh nonce for the
 * {@link Handshake}, and for a node what it still holds in memory from earlier invocations.
 * Answered by HELLO_OK (the proxy's nonce and proof) or by ERROR (AUTH_FAILED) and a close.
 *
 * @param role            CLIENT or NODE
 * @param peerId          the node id (function name); empty for a client
 * @param keyId           {@link Handshake#keyId} of the node's one-time token; empty for a client
 * @param nonce           the initiator's fresh nonce ({@link Handshake#NONCE_BYTES})
 * @param instanceId      random per function instance: a changed id means the memory was lost
 * @param inventoryDigest digest over the stored shard keys, so the proxy can tell whether its
 *                        view of the node is still right
 */
public record Hello(
        long requestId,
        Handshake.Role role,
        String peerId,
        String keyId,
        Bytes nonce,
        String instanceId,
        long storedShards,
        long storedBytes,
        long inventoryDigest)
        implements Message {

    public Hello {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(instanceId, "instanceId");
        if (role == Handshake.Role.PROXY) {
            throw new IllegalArgumentException("HELLO comes from a client or a node, not the proxy");
        }
        if (nonce.length() != Handshake.NONCE_BYTES) {
            throw new IllegalArgumentException(
                    "HELLO nonce has " + nonce.length() + " bytes, expected " + Handshake.NONCE_BYTES);
        }
        BodyFields.requireNonNegative(storedShards, "storedShards");
        BodyFields.requireNonNegative(storedBytes, "storedBytes");
    }

    /** A node's HELLO for one invocation. */
    public static Hello node(
            long requestId,
            String nodeId,
            String keyId,
            byte[] nonce,
            String instanceId,
            long storedShards,
            long storedBytes,
            long inventoryDigest) {
        return new Hello(
                requestId,
                Handshake.Role.NODE,
                nodeId,
                keyId,
                Bytes.copyOf(nonce),
                instanceId,
                storedShards,
                storedBytes,
                inventoryDigest);
    }

    /** A client's HELLO. */
    public static Hello client(long requestId, byte[] nonce) {
        return new Hello(requestId, Handshake.Role.CLIENT, "", "", Bytes.copyOf(nonce), "", 0, 0, 0);
    }

    /** The node id (the same as {@link #peerId()}). */
    public String nodeId() {
        return peerId;
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeByte(role.code());
        BodyFields.writeString(out, peerId);
        BodyFields.writeString(out, keyId);
        BodyFields.writeBytes(out, nonce);
        BodyFields.writeString(out, instanceId);
        out.writeLong(storedShards);
        out.writeLong(storedBytes);
        out.writeLong(inventoryDigest);
    }

    static Hello read(long requestId, int flags, ByteBuf body) {
        int roleCode = body.readUnsignedByte();
        Handshake.Role role = Handshake.Role.of(roleCode);
        if (role == null) {
            throw new IllegalArgumentException("unknown HELLO role " + roleCode);
        }
        return new Hello(
                requestId,
                role,
                BodyFields.readString(body),
                BodyFields.readString(body),
                BodyFields.readBytes(body),
                BodyFields.readString(body),
                body.readLong(),
                body.readLong(),
                body.readLong());
    }
}
