package io.mayfly.proxy.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.auth.Handshake;
import org.junit.jupiter.api.Test;

class NodeTokensTest {

    private final NodeTokens<String> tokens = new NodeTokens<>();

    @Test
    void aTokenIsNamedByItsKeyIdAndGrantsOnce() {
        String token = tokens.issue(1, "attempt 1");
        assertThat(tokens.named(1, Handshake.keyId(token))).isEqualTo(token);
        assertThat(tokens.redeem(1, token)).isEqualTo("attempt 1");
        assertThat(tokens.redeem(1, token)).as("tokens are one-time").isNull();
        assertThat(tokens.named(1, Handshake.keyId(token))).isNull();
    }

    @Test
    void aRevokedTokenGrantsNothing() {
        String token = tokens.issue(0, "attempt 1");
        tokens.revoke(0, token);
        assertThat(tokens.named(0, Handshake.keyId(token))).isNull();
        assertThat(tokens.redeem(0, token)).isNull();
    }

    @Test
    void aTokenGrantsOnlyForTheNodeItWasIssuedFor() {
        String token = tokens.issue(0, "attempt 1");
        assertThat(tokens.named(1, Handshake.keyId(token))).isNull();
        assertThat(tokens.redeem(1, token)).isNull();
        assertThat(tokens.redeem(0, token)).isEqualTo("attempt 1");
    }

    @Test
    void eachTokenIsFreshAndANodeMayHoldSeveral() {
        String first = tokens.issue(2, "first");
        String second = tokens.issue(2, "second");
        assertThat(first).isNotEqualTo(second).hasSize(32);
        assertThat(tokens.named(2, Handshake.keyId(second))).isEqualTo(second);
        assertThat(tokens.named(2, "no such key id")).isNull();
        assertThat(tokens.redeem(2, first)).isEqualTo("first");
        assertThat(tokens.redeem(2, second)).isEqualTo("second");
    }
}
