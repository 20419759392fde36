package io.mayfly.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Who may use the proxy's ports: the shared auth token clients must prove they know, the TLS
 * identity of each listener, and where the node listener binds when not beside the client one.
 *
 * @param authToken      the clients' shared token, or null for none (loopback or an explicit opt-out)
 * @param insecureNoAuth the operator chose to serve unauthenticated clients on a network
 * @param nodeBindHost   the node listener's address, or null for {@link ProxySettings#bindHost()}
 * @param tls            the proxy's certificate and key, or null for plain TCP
 * @param tlsClients     TLS on the client listener (needs {@code tls})
 * @param tlsNodes       TLS on the node listener (needs {@code tls})
 */
public record ProxySecurity(
        @Nullable String authToken,
        boolean insecureNoAuth,
        @Nullable String nodeBindHost,
        @Nullable ProxyTls tls,
        boolean tlsClients,
        boolean tlsNodes) {

    /** No token, no TLS, both listeners on the settings' bind host: loopback and embedded use. */
    public static final ProxySecurity NONE = new ProxySecurity(null, false, null, null, false, false);

    public ProxySecurity {
        if ((tlsClients || tlsNodes) && tls == null) {
            throw new IllegalArgumentException("TLS on a listener needs a certificate and key (--tls-cert, --tls-key)");
        }
    }

    /** Only the clients' auth token. */
    /** The TLS material, asked for only when {@link #tlsClients()} or {@link #tlsNodes()} holds. */
    public ProxyTls requireTls() {
        if (tls == null) {
            throw new IllegalStateException("TLS is on for a listener but no certificate was given");
        }
        return tls;
    }

    public static ProxySecurity withToken(@Nullable String token) {
        return new ProxySecurity(token, false, null, null, false, false);
    }

    public ProxySecurity withTls(ProxyTls identity, boolean clients, boolean nodes) {
        return new ProxySecurity(authToken, insecureNoAuth, nodeBindHost, identity, clients, nodes);
    }

    public ProxySecurity withNodeBindHost(String host) {
        return new ProxySecurity(authToken, insecureNoAuth, host, tls, tlsClients, tlsNodes);
    }

    /** The address the node listener binds to. */
    String nodeHost(ProxySettings settings) {
        return nodeBindHost != null ? nodeBindHost : settings.bindHost();
    }

    /**
     * Refuses a client listener reachable from other machines with no token: anyone who reached
     * it could read, overwrite and delete every value.
     *
     * @throws IllegalStateException naming the remedy
     */
    void requireAuthOffLoopback(String clientBindHost) {
        if (authToken != null || insecureNoAuth || isLoopback(clientBindHost)) {
            return;
        }
        throw new IllegalStateException("the client listener binds to " + clientBindHost
                + ", which is not loopback, and no auth token is set: anyone who reaches it could read and"
                + " delete every value. Give the clients' shared token with --auth-token-file FILE (or the"
                + " MAYFLY_AUTH_TOKEN environment variable), bind to 127.0.0.1, or accept the risk with"
                + " --insecure-no-auth");
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
