package io.mayfly.tck.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mayfly.testing.proxy.ProxyProcess;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The proxy process stops (crashed by SIGKILL, or frozen by SIGSTOP): every operation throws
 * {@link CacheException} within its timeout and {@code close()} returns; when a proxy comes back
 * on the same port, the managers that stayed open work again with no action ("failure
 * behaviour"). Bounds are generous multiples of the timeout: they catch hangs, not slowness.
 */
class ProxyStoppedTest {

    private static final long TIMEOUT_MS = 2_000;
    private static final Duration BOUND = Duration.ofMillis(3 * TIMEOUT_MS);

    private final CachingProvider provider = Caching.getCachingProvider("io.mayfly.jcache.MayflyCachingProvider");
    private ProxyProcess proxy;

    @BeforeEach
    void startProxy() {
        proxy = ProxyProcess.start(
                RemoteTestSetup.proxyJar(), RemoteTestSetup.nodeJar(), 0, RemoteTestSetup.log("stopped-proxy.log"));
    }

    @AfterEach
    void stop() {
        if (proxy.isAlive()) {
            signal("CONT");
        }
        proxy.close();
    }

    @Test
    void operationsFailWithinTheirTimeoutWhileTheProxyIsDownAndWorkAgainWhenItIsBack() {
        CacheManager closing = manager("mayfly:stopped-closing");
        CacheManager staying = manager("mayfly:stopped-staying");
        Cache<String, String> doomed = cache(closing);
        Cache<String, String> cache = cache(staying);
        firstPut(doomed);
        firstPut(cache);
        assertThat(cache.get("k")).isEqualTo("v");
        int port = proxy.clientPort();

        proxy.kill();

        assertFailsPromptly(() -> cache.get("k"));
        assertFailsPromptly(() -> cache.put("k", "w"));
        assertFailsPromptly(() -> cache.containsKey("k"));
        assertFailsPromptly(() -> cache.invoke("k", (entry, args) -> entry.getValue()));
        assertFailsPromptly(() -> cache.remove("k"));
        assertFailsPromptly(() -> cache.putIfAbsent("other", "v"));
        assertTimeoutPreemptively(BOUND, closing::close, "close() with the proxy down");
        assertThat(closing.isClosed()).isTrue();

        proxy = ProxyProcess.start(
                RemoteTestSetup.proxyJar(), RemoteTestSetup.nodeJar(), port, RemoteTestSetup.log("stopped-proxy.log"));

        // The new proxy starts empty; the same manager and cache reconnect on their own.
        Awaitility.await()
                .atMost(30, TimeUnit.SECONDS)
                .ignoreExceptionsInstanceOf(CacheException.class)
                .until(() -> {
                    cache.put("k", "back");
                    return true;
                });
        assertThat(cache.get("k")).isEqualTo("back");
        String invoked = cache.invoke("k", (entry, args) -> entry.getValue() + "!");
        assertThat(invoked).isEqualTo("back!");
        staying.close();
    }

    @Test
    void operationsTimeOutAndCloseReturnsWhileTheProxyIsFrozen() {
        CacheManager manager = manager("mayfly:frozen");
        Cache<String, String> cache = cache(manager);
        firstPut(cache);

        signal("STOP");

        assertFailsPromptly(() -> cache.get("k"));
        assertFailsPromptly(() -> cache.put("k", "w"));
        assertTimeoutPreemptively(BOUND.multipliedBy(2), manager::close, "close() with the proxy frozen");
        assertThat(manager.isClosed()).isTrue();
    }

    private CacheManager manager(String uri) {
        Properties properties = new Properties();
        properties.setProperty("mayfly.proxy", proxy.address());
        properties.setProperty("mayfly.operation-timeout-ms", Long.toString(TIMEOUT_MS));
        properties.setProperty("mayfly.connect-timeout-ms", Long.toString(TIMEOUT_MS));
        properties.setProperty("mayfly.key-space-scope", "manager");
        return provider.getCacheManager(URI.create(uri), getClass().getClassLoader(), properties);
    }

    private static Cache<String, String> cache(CacheManager manager) {
        return manager.createCache(
                "c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    /**
     * The first call of a fresh JVM loads the client's classes and connects; on a loaded machine
     * that can outlast the short timeout these tests use, so it may be retried.
     */
    private static void firstPut(Cache<String, String> cache) {
        Awaitility.await()
                .atMost(60, TimeUnit.SECONDS)
                .ignoreExceptionsInstanceOf(CacheException.class)
                .until(() -> {
                    cache.put("k", "v");
                    return true;
                });
    }

    private static void assertFailsPromptly(Executable operation) {
        assertTimeoutPreemptively(
                BOUND, () -> assertThatThrownBy(operation::execute).isInstanceOf(CacheException.class));
    }

    /** SIGSTOP freezes the proxy with its sockets open: calls reach it and get no answer. */
    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(proxy.pid()))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot send SIG" + name + " to the proxy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
