package io.mayfly.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mayfly.client.CodingSettings;
import io.mayfly.client.KeySpace;
import io.mayfly.client.ObjectStore;
import io.mayfly.client.ObjectStoreFactory;
import io.mayfly.client.ProxyStoreFactory;
import io.mayfly.client.StoredValue;
import io.mayfly.proxy.LocalFunctions;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.node.LambdaInvoker;
import io.mayfly.proxy.node.NodeInvoker;
import io.mayfly.proxy.node.NodeState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Lambda throttles every invocation (429, past the account's concurrency) while the functions
 * holding a value are asleep: the value is there but cannot be read. getAndPut must fail with a
 * CacheException, never take the unreadable value for absent and re-upload in a loop; at most two
 * uploads are sent. The preemptive limit below only catches a hang; it asserts no speed.
 */
class ThrottledGetAndPutTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** Puts the client sent, whatever their outcome. */
    static final AtomicInteger UPLOADS = new AtomicInteger();

    private LocalFunctions functions;
    private ThrottleSwitch invoker;
    private ProxyServer proxy;
    private MayflyCachingProvider provider;

    /** The SDK invoker to lambda-local, or Lambda's answer past the concurrency limit when switched. */
    private static final class ThrottleSwitch implements NodeInvoker {
        final NodeInvoker real;
        final AtomicBoolean throttled = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();

        ThrottleSwitch(NodeInvoker real) {
            this.real = real;
        }

        @Override
        public CompletableFuture<InvocationResult> invoke(String functionName, byte[] payload) {
            if (throttled.get()) {
                refused.incrementAndGet();
                return CompletableFuture.failedFuture(TooManyRequestsException.builder()
                        .message("Rate Exceeded.")
                        .statusCode(429)
                        .build());
            }
            return real.invoke(functionName, payload);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** The remote store, counting the puts each of its key spaces sends. */
    public static final class CountingStoreFactory implements ObjectStoreFactory {
        @Override
        public ObjectStore open(Map<String, String> settings) {
            ObjectStore store = new ProxyStoreFactory().open(settings);
            return new ObjectStore() {
                @Override
                public KeySpace keySpace(String name, CodingSettings coding) {
                    return new CountingSpace(store.keySpace(name, coding));
                }

                @Override
                public void dropKeySpace(String name) {
                    store.dropKeySpace(name);
                }

                @Override
                public void close() {
                    store.close();
                }
            };
        }
    }

    private record CountingSpace(KeySpace space) implements KeySpace {
        @Override
        public String name() {
            return space.name();
        }

        @Override
        public StoredValue get(byte[] key) {
            return space.get(key);
        }

        @Override
        public StoredValue head(byte[] key) {
            return space.head(key);
        }

        @Override
        public long put(byte[] key, byte[] value, long expectedVersion, long expiresAtMillis, long leaseId) {
            UPLOADS.incrementAndGet();
            return space.put(key, value, expectedVersion, expiresAtMillis, leaseId);
        }

        @Override
        public boolean remove(byte[] key, long expectedVersion, long leaseId) {
            return space.remove(key, expectedVersion, leaseId);
        }

        @Override
        public long acquireLease(byte[] key, long leaseMs, long waitMs) {
            return space.acquireLease(key, leaseMs, waitMs);
        }

        @Override
        public void releaseLease(byte[] key, long leaseId) {
            space.releaseLease(key, leaseId);
        }

        @Override
        public boolean touch(byte[] key, long expectedVersion, long expiresAtMillis) {
            return space.touch(key, expectedVersion, expiresAtMillis);
        }

        @Override
        public List<byte[]> keys() {
            return space.keys();
        }

        @Override
        public void clear() {
            space.clear();
        }
    }

    @BeforeEach
    void start() {
        // Nodes return after 300 ms idle, so the value's functions are asleep when throttling starts.
        ProxySettings settings = ProxySettings.DEFAULTS
                .withCoding(4, 2, 0)
                .withPool(6, 256)
                .withPorts(0, 0)
                .withTimeouts(20_000, 10_000, new BillingWindow(1, 300, 600_000))
                .withKeepAlive(0, 0, false, ProxySettings.DEFAULT_REPAIR_RATE_BYTES_PER_SECOND);
        functions = LocalFunctions.start(settings, LocalFunctions.NodeCode.DEFAULT);
        invoker = new ThrottleSwitch(LambdaInvoker.forEndpoint(
                functions.endpoint(), settings.region(), Duration.ofMinutes(1), settings.poolSize()));
        proxy = ProxyServer.start(settings, invoker);
        provider = new MayflyCachingProvider();
    }

    @AfterEach
    void stop() {
        provider.close();
        proxy.close();
        invoker.close();
        functions.close();
    }

    @Test
    void getAndPutOfAValueNoFunctionCanServeFailsAfterAtMostTwoUploads() {
        Properties properties = new Properties();
        properties.setProperty("mayfly.store-factory", CountingStoreFactory.class.getName());
        properties.setProperty(
                "mayfly.proxy",
                proxy.clientAddress().getHostString() + ":"
                        + proxy.clientAddress().getPort());
        properties.setProperty("mayfly.small-value-threshold-bytes", "0");
        properties.setProperty("mayfly.data-shards", "4");
        properties.setProperty("mayfly.parity-shards", "2");
        properties.setProperty("mayfly.operation-timeout-ms", "30000");
        CacheManager manager = provider.getCacheManager(
                URI.create("test:throttled"), getClass().getClassLoader(), properties);
        Cache<String, String> cache = manager.createCache(
                "throttled", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        cache.put("k", "stored while Lambda answered");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        IntStream.range(0, proxy.poolSize()).noneMatch(n -> proxy.nodeState(n) == NodeState.SERVING));

        invoker.throttled.set(true);
        UPLOADS.set(0);
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG_GUARD, () -> cache.getAndPut("k", "new value")))
                .isInstanceOf(CacheException.class);
        assertThat(invoker.refused.get()).as("invocations Lambda throttled").isPositive();
        assertThat(UPLOADS.get()).as("uploads of the new value").isLessThanOrEqualTo(2);

        invoker.throttled.set(false);
        assertThat(cache.get("k"))
                .as("the value stays readable once Lambda answers")
                .isEqualTo("stored while Lambda answered");
    }
}
