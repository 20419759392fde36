package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mayfly.client.UnreachableObjectStoreFactory;
import io.mayfly.client.UnreachableObjectStoreFactory.State;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Caches created while the proxy is unreachable: creation succeeds, operations fail with
 * CacheException until the proxy answers, then work. The preemptive limit only catches a hang.
 */
class ProxyDownAtStartupTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    @Test
    void aCacheCreatedWhileTheRemoteProxyIsDownWorksOnceAProxyListensOnItsPort() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Properties properties = new Properties();
        properties.setProperty("mayfly.proxy", "127.0.0.1:" + port);
        properties.setProperty("mayfly.operation-timeout-ms", "2000");
        properties.setProperty("mayfly.connect-timeout-ms", "500");
        try (MayflyCachingProvider provider = new MayflyCachingProvider()) {
            CacheManager manager = provider.getCacheManager(
                    URI.create("test:down-at-startup"), getClass().getClassLoader(), properties);
            Cache<String, String> cache = assertTimeoutPreemptively(
                    HANG_GUARD, () -> manager.createCache("orders", new MutableConfiguration<String, String>()));
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(CacheException.class);
                assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class);
            });
            ProxySettings settings = ProxySettings.DEFAULTS
                    .withCoding(4, 2, 1024)
                    .withPool(6, 256)
                    .withPorts(port, 0)
                    .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000));
            try (ProxyServer proxy = ProxyServer.start(settings, new DirectInvoker())) {
                await().atMost(HANG_GUARD)
                        .ignoreExceptionsInstanceOf(CacheException.class)
                        .untilAsserted(() -> cache.put("k", "v"));
                assertThat(cache.get("k")).isEqualTo("v");
                manager.close();
            }
        }
    }

    @Test
    void aStoreThatRefusesToOpenTheKeySpaceFailsOperationsNotCreation(org.junit.jupiter.api.TestInfo test) {
        String switchName = test.getDisplayName();
        AtomicReference<State> proxy = UnreachableObjectStoreFactory.switchNamed(switchName);
        proxy.set(State.REFUSING);
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", UnreachableObjectStoreFactory.class.getName());
        properties.setProperty("mayfly.operation-timeout-ms", "200");
        properties.setProperty("mayfly.store.test-switch", switchName);
        try (MayflyCachingProvider provider = new MayflyCachingProvider()) {
            CacheManager manager = provider.getCacheManager(
                    URI.create("test:refusing-at-startup"), getClass().getClassLoader(), properties);
            Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>());
            assertThatThrownBy(() -> cache.get("k"))
                    .isInstanceOf(CacheException.class)
                    .hasMessageContaining("refused");
            proxy.set(State.UP);
            cache.put("k", "v");
            assertThat(cache.get("k")).isEqualTo("v");
        } finally {
            proxy.set(State.UP);
        }
    }
}
