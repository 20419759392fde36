package io.mayfly.node;

import io.netty.handler.ssl.SslHandler;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS to the proxy, trusting exactly one certificate: the one whose SHA-256 the invocation
 * payload names. A function has no trust store to configure, and the payload comes from the
 * proxy through Lambda's authenticated Invoke API, so the pin is as trustworthy as the token.
 * The JDK's SSLEngine only: no OpenSSL on the function's cold-start path.
 */
final class PinnedTls {

    private PinnedTls() {}

    /** A client-mode TLS handler for the proxy at host:port that accepts only the pinned certificate. */
    static SslHandler handler(String host, int port, String sha256Hex) {
        byte[] pin = HexFormat.of().parseHex(sha256Hex);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinningTrustManager(pin)}, null);
            SSLEngine engine = context.createSSLEngine(host, port);
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            return new SslHandler(engine);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS client: " + e.getMessage(), e);
        }
    }

    private record PinningTrustManager(byte[] pin) implements X509TrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the proxy presented no certificate");
            }
            byte[] actual;
            try {
                actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            } catch (GeneralSecurityException e) {
                throw new CertificateException("cannot fingerprint the proxy's certificate", e);
            }
            if (!MessageDigest.isEqual(actual, pin)) {
                throw new CertificateException("the proxy's certificate has SHA-256 "
                        + HexFormat.of().formatHex(actual) + ", not the one the invocation pinned ("
                        + HexFormat.of().formatHex(pin) + ")");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a node never accepts TLS clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
