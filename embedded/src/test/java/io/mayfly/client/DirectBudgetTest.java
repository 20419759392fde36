package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.proxy.ConnectionLimits;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The proxy-wide budget of direct memory for get data (buffered-direct-bytes) paces gets like the
 * per-connection bound does: clients that read are slowed to fit it, never closed; only a client
 * that stopped reading holds back its own get and nothing else.
 */
class DirectBudgetTest {

    private static final ProxySettings SETTINGS = ProxySettings.DEFAULTS
            .withCoding(4, 2, 1024)
            .withPool(6, 256)
            .withPorts(0, 0)
            .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000));

    /** Each connection may hold 4 MiB, all of them together 2 MiB: one get alone can fill the budget. */
    private static final ConnectionLimits LIMITS =
            ConnectionLimits.DEFAULTS.withInFlight(4096, 4L << 20).withBufferedDirectBytes(2L << 20);

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ObjectStore client(ProxyServer proxy) {
        return ProxyObjectStore.remote(List.of(proxy.clientAddress()), 30_000, 2_000, 1 << 20);
    }

    @Test
    void twoClientsReadingLargeValuesAtOnceOverTheBudgetAreSlowedNotClosed() throws Exception {
        try (ProxyServer proxy = ProxyServer.start(SETTINGS, LIMITS, new DirectInvoker());
                ObjectStore first = client(proxy);
                ObjectStore second = client(proxy)) {
            CodingSettings coding = new CodingSettings(4, 2, 1024, 1L << 30);
            KeySpace a = first.keySpace("budget", coding);
            KeySpace b = second.keySpace("budget", coding);
            byte[] one = random(24 << 20, 1);
            byte[] two = random((24 << 20) + 7, 2);
            a.put("one".getBytes(), one, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            b.put("two".getBytes(), two, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            for (int round = 0; round < 3; round++) {
                CompletableFuture<byte[]> other = CompletableFuture.supplyAsync(
                        () -> b.get("two".getBytes()).value());
                assertThat(a.get("one".getBytes()).value()).isEqualTo(one);
                assertThat(other.get()).isEqualTo(two);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.queuedClientBytes() == 0);
        }
    }

    /**
     * Whether the stalled client is closed depends on how much the kernel's socket buffers absorb
     * before it counts as stalled; what must hold either way is that it keeps no more than its own
     * bound and that the other client's gets finish.
     */
    @Test
    void aClientThatStopsReadingHoldsBackOnlyItsOwnGet() throws Exception {
        try (ProxyServer proxy = ProxyServer.start(SETTINGS, LIMITS, new DirectInvoker());
                ObjectStore store = client(proxy)) {
            KeySpace space = store.keySpace("budget", new CodingSettings(4, 2, 1024, 1L << 30));
            byte[] big = random(24 << 20, 3);
            byte[] other = random((1 << 20) + 5, 4);
            space.put("big".getBytes(), big, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            space.put("other".getBytes(), other, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(proxy.clientAddress(), 5_000);
                stalled.getOutputStream()
                        .write(WireFrames.encode(new ObjectGet(1, "budget", Bytes.copyOf("big".getBytes()), true)));
                stalled.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(20)).until(() -> proxy.queuedClientBytes() > 0);
                for (int i = 0; i < 3; i++) {
                    assertThat(space.get("other".getBytes()).value()).isEqualTo(other);
                    assertThat(proxy.queuedClientBytes()).isLessThanOrEqualTo(LIMITS.maxBytesInFlightPerConnection());
                }
            }
            // Closing the stalled socket gives back what it held.
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.queuedClientBytes() == 0);
            assertThat(space.get("big".getBytes()).value()).isEqualTo(big);
        }
    }
}
