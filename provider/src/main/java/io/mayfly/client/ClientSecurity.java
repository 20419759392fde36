package io.mayfly.client;

import io.mayfly.protocol.auth.AuthToken;
import io.netty.channel.Channel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * How a client proves itself to remote proxies and checks them: the shared auth token (the key
 * of the handshake; never sent) and, with TLS, the trusted certificates. One per store: several
 * proxies ({@code mayfly.proxy=h1:p,h2:p}) share one token.
 *
 * @param token the shared auth token, or null when the proxies require none
 * @param tls   the TLS client context, or null for plain TCP
 */
public record ClientSecurity(
        @Nullable String token, @Nullable SslContext tls) {

    public static final String AUTH_TOKEN_FILE = "mayfly.auth.token-file";
    public static final String AUTH_TOKEN = "mayfly.auth.token";
    public static final String TLS_ENABLED = "mayfly.tls.enabled";
    public static final String TLS_TRUST_CERTIFICATES = "mayfly.tls.trust-certificates";

    /** No token, plain TCP: a proxy on loopback, or the in-JVM channel. */
    public static final ClientSecurity NONE = new ClientSecurity(null, null);

    /**
     * Reads {@code mayfly.auth.token-file} (or {@code mayfly.auth.token}), {@code mayfly.tls.enabled}
     * and {@code mayfly.tls.trust-certificates} (PEM; default the JDK's trust store).
     *
     * @throws IllegalArgumentException naming the setting when a value cannot be used
     */
    public static ClientSecurity fromSettings(Map<String, String> settings) {
        @Nullable String token = null;
        String file = settings.get(AUTH_TOKEN_FILE);
        String inline = settings.get(AUTH_TOKEN);
        if (file != null && !file.isBlank()) {
            token = AuthToken.readFile(Path.of(file.trim()), AUTH_TOKEN_FILE);
        } else if (inline != null && !inline.isBlank()) {
            token = AuthToken.check(inline, AUTH_TOKEN);
        }
        String enabled = settings.getOrDefault(TLS_ENABLED, "false").trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException(TLS_ENABLED + "='" + enabled + "' must be true or false");
        }
        String trust = settings.get(TLS_TRUST_CERTIFICATES);
        if (enabled.equals("false")) {
            if (trust != null && !trust.isBlank()) {
                throw new IllegalArgumentException(
                        TLS_TRUST_CERTIFICATES + " is set but " + TLS_ENABLED + " is not true: set both");
            }
            return new ClientSecurity(token, null);
        }
        return new ClientSecurity(token, tlsContext(trust == null || trust.isBlank() ? null : Path.of(trust.trim())));
    }

    private static SslContext tlsContext(@Nullable Path trustCertificates) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .endpointIdentificationAlgorithm("HTTPS");
            if (trustCertificates != null) {
                builder.trustManager(trustCertificates.toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot build the TLS client context from " + TLS_TRUST_CERTIFICATES + "=" + trustCertificates
                            + " (PEM certificates): " + e.getMessage(),
                    e);
        }
    }

    /** The TLS handler for a connection to {@code proxy}, checking its name against the certificate. */
    SslHandler tlsHandler(Channel channel, InetSocketAddress proxy) {
        SslContext tls = this.tls;
        if (tls == null) {
            throw new IllegalStateException("TLS handler asked of a client without TLS");
        }
        return tls.newHandler(channel.alloc(), proxy.getHostString(), proxy.getPort());
    }
}
