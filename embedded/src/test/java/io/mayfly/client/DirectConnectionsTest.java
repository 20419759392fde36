package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Calls on connections the calling thread drives itself: answers, atomicity, bounds, close. */
class DirectConnectionsTest {

    private static final CodingSettings CODING = new CodingSettings(4, 2, 64 * 1024, 1L << 30);

    private static ProxySettings settings() {
        return ProxySettings.DEFAULTS
                .withCoding(4, 2, 64 * 1024)
                .withPool(6, 256)
                .withPorts(0, 0)
                .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000));
    }

    private static ProxyObjectStore store(InetSocketAddress proxy, long timeoutMs, int callerConnections) {
        return ProxyObjectStore.remote(
                List.of(proxy), timeoutMs, 2_000, 1 << 20, ClientSecurity.NONE, callerConnections);
    }

    @Test
    void smallAndErasureCodedValuesTravelOnCallerDrivenConnectionsAlone() {
        try (ProxyServer proxy = ProxyServer.start(settings(), new DirectInvoker());
                ProxyObjectStore store = store(proxy.clientAddress(), 20_000, 4)) {
            KeySpace space = store.keySpace("direct", CODING);
            Random random = new Random(7);
            for (int size : new int[] {0, 1024, 64 * 1024, 3 << 20}) {
                byte[] key = ("k" + size).getBytes();
                byte[] value = new byte[size];
                random.nextBytes(value);
                long version = space.put(key, value, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES);
                assertThat(version).isPositive();
                StoredValue read = space.get(key);
                assertThat(read.value()).isEqualTo(value);
                assertThat(read.version()).isEqualTo(version);
                assertThat(space.head(key).version()).isEqualTo(version);
                assertThat(space.put(key, value, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES))
                        .isEqualTo(KeySpace.CONFLICT);
                assertThat(space.touch(key, version, 123_456L)).isTrue();
                assertThat(space.remove(key, version)).isTrue();
                assertThat(space.get(key)).isNull();
            }
            long lease = space.acquireLease("leased".getBytes(), 5_000, 1_000);
            assertThat(space.put(
                            "leased".getBytes(), "x".getBytes(), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES, lease))
                    .isPositive();
            // Every keyed call went over a caller-driven connection: the shared ones never opened.
            assertThat(store.connectedToAll()).isFalse();
            assertThat(space.callBoundMs()).isEqualTo(20_000);
        }
    }

    @Test
    void concurrentCreatesOnOneKeyHaveExactlyOneWinnerWithFewerConnectionsThanThreads() throws Exception {
        try (ProxyServer proxy = ProxyServer.start(settings(), new DirectInvoker());
                ProxyObjectStore store = store(proxy.clientAddress(), 20_000, 3)) {
            KeySpace space = store.keySpace("race", CODING);
            int threads = 12;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 20; round++) {
                    byte[] key = ("key" + round).getBytes();
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Long>> outcomes = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        byte[] value = ("writer" + t).getBytes();
                        Callable<Long> create = () -> {
                            start.await();
                            return space.put(key, value, KeySpace.ABSENT, KeySpace.NEVER_EXPIRES);
                        };
                        outcomes.add(pool.submit(create));
                    }
                    start.countDown();
                    List<Long> won = new ArrayList<>();
                    for (Future<Long> outcome : outcomes) {
                        long version = outcome.get();
                        if (version != KeySpace.CONFLICT) {
                            won.add(version);
                        }
                    }
                    assertThat(won).hasSize(1);
                    assertThat(space.get(key).version()).isEqualTo(won.get(0));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aProxyThatNeverAnswersFailsTheCallWithinTheOperationTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // The test ended.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (ProxyObjectStore store = store(new InetSocketAddress("127.0.0.1", silent.getLocalPort()), 300, 2)) {
                KeySpace space = store.keySpace("silent", CODING);
                assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () -> assertThatThrownBy(() -> space.get("k".getBytes()))
                                .isInstanceOf(StoreUnavailableException.class)
                                .hasMessageContaining("300 ms"));
            }
        }
    }

    @Test
    void aCallInProgressFailsWhenTheStoreClosesAndLaterCallsAreRefused() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    List<Socket> held = new ArrayList<>();
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // The test ended.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ProxyObjectStore store = store(new InetSocketAddress("127.0.0.1", silent.getLocalPort()), 60_000, 2);
            KeySpace space = store.keySpace("closing", CODING);
            ExecutorService caller = Executors.newSingleThreadExecutor();
            try {
                Future<StoredValue> pending = caller.submit(() -> space.get("k".getBytes()));
                // The call is parked on its socket once the connection is lent out.
                while (store.borrowedConnections() == 0 && !pending.isDone()) {
                    Thread.onSpinWait();
                }
                store.close();
                assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () -> assertThatThrownBy(pending::get).hasCauseInstanceOf(StoreUnavailableException.class));
                assertThatThrownBy(() -> space.get("k".getBytes())).isInstanceOf(IllegalStateException.class);
            } finally {
                caller.shutdownNow();
            }
        }
    }

    @Test
    void aConnectionTheProxyClosedWhileIdleIsReplacedNotFailed() {
        ProxyServer first = ProxyServer.start(settings(), new DirectInvoker());
        int port = first.clientAddress().getPort();
        try (ProxyObjectStore store = store(new InetSocketAddress("127.0.0.1", port), 20_000, 2)) {
            KeySpace space = store.keySpace("restart", CODING);
            space.put("a".getBytes(), "one".getBytes(), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            first.close();
            try (ProxyServer second = ProxyServer.start(settings().withPorts(port, 0), new DirectInvoker())) {
                // The idle connection saw the first proxy close: it is retired, a new one carries the call.
                assertThat(space.put("b".getBytes(), "two".getBytes(), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES))
                        .isPositive();
                assertThat(space.get("b".getBytes()).value()).isEqualTo("two".getBytes());
            }
        }
    }
}
