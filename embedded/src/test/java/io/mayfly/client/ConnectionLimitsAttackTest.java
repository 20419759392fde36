package io.mayfly.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.proxy.ConnectionLimits;
import io.mayfly.proxy.ProxyServer;
import io.mayfly.proxy.ProxySettings;
import io.mayfly.proxy.node.BillingWindow;
import io.mayfly.proxy.testnode.DirectInvoker;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One test per way a client could exhaust the proxy: each offender is closed (or holds only what
 * it sent), and the values and other clients are untouched.
 */
class ConnectionLimitsAttackTest {

    private static final ProxySettings SETTINGS = ProxySettings.DEFAULTS
            .withCoding(4, 2, 1024)
            .withPool(6, 256)
            .withPorts(0, 0)
            .withTimeouts(10_000, 10_000, new BillingWindow(1, 60_000, 120_000));

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ObjectStore client(ProxyServer proxy) {
        return ProxyObjectStore.remote(List.of(proxy.clientAddress()), 10_000, 2_000, 1 << 20);
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5_000);
        return socket;
    }

    @Test
    void aHeaderDeclaringTheWholePoolThenDisconnectingEvictsNothing() throws IOException {
        try (ProxyServer proxy = ProxyServer.start(SETTINGS, new DirectInvoker());
                ObjectStore store = client(proxy)) {
            KeySpace space = store.keySpace("victims", new CodingSettings(4, 2, 1024, 1L << 30));
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                values.add(random((1 << 20) + i, i));
                space.put(("v" + i).getBytes(), values.get(i), KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            }
            long storedBefore = proxy.stats().storedBytes();
            int shardLength = (int) proxy.settings().nodeCapacityBytes();
            ValueLayout wholePool =
                    new ValueLayout(4L * shardLength, 4, 2, shardLength, 0, Collections.nCopies(6, 0), false);
            try (Socket attacker = connect(proxy.clientAddress())) {
                OutputStream out = attacker.getOutputStream();
                out.write(WireFrames.encode(
                        new ObjectPut(7, "victims", Bytes.copyOf("huge".getBytes()), -1, 0, wholePool)));
                // A first kilobyte of shard 0: it claims a kilobyte, not the declared shard.
                out.write(WireFrames.encode(new Segment(7, 0, false, Unpooled.wrappedBuffer(new byte[1024]))));
                out.flush();
                await().atMost(Duration.ofSeconds(20)).until(() -> proxy.stats().storedBytes() >= storedBefore + 1024);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.stats().storedBytes() == storedBefore);
            assertThat(proxy.stats().values()).isEqualTo(6);
            for (int i = 0; i < 6; i++) {
                assertThat(space.get(("v" + i).getBytes()).value()).isEqualTo(values.get(i));
            }
        }
    }

    @Test
    void twoThousandHalfSentFramesAreClosedAndAnotherClientIsServed() throws IOException {
        ConnectionLimits limits = ConnectionLimits.DEFAULTS.withTimeouts(10_000, 1_000);
        try (ProxyServer proxy = ProxyServer.start(SETTINGS, limits, new DirectInvoker())) {
            byte[] frame = WireFrames.encode(
                    new ObjectPut(1, "half", Bytes.copyOf(new byte[600]), -1, 0, ValueLayout.inline(10, 0)));
            List<Socket> halfSent = new ArrayList<>();
            try {
                for (int i = 0; i < 2_000; i++) {
                    Socket socket = connect(proxy.clientAddress());
                    halfSent.add(socket);
                    socket.getOutputStream().write(frame, 0, frame.length / 2);
                }
                // Past max-client-connections a connection is refused at once; the others, stuck
                // inside their frame, are closed when idle (which also frees slots meanwhile).
                for (Socket socket : halfSent) {
                    assertThat(WireFrames.readUntilClosed(socket, 30_000))
                            .containsAnyOf("max-client-connections", "idle-timeout-ms");
                }
            } finally {
                for (Socket socket : halfSent) {
                    socket.close();
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.openClientConnections() == 0);
            try (ObjectStore store = client(proxy)) {
                KeySpace space = store.keySpace("half", new CodingSettings(4, 2, 1024, 1L << 30));
                byte[] value = random(100_000, 3);
                space.put("k".getBytes(), value, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
                assertThat(space.get("k".getBytes()).value()).isEqualTo(value);
            }
        }
    }

    @Test
    void aClientThatStopsReadingHoldsBackOnlyItsOwnGets() throws IOException {
        ConnectionLimits limits = ConnectionLimits.DEFAULTS.withInFlight(4096, 4L << 20);
        try (ProxyServer proxy = ProxyServer.start(SETTINGS, limits, new DirectInvoker());
                ObjectStore store = client(proxy)) {
            KeySpace space = store.keySpace("shared", new CodingSettings(4, 2, 1024, 1L << 30));
            byte[] big = random(24 << 20, 1);
            byte[] other = random((1 << 20) + 5, 2);
            space.put("big".getBytes(), big, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);
            space.put("other".getBytes(), other, KeySpace.ANY_VERSION, KeySpace.NEVER_EXPIRES);

            try (Socket slow = new Socket()) {
                slow.setReceiveBufferSize(4096);
                slow.connect(proxy.clientAddress(), 5_000);
                slow.getOutputStream()
                        .write(WireFrames.encode(new ObjectGet(1, "shared", Bytes.copyOf("big".getBytes()), true)));
                slow.getOutputStream().flush();
                // Every node link carries the slow client's shards too; the other gets must still finish.
                for (int i = 0; i < 5; i++) {
                    assertThat(space.get("other".getBytes()).value()).isEqualTo(other);
                }
                // The stalled get waits within its connection's bound rather than pulling its value
                // into the proxy, and goes on once the client reads: whole, and nobody closed.
                assertThat(proxy.queuedClientBytes()).isLessThanOrEqualTo(limits.maxBytesInFlightPerConnection());
                Map<Integer, Long> streams = WireFrames.readStreams(slow, 4, 30_000);
                assertThat(streams.values().stream().mapToLong(Long::longValue).sum())
                        .isGreaterThanOrEqualTo(big.length);
                assertThat(streams)
                        .allSatisfy((shard, bytes) -> assertThat(bytes).isLessThanOrEqualTo(big.length / 4));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.queuedClientBytes() == 0);
            assertThat(space.get("big".getBytes()).value()).isEqualTo(big);
        }
    }
}
