package io.mayfly.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.auth.Handshake.Role;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = Handshake.key("shared-secret-token");
    private final byte[] clientNonce = Handshake.nonce(random);
    private final byte[] proxyNonce = Handshake.nonce(random);

    @Test
    void aProofVerifiesWithTheSameKeyRoleAndNonces() {
        byte[] proof = Handshake.proof(key, Role.CLIENT, clientNonce, proxyNonce);
        assertThat(proof).hasSize(Handshake.PROOF_BYTES);
        assertThat(Handshake.verify(key, Role.CLIENT, clientNonce, proxyNonce, proof))
                .isTrue();
    }

    @Test
    void aProofFailsWithAnotherKey() {
        byte[] proof = Handshake.proof(Handshake.key("other"), Role.CLIENT, clientNonce, proxyNonce);
        assertThat(Handshake.verify(key, Role.CLIENT, clientNonce, proxyNonce, proof))
                .isFalse();
    }

    @Test
    void theProxysProofIsNotValidAsTheClientsReflected() {
        byte[] proxyProof = Handshake.proof(key, Role.PROXY, clientNonce, proxyNonce);
        assertThat(Handshake.verify(key, Role.CLIENT, clientNonce, proxyNonce, proxyProof))
                .isFalse();
    }

    @Test
    void aProofFromAnotherConnectionIsNotReplayable() {
        byte[] old = Handshake.proof(key, Role.NODE, clientNonce, proxyNonce);
        assertThat(Handshake.verify(key, Role.NODE, clientNonce, Handshake.nonce(random), old))
                .isFalse();
    }

    @Test
    void anEmptyOrShortProofFails() {
        assertThat(Handshake.verify(key, Role.CLIENT, clientNonce, proxyNonce, new byte[0]))
                .isFalse();
        assertThat(Handshake.verify(key, Role.CLIENT, clientNonce, proxyNonce, null))
                .isFalse();
    }

    @Test
    void keyIdsNameTokensWithoutBeingThem() {
        assertThat(Handshake.keyId("a")).isEqualTo(Handshake.keyId("a")).isNotEqualTo(Handshake.keyId("b"));
        assertThat(Handshake.keyId("a")).hasSize(16).doesNotContain("a".repeat(2));
    }
}
