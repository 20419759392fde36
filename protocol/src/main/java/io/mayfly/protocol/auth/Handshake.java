package io.mayfly.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The one mutual challenge-response used on both proxy ports. The initiator (a client or a node)
 * sends HELLO with a fresh nonce; the proxy answers HELLO_OK with its own nonce and its proof; the
 * initiator checks that proof and sends AUTH with its own. A proof is HMAC-SHA256, keyed by the
 * shared secret, over both nonces and the prover's role, so the secret never crosses the wire, a
 * proof cannot be replayed on another connection (fresh nonces) nor reflected (the role differs).
 *
 * <p>The key is the proxy's auth token for clients and the invocation's one-time token for nodes.
 */
public final class Handshake {

    /** Bytes of each side's nonce. */
    public static final int NONCE_BYTES = 32;
    /** Bytes of an HMAC-SHA256 proof. */
    public static final int PROOF_BYTES = 32;

    private static final byte[] CONTEXT = "mayfly-handshake-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_ID_CONTEXT = "mayfly-key-id-v1".getBytes(StandardCharsets.US_ASCII);

    /** Who proves. The role is inside the MAC, so one side's proof is never valid as the other's. */
    public enum Role {
        CLIENT(1),
        NODE(2),
        PROXY(3);

        private final int code;

        Role(int code) {
            this.code = code;
        }

        /** The u8 value on the wire. */
        public int code() {
            return code;
        }

        /** The role of a wire value, or null for an unknown one. */
        public static @Nullable Role of(int code) {
            for (Role r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }

    private Handshake() {}

    /** A fresh nonce. */
    public static byte[] nonce(SecureRandom random) {
        byte[] n = new byte[NONCE_BYTES];
        random.nextBytes(n);
        return n;
    }

    /** The key bytes of a token as configured or issued (its UTF-8 text). */
    public static byte[] key(String token) {
        return token.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code prover}'s proof of knowing {@code key} on the connection with these two nonces. */
    public static byte[] proof(byte[] key, Role prover, byte[] initiatorNonce, byte[] proxyNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(CONTEXT);
            mac.update((byte) prover.code());
            mac.update(initiatorNonce);
            mac.update(proxyNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** True when {@code proof} is {@code prover}'s proof for {@code key} (constant-time compare). */
    public static boolean verify(byte[] key, Role prover, byte[] initiatorNonce, byte[] proxyNonce, byte[] proof) {
        if (proof == null || proof.length != PROOF_BYTES || initiatorNonce.length != NONCE_BYTES) {
            return false;
        }
        return MessageDigest.isEqual(proof(key, prover, initiatorNonce, proxyNonce), proof);
    }

    /**
     * A public name for a one-time token, so the proxy knows which pending invocation a HELLO
     * answers (a function may have a serve and a backup invocation open): a truncated hash, which
     * reveals nothing usable about a 128-bit random token.
     */
    public static String keyId(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(KEY_ID_CONTEXT);
            byte[] digest = sha.digest(key(token));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
