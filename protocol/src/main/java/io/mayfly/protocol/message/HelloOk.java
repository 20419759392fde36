package io.mayfly.protocol.message;

import io.mayfly.protocol.auth.Handshake;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Proxy -> client or node: HELLO answered, with the proxy's half of the {@link Handshake}.
 *
 * @param segmentCapBytes the SEGMENT payload cap the proxy sends and accepts on this connection
 * @param nonce           the proxy's fresh nonce
 * @param proof           the proxy's proof over both nonces; empty when the proxy has no key for
 *                        this peer (a client port without an auth token)
 */
public record HelloOk(long requestId, int segmentCapBytes, Bytes nonce, Bytes proof) implements Message {

    public HelloOk {
        if (segmentCapBytes < 1) {
            throw new IllegalArgumentException("segmentCapBytes must be >= 1, was " + segmentCapBytes);
        }
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(proof, "proof");
        if (nonce.length() != Handshake.NONCE_BYTES) {
            throw new IllegalArgumentException(
                    "HELLO_OK nonce has " + nonce.length() + " bytes, expected " + Handshake.NONCE_BYTES);
        }
        if (proof.length() != 0 && proof.length() != Handshake.PROOF_BYTES) {
            throw new IllegalArgumentException(
                    "HELLO_OK proof has " + proof.length() + " bytes, expected 0 or " + Handshake.PROOF_BYTES);
        }
    }

    /** True when the proxy proved knowledge of a key (it has one for this peer). */
    public boolean proved() {
        return proof.length() > 0;
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO_OK;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeInt(segmentCapBytes);
        BodyFields.writeBytes(out, nonce);
        BodyFields.writeBytes(out, proof);
    }

    static HelloOk read(long requestId, int flags, ByteBuf body) {
        return new HelloOk(requestId, body.readInt(), BodyFields.readBytes(body), BodyFields.readBytes(body));
    }
}
