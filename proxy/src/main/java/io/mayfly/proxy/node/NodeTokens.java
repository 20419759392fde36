package io.mayfly.proxy.node;

import io.mayfly.protocol.auth.Handshake;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One-time tokens of invocations: each is issued for one node with what it grants, travels in the
 * invocation's payload, is named in the node's HELLO by its key id (the token itself never crosses
 * the wire), and grants once. A token nobody redeemed is revoked when its invocation is given up.
 *
 * <p>Thread-safe, and calls nothing while holding its lock: the pool issues and revokes under a
 * node's lock.
 *
 * @param <G> what a token grants
 */
final class NodeTokens<G> {

    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Map<String, G>> byNode = new HashMap<>();

    /** A fresh token of the node granting {@code grant}, until it is redeemed or revoked. */
    synchronized String issue(int node, G grant) {
        String token = HexFormat.of().formatHex(randomBytes());
        byNode.computeIfAbsent(node, n -> new HashMap<>()).put(token, grant);
        return token;
    }

    /** The node's token whose key id a HELLO named, or null when the node holds none such. */
    synchronized @Nullable String named(int node, String keyId) {
        Map<String, G> tokens = byNode.get(node);
        if (tokens != null) {
            for (String token : tokens.keySet()) {
                if (Handshake.keyId(token).equals(keyId)) {
                    return token;
                }
            }
        }
        return null;
    }

    /** What the node's token grants, once: the token is spent. Null when the node holds no such token. */
    synchronized @Nullable G redeem(int node, String token) {
        Map<String, G> tokens = byNode.get(node);
        if (tokens == null) {
            return null;
        }
        G grant = tokens.remove(token);
        if (tokens.isEmpty()) {
            byNode.remove(node);
        }
        return grant;
    }

    /** The token grants nothing from now on (its invocation ended or was given up). */
    synchronized void revoke(int node, String token) {
        redeem(node, token);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }
}
