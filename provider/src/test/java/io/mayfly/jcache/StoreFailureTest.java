package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mayfly.client.StoreUnavailableException;
import io.mayfly.client.UnreachableObjectStoreFactory;
import io.mayfly.client.UnreachableObjectStoreFactory.State;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The proxy goes down under a working cache. Operations must fail with CacheException within the
 * operation timeout (200 ms here) and close() must return. The generous preemptive limits below
 * only catch a hang; they assert no speed.
 */
class StoreFailureTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private MayflyCachingProvider provider;
    private CacheManager manager;
    private Cache<String, String> cache;
    private AtomicReference<State> proxy;

    @BeforeEach
    void open(TestInfo test) {
        String switchName = test.getDisplayName();
        proxy = UnreachableObjectStoreFactory.switchNamed(switchName);
        proxy.set(State.UP);
        provider = new MayflyCachingProvider();
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", UnreachableObjectStoreFactory.class.getName());
        properties.setProperty("mayfly.operation-timeout-ms", "200");
        // This fake store does not time out by itself: the provider's guard must.
        properties.setProperty("mayfly.guard-store-calls", "true");
        properties.setProperty("mayfly.store.test-switch", switchName);
        manager = provider.getCacheManager(URI.create("test:down"), getClass().getClassLoader(), properties);
        cache = manager.createCache("c", new MutableConfiguration<>());
        cache.put("k", "v");
    }

    @AfterEach
    void close() {
        proxy.set(State.UP);
        provider.close();
    }

    @Test
    void hangingProxyFailsOperationsWithCacheExceptionAndCloseReturns() {
        proxy.set(State.HANGING);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThatThrownBy(() -> cache.get("k"))
                    .isInstanceOf(CacheException.class)
                    .hasMessageContaining("200 ms")
                    .hasMessageContaining("mayfly.operation-timeout-ms");
            assertThatThrownBy(() -> cache.put("k", "w")).isInstanceOf(CacheException.class);
            assertThatThrownBy(() -> cache.invoke("k", (e, a) -> e.getValue())).isInstanceOf(CacheException.class);
            assertThatThrownBy(() -> cache.iterator()).isInstanceOf(CacheException.class);
            manager.close();
        });
        assertThat(manager.isClosed()).isTrue();
        assertThat(cache.isClosed()).isTrue();
    }

    @Test
    void refusingProxyFailsOperationsWithCacheException() {
        proxy.set(State.REFUSING);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThatThrownBy(() -> cache.get("k"))
                    .isInstanceOf(CacheException.class)
                    .hasCauseInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("refused");
            assertThatThrownBy(() -> cache.remove("k")).isInstanceOf(CacheException.class);
            manager.close();
        });
    }

    @Test
    void operationsWorkAgainWhenTheProxyComesBack() {
        proxy.set(State.REFUSING);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class);
        proxy.set(State.UP);
        assertThat(cache.get("k")).isEqualTo("v");
        cache.put("k", "w");
        assertThat(cache.get("k")).isEqualTo("w");
    }
}
