package io.mayfly.proxy;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's TLS identity: a server context built from a PEM certificate chain and PKCS#8 PEM
 * key, and the SHA-256 fingerprint of the leaf certificate, which nodes pin (a function cannot
 * be given a trust store, but it can be given the fingerprint in its invocation payload).
 * OpenSSL (netty-tcnative) serves when it is on the class path, else the JDK's engine.
 */
public final class ProxyTls {

    private static final Logger log = LoggerFactory.getLogger(ProxyTls.class);

    /** TLS 1.3 first; 1.2 for clients whose JDK or policy lacks it. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SslContext context;
    private final String fingerprint;

    private ProxyTls(SslContext context, String fingerprint) {
        this.context = context;
        this.fingerprint = fingerprint;
    }

    /**
     * Loads the identity.
     *
     * @throws IllegalArgumentException naming the file and the option when it cannot be used
     */
    public static ProxyTls load(Path certificateChain, Path privateKey) {
        X509Certificate leaf;
        try (InputStream in = Files.newInputStream(certificateChain)) {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "cannot read a PEM certificate from " + certificateChain + " (--tls-cert): " + e.getMessage(), e);
        }
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        try {
            SslContext context = SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .build();
            log.info("TLS identity {} loaded ({} provider)", leaf.getSubjectX500Principal(), provider);
            return new ProxyTls(context, fingerprint(leaf));
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot use the TLS certificate " + certificateChain + " (--tls-cert)"
                            + " with the key " + privateKey + " (--tls-key; PEM, PKCS#8 'BEGIN PRIVATE KEY'): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Hex SHA-256 of a certificate's DER encoding. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint the TLS certificate: " + e.getMessage(), e);
        }
    }

    SslContext context() {
        return context;
    }

    /** Hex SHA-256 of the leaf certificate, as nodes pin it. */
    public String fingerprint() {
        return fingerprint;
    }
}
