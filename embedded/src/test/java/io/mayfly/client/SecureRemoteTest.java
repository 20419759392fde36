package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.jcache.MayflyCachingProvider;
import io.mayfly.proxy.FunctionRuntime;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxySecurity;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.ProxyStack;
import io.mayfly.proxy.ProxyTls;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import io.mayfly.testing.SelfSignedPem;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote mode with the shared token and TLS, through javax.cache: the values go through real
 * lambda-node functions (in-process instances) that dial back over TLS and pin the certificate.
 */
class SecureRemoteTest {

    private static final String TOKEN = "secure-remote-test-token-0123456789";

    @TempDir
    static Path dir;

    static Path tokenFile;
    static SelfSignedPem certificate;
    static ProxyStack tlsProxy;
    static ProxyServer plainProxyA;
    static ProxyServer plainProxyB;

    @BeforeAll
    static void start() throws Exception {
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        certificate = SelfSignedPem.generate(dir, "proxy");
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 1024)
                .withPool(6, 256)
                .withPorts(0, 0)
                .withTimeouts(20_000, 10_000, new BillingWindow(1, 60_000, 120_000))
                .withRuntime(FunctionRuntime.LOCAL_IN_PROCESS, "us-east-1", "mayfly-node-");
        tlsProxy = ProxyStack.start(
                settings,
                ProxySecurity.withToken(TOKEN)
                        .withTls(ProxyTls.load(certificate.certificate(), certificate.privateKey()), true, true),
                LocalFunctions.NodeCode.DEFAULT);
        ProxySettings small = ProxySettings.DEFAULTS
                .withCoding(2, 1, 1024)
                .withPool(3, 256)
                .withPorts(0, 0)
                .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000));
        plainProxyA = ProxyServer.start(small, ProxySecurity.withToken(TOKEN), new DirectInvoker());
        plainProxyB = ProxyServer.start(small, ProxySecurity.withToken(TOKEN), new DirectInvoker());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {tlsProxy, plainProxyA, plainProxyB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing the others matters more
            }
        }
    }

    private static String address(InetSocketAddress a) {
        return "127.0.0.1:" + a.getPort();
    }

    private static Properties remote(String proxies) {
        Properties p = new Properties();
        p.setProperty("mayfly.proxy", proxies);
        p.setProperty("mayfly.operation-timeout-ms", "30000");
        p.setProperty("mayfly.connect-timeout-ms", "10000");
        p.setProperty("mayfly.data-shards", "4");
        p.setProperty("mayfly.parity-shards", "2");
        p.setProperty("mayfly.small-value-threshold-bytes", "1024");
        return p;
    }

    /** Runs {@code body} on a cache of a fresh manager with {@code properties}. */
    private static void withCache(
            String name, Properties properties, java.util.function.Consumer<Cache<String, byte[]>> body) {
        try (MayflyCachingProvider provider = new MayflyCachingProvider()) {
            CacheManager manager = provider.getCacheManager(
                    URI.create("test:" + name), SecureRemoteTest.class.getClassLoader(), properties);
            Cache<String, byte[]> cache = manager.createCache(
                    name, new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
            body.accept(cache);
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void valuesRoundTripOverTlsThroughFunctionsThatPinTheCertificate() {
        Properties p = remote(address(tlsProxy.server().clientAddress()));
        p.setProperty("mayfly.auth.token-file", tokenFile.toString());
        p.setProperty("mayfly.tls.enabled", "true");
        p.setProperty("mayfly.tls.trust-certificates", certificate.certificate().toString());
        byte[] large = random(3 << 20, 1);
        withCache("tls", p, cache -> {
            cache.put("large", large);
            cache.put("small", new byte[] {1, 2, 3});
            assertThat(cache.get("large")).isEqualTo(large);
            assertThat(cache.get("small")).containsExactly(1, 2, 3);
        });
        assertThat(tlsProxy.server().stats().storedBytes())
                .as("the large value's shards are on the functions")
                .isGreaterThanOrEqualTo(large.length);
    }

    @Test
    void severalProxiesShareOneTokenFile() {
        Properties p = remote(address(plainProxyA.clientAddress()) + "," + address(plainProxyB.clientAddress()));
        p.setProperty("mayfly.auth.token-file", tokenFile.toString());
        p.setProperty("mayfly.data-shards", "2");
        p.setProperty("mayfly.parity-shards", "1");
        withCache("shared-token", p, cache -> {
            for (int i = 0; i < 20; i++) {
                cache.put("k" + i, new byte[] {(byte) i});
            }
            for (int i = 0; i < 20; i++) {
                assertThat(cache.get("k" + i)).containsExactly((byte) i);
            }
        });
        assertThat(plainProxyA.stats().values()).as("keys went to both proxies").isPositive();
        assertThat(plainProxyB.stats().values()).isPositive();
    }

    @Test
    void aClientWithoutTheTokenGetsACacheExceptionNamingTheSetting() {
        Properties p = remote(address(plainProxyA.clientAddress()));
        withCache(
                "no-token",
                p,
                cache -> assertThatThrownBy(() -> cache.put("k", new byte[] {1}))
                        .isInstanceOf(CacheException.class)
                        .hasMessageContaining("mayfly.auth.token-file"));
    }

    @Test
    void aClientWithAnotherTokenGetsACacheExceptionNamingTheSetting() throws Exception {
        Path other = dir.resolve("other-token");
        Files.writeString(other, "another-token-that-is-long-enough");
        Properties p = remote(address(plainProxyA.clientAddress()));
        p.setProperty("mayfly.auth.token-file", other.toString());
        withCache(
                "wrong-token",
                p,
                cache -> assertThatThrownBy(() -> cache.get("k"))
                        .isInstanceOf(CacheException.class)
                        .hasMessageContaining("mayfly.auth.token-file"));
    }

    @Test
    void aPlaintextClientOnTheTlsPortIsRefusedWithAClearError() {
        Properties p = remote(address(tlsProxy.server().clientAddress()));
        p.setProperty("mayfly.auth.token", TOKEN);
        withCache(
                "plain-on-tls",
                p,
                cache -> assertThatThrownBy(() -> cache.get("k"))
                        .isInstanceOf(CacheException.class)
                        .hasMessageContaining("closed the connection during the handshake")
                        .hasMessageContaining("mayfly.tls.enabled=true"));
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        SelfSignedPem stranger = SelfSignedPem.generate(dir, "stranger");
        Properties p = remote(address(tlsProxy.server().clientAddress()));
        p.setProperty("mayfly.auth.token", TOKEN);
        p.setProperty("mayfly.tls.enabled", "true");
        p.setProperty("mayfly.tls.trust-certificates", stranger.certificate().toString());
        withCache(
                "untrusted",
                p,
                cache -> assertThatThrownBy(() -> cache.get("k"))
                        .isInstanceOf(CacheException.class)
                        .hasMessageContaining("TLS")
                        .hasMessageContaining("mayfly.tls.trust-certificates"));
    }
}
