package io.mayfly.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.codec.MessageEncoder;
import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.ListShards;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardDelete;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.protocol.message.ShardPut;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided, structure-aware: what a proxy (or whoever reaches a node) could send one
 * invocation's serve session, after or instead of HELLO_OK. Nothing may escape the pipeline, and
 * once the connection is gone the store holds no reservation beyond its committed shards.
 */
class ServeSessionFuzzTest {

    private static final int CAP = 4096;
    private static final WireLimits LIMITS = WireLimits.withSegmentCap(CAP);
    private static final NodeSettings SETTINGS = new NodeSettings(0, 0, 0, 500, 10, 5000, CAP);
    private static final NodeInvocation INVOCATION =
            new NodeInvocation(NodeCommand.SERVE, "127.0.0.1", 1, "node-0", "token", 1, 60_000, 120_000);

    @FuzzTest(maxDuration = "3m")
    void framesFromAProxy(FuzzedDataProvider data) {
        ShardStore store = new ShardStore(64 << 10);
        long now = System.nanoTime();
        ServeSession session = new ServeSession(
                store,
                new RecentRequests(),
                INVOCATION,
                "instance",
                SETTINGS,
                1,
                2,
                now,
                now + TimeUnit.MINUTES.toNanos(1),
                now + TimeUnit.MINUTES.toNanos(1));
        EmbeddedChannel channel = new EmbeddedChannel();
        WireCodec.install(channel.pipeline(), LIMITS);
        channel.pipeline().addLast(session);
        try {
            if (data.consumeBoolean()) {
                // A proxy that knows the invocation's token: the session goes on to serve.
                Hello hello = nodeHello(channel);
                byte[] proxyNonce = new byte[Handshake.NONCE_BYTES];
                byte[] proof = Handshake.proof(
                        Handshake.key(INVOCATION.token()),
                        Handshake.Role.PROXY,
                        hello.nonce().toByteArray(),
                        proxyNonce);
                channel.writeInbound(Unpooled.wrappedBuffer(encode(new HelloOk(
                        hello.requestId(),
                        data.consumeInt(1, CAP + 1),
                        Bytes.copyOf(proxyNonce),
                        Bytes.copyOf(proof)))));
            }
            int steps = data.consumeInt(1, 24);
            for (int i = 0; i < steps && channel.isOpen() && data.remainingBytes() > 0; i++) {
                byte[] bytes = data.consumeBoolean() ? frame(data) : data.consumeBytes(data.consumeInt(0, 64));
                if (bytes.length > 0) {
                    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
                }
                channel.runPendingTasks();
                drain(channel);
            }
            channel.checkException();
        } finally {
            channel.close();
            channel.runPendingTasks();
            drain(channel);
            channel.finishAndReleaseAll();
        }
        assertThat(store.accountedBytes())
                .as("reservations left after the connection closed")
                .isEqualTo(store.storedBytes());
        assertThat(store.storedBytes()).isLessThanOrEqualTo(store.capacityBytes());
    }

    /** The HELLO the session sent on connecting, decoded. */
    private static Hello nodeHello(EmbeddedChannel channel) {
        channel.runPendingTasks();
        EmbeddedChannel decoder = new EmbeddedChannel();
        WireCodec.install(decoder.pipeline(), LIMITS);
        try {
            for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
                decoder.writeInbound(b);
            }
            Object first = decoder.readInbound();
            assertThat(first).isInstanceOf(Hello.class);
            return (Hello) first;
        } finally {
            decoder.finishAndReleaseAll();
        }
    }

    private static void drain(EmbeddedChannel channel) {
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ReferenceCountUtil.release(o);
        }
    }

    private static byte[] frame(FuzzedDataProvider data) {
        long id = data.consumeInt(0, 7);
        ShardKey key = new ShardKey(
                data.consumeBoolean() ? "a" : "b",
                Bytes.copyOf(data.consumeBytes(data.consumeInt(0, 4))),
                data.consumeInt(0, 3),
                data.consumeInt(0, 3));
        Message message;
        try {
            message = switch (data.consumeInt(0, 8)) {
                case 0 ->
                    new ShardPut(
                            id,
                            key,
                            data.consumeBoolean() ? data.consumeInt(0, 8192) : data.consumeLong(0, Long.MAX_VALUE),
                            data.consumeInt());
                case 1, 2 ->
                    new Segment(
                            id,
                            data.consumeInt(0, 2),
                            data.consumeBoolean(),
                            Unpooled.wrappedBuffer(data.consumeBytes(data.consumeInt(0, CAP))));
                case 3 -> new ShardGet(id, key);
                case 4 -> new ShardDelete(id, key);
                case 5 -> new ListShards(id);
                case 6 -> new Ping(id);
                case 7 -> new ErrorMessage(id, ErrorCode.of(data.consumeInt(0, 13)), "fuzz");
                default -> new Bye(id);
            };
        } catch (IllegalArgumentException invalid) {
            return new byte[0];
        }
        byte[] bytes = encode(message);
        if (data.consumeInt(0, 7) == 0) {
            return java.util.Arrays.copyOf(bytes, data.consumeInt(0, bytes.length));
        }
        return bytes;
    }

    private static byte[] encode(Message message) {
        EmbeddedChannel encoder = new EmbeddedChannel(new MessageEncoder(LIMITS));
        try {
            encoder.writeOutbound(message);
        } catch (RuntimeException refused) {
            encoder.finishAndReleaseAll();
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b = encoder.readOutbound(); b != null; b = encoder.readOutbound()) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        encoder.finishAndReleaseAll();
        return out.toByteArray();
    }
}
