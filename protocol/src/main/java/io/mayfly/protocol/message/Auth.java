package io.mayfly.protocol.message;

import io.mayfly.protocol.auth.Handshake;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Client or node -> proxy, after checking HELLO_OK: the initiator's {@link Handshake} proof.
 * A client gets OK (or ERROR AUTH_FAILED and a close); a node is simply served from then on.
 */
public record Auth(long requestId, Bytes proof) implements Message {

    public Auth {
        Objects.requireNonNull(proof, "proof");
        if (proof.length() != Handshake.PROOF_BYTES) {
            throw new IllegalArgumentException(
                    "AUTH proof has " + proof.length() + " bytes, expected " + Handshake.PROOF_BYTES);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.AUTH;
    }

    @Override
    public void writeBody(ByteBuf out) {
        BodyFields.writeBytes(out, proof);
    }

    static Auth read(long requestId, int flags, ByteBuf body) {
        return new Auth(requestId, BodyFields.readBytes(body));
    }
}
