package io.mayfly.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mayfly.protocol.codec.MessageEncoder;
import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ClearSpace;
import io.mayfly.protocol.message.DropSpace;
import io.mayfly.protocol.message.ListKeys;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.ObjectDelete;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.ObjectTouch;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.proxy.index.ObjectMeta;
import io.mayfly.proxy.metrics.ProxyMetrics;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodeInvoker;
import io.mayfly.proxy.node.NodePool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided, structure-aware: sequences of well-formed and damaged frames from one client
 * through the proxy's real client pipeline (codec, admission, session, puts, the small-value tier;
 * nodes refuse to start, so erasure puts and gets fail as with an unreachable pool). Nothing may
 * escape the pipeline, and once the connection is gone no claimed room and no pinned reservation
 * may be left beyond what committed values own.
 */
class ClientSessionFuzzTest {

    private static final ProxySettings SETTINGS = ProxySettings.DEFAULTS
            .withCoding(2, 1, 1024)
            .withPool(4, 256)
            .withSmallTier(64 << 10)
            .withPinnedMaxBytes(16 << 10);
    private static final WireLimits LIMITS = WireLimits.withSegmentCap(SETTINGS.segmentCapBytes());
    private static final String[] SPACES = {"a", "b"};

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuzz-timer");
        t.setDaemon(true);
        return t;
    });
    private static final NodeInvoker NO_FUNCTIONS = new NodeInvoker() {
        @Override
        public CompletableFuture<InvocationResult> invoke(String functionName, byte[] payload) {
            return CompletableFuture.failedFuture(new IOException("no functions while fuzzing"));
        }

        @Override
        public void close() {}
    };
    private static final NodePool<NodeChannel> POOL = new NodePool<>(
            NodePool.functionNames("fuzz-", SETTINGS.poolSize()),
            NO_FUNCTIONS,
            (command, name, token) -> new byte[0],
            Duration.ofMillis(50),
            TIMER);

    /** Meters over nothing: the fuzz target checks the store's own ledgers, not its metrics. */
    private static final ProxyMetrics METRICS = IdleMetrics.of(SETTINGS);

    @AfterAll
    static void stop() {
        POOL.close();
        TIMER.shutdownNow();
    }

    @FuzzTest(maxDuration = "3m")
    void framesFromOneClient(FuzzedDataProvider data) {
        StoreCoordinator store = new StoreCoordinator(SETTINGS, POOL, METRICS);
        ClientBudgets budgets = new ClientBudgets(ConnectionLimits.DEFAULTS.withInFlight(16, 256 << 10));
        EmbeddedChannel channel = new EmbeddedChannel();
        WireCodec.install(channel.pipeline(), LIMITS)
                .addLast(new ClientAdmission(budgets, true))
                .addLast(new ClientSession(store))
                .addLast(ReadGate.relay());
        try {
            int steps = data.consumeInt(1, 24);
            for (int i = 0; i < steps && channel.isOpen() && data.remainingBytes() > 0; i++) {
                byte[] bytes = data.consumeBoolean() ? frame(data) : data.consumeBytes(data.consumeInt(0, 64));
                if (bytes.length > 0) {
                    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
                }
                channel.runPendingTasks();
                drainOutbound(channel);
            }
            channel.runPendingTasks();
            channel.checkException();
        } finally {
            channel.close();
            channel.runPendingTasks();
            drainOutbound(channel);
            channel.finishAndReleaseAll();
        }
        assertThat(store.storage.placement.usedBytes())
                .as("node room claimed after the client left")
                .isZero();
        long pinnedOwned = 0;
        for (String space : SPACES) {
            for (ObjectMeta meta : store.storage.index.entriesOf(space)) {
                pinnedOwned += meta.pinned() ? meta.footprintBytes() : 0;
            }
        }
        assertThat(store.storage.pinned.usedBytes())
                .as("pinned bytes beyond committed values")
                .isEqualTo(pinnedOwned);
        assertThat(budgets.openConnections()).isZero();
        assertThat(budgets.queuedDirectBytes()).isZero();
    }

    private static void drainOutbound(EmbeddedChannel channel) {
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ReferenceCountUtil.release(o);
        }
    }

    /** One frame the client could send, built from the input; sometimes cut short. */
    private static byte[] frame(FuzzedDataProvider data) {
        long id = data.consumeInt(0, 7);
        String space = SPACES[data.consumeInt(0, 1)];
        Bytes key = Bytes.copyOf(data.consumeBytes(data.consumeInt(0, 8)));
        long expected = data.consumeInt(-1, 3);
        Message message;
        try {
            message = switch (data.consumeInt(0, 9)) {
                case 0 ->
                    new ObjectPut(
                            id,
                            space,
                            key,
                            expected,
                            0,
                            ValueLayout.inline(length(data), data.consumeLong()),
                            data.consumeBoolean());
                case 1 -> {
                    int k = data.consumeInt(1, 4);
                    int r = data.consumeInt(0, 2);
                    List<Integer> crcs = new ArrayList<>();
                    for (int s = 0; s < k + r; s++) {
                        crcs.add(data.consumeInt());
                    }
                    int shard = (int) Math.min(Integer.MAX_VALUE, length(data));
                    yield new ObjectPut(
                            id,
                            space,
                            key,
                            expected,
                            0,
                            new ValueLayout(length(data), k, r, shard, data.consumeLong(), crcs, false),
                            data.consumeBoolean());
                }
                case 2, 3 ->
                    new Segment(
                            id,
                            data.consumeInt(0, 7),
                            data.consumeBoolean(),
                            Unpooled.wrappedBuffer(data.consumeBytes(data.consumeInt(0, 2048))));
                case 4 -> new ObjectGet(id, space, key, data.consumeBoolean());
                case 5 -> new ObjectDelete(id, space, key, expected);
                case 6 -> new ObjectTouch(id, space, key, expected, data.consumeLong());
                case 7 -> new ListKeys(id, space);
                case 8 -> data.consumeBoolean() ? new ClearSpace(id, space) : new DropSpace(id, space);
                default -> new Ping(id);
            };
        } catch (IllegalArgumentException invalid) {
            return new byte[0]; // the encoder's side refuses it; a raw-bytes step covers garbage
        }
        byte[] bytes = encode(message);
        if (data.consumeInt(0, 7) == 0) {
            return java.util.Arrays.copyOf(bytes, data.consumeInt(0, bytes.length));
        }
        return bytes;
    }

    private static long length(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> data.consumeInt(0, 64);
            case 1 -> data.consumeInt(0, 4096);
            case 2 -> data.consumeLong(0, 1L << 40);
            default -> data.consumeInt(0, 1 << 20);
        };
    }

    private static byte[] encode(Message message) {
        EmbeddedChannel encoder = new EmbeddedChannel(new MessageEncoder(LIMITS));
        try {
            encoder.writeOutbound(message);
        } catch (RuntimeException tooLarge) {
            encoder.finishAndReleaseAll();
            return new byte[0];
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ByteBuf b = encoder.readOutbound(); b != null; b = encoder.readOutbound()) {
            out.writeBytes(io.netty.buffer.ByteBufUtil.getBytes(b));
            b.release();
        }
        encoder.finishAndReleaseAll();
        return out.toByteArray();
    }
}
