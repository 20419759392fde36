package io.mayfly.proxy.testnode;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.message.Auth;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Pong;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardData;
import io.mayfly.protocol.message.ShardDelete;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.protocol.message.ShardPut;
import io.mayfly.protocol.segment.SegmentWriter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal function node for the proxy's tests (lambda-node is the real one): dials the proxy,
 * says HELLO with its token, serves SHARD_PUT/GET/DELETE from this instance's memory (which
 * survives between invocations, as on Lambda) and returns on BYE, or when idle once the proxy
 * agreed to its BYE (serving on meanwhile, as lambda-node does).
 *
 * <p>Test hooks ({@link #instances()}) only work when instances run in this JVM.
 */
public final class MemoryNodeHandler implements RequestStreamHandler {

    private static final Map<String, MemoryNodeHandler> INSTANCES = new ConcurrentHashMap<>();
    /** The request id of this node's BYE (HELLO's is 1). */
    private static final long BYE_ID = 2;

    private final String instanceId = UUID.randomUUID().toString();
    private final Map<ShardKey, byte[]> shards = new ConcurrentHashMap<>();
    private final AtomicLong storedBytes = new AtomicLong();
    private final long boundBytes = Long.getLong("mayfly.test-node.bound-bytes", 1L << 30);
    private volatile String nodeId;
    private volatile long replyDelayMs;
    private final AtomicLong repliesSent = new AtomicLong();
    private volatile String forgedToken;
    private volatile boolean dieMidTransfer;
    private volatile boolean dropConnection;
    /** Shard reads still answered before the connection is dropped at the next; negative: never. */
    private final java.util.concurrent.atomic.AtomicInteger readsBeforeDrop =
            new java.util.concurrent.atomic.AtomicInteger(-1);

    private volatile CountDownLatch acksHeld;
    private final java.util.concurrent.atomic.AtomicInteger heldAcks = new java.util.concurrent.atomic.AtomicInteger();

    /** The instances that ran in this JVM, by node id (the latest instance of each). */
    public static Map<String, MemoryNodeHandler> instances() {
        return INSTANCES;
    }

    public String instanceId() {
        return instanceId;
    }

    public Map<ShardKey, byte[]> shards() {
        return shards;
    }

    public long storedBytes() {
        return storedBytes.get();
    }

    /** Shard reads answered so far. */
    public long repliesSent() {
        return repliesSent.get();
    }

    /** Holds back the OK of every stored shard until {@link #releaseAcks()} (a slow write). */
    public void holdAcks() {
        acksHeld = new CountDownLatch(1);
    }

    public void releaseAcks() {
        CountDownLatch held = acksHeld;
        acksHeld = null;
        if (held != null) {
            held.countDown();
        }
    }

    /** Shards stored whose OK is being held back. */
    public int heldAcks() {
        return heldAcks.get();
    }

    /** At the next shard read: send the header and half the shard, then drop the connection. */
    public void dieMidTransfer() {
        dieMidTransfer = true;
    }

    /** At the next shard read: drop the connection before answering; the memory stays. */
    public void dropConnectionAtNextRead() {
        dropConnection = true;
    }

    /** As {@link #dropConnectionAtNextRead}, after answering {@code answered} shard reads first. */
    public void dropConnectionAfterReads(int answered) {
        readsBeforeDrop.set(answered);
    }

    /** Delays every shard answer (a slow or frozen node). */
    public void delayReplies(long millis) {
        replyDelayMs = millis;
    }

    /** Presents this token instead of the one in the payload at the next invocation. */
    public void forgeToken(String token) {
        forgedToken = token;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        NodeInvocation invocation = NodeInvocation.fromJson(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        nodeId = invocation.nodeId();
        INSTANCES.put(nodeId, this);
        long served = serve(invocation);
        output.write(("{\"instanceId\":\"" + instanceId + "\",\"shards\":" + shards.size() + ",\"bytes\":"
                        + storedBytes.get() + ",\"served\":" + served + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private long serve(NodeInvocation invocation) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("test-node-" + invocation.nodeId(), true), NioIoHandler.newFactory());
        CountDownLatch done = new CountDownLatch(1);
        Session session = new Session(invocation, done);
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            WireCodec.install(ch.pipeline(), WireLimits.DEFAULT).addLast(session);
                        }
                    })
                    .connect(invocation.proxyHost(), invocation.proxyPort())
                    .syncUninterruptibly()
                    .channel();
            // Idle time counts from the connection, not from the start of a slow cold start.
            session.lastActive = System.currentTimeMillis();
            String token = forgedToken != null ? forgedToken : invocation.token();
            forgedToken = null;
            session.key = Handshake.key(token);
            session.nonce = Handshake.nonce(new SecureRandom());
            channel.writeAndFlush(Hello.node(
                    1,
                    invocation.nodeId(),
                    Handshake.keyId(invocation.token()),
                    session.nonce,
                    instanceId,
                    shards.size(),
                    storedBytes.get(),
                    0));
            long deadline = System.currentTimeMillis() + invocation.maxServeMs();
            while (!done.await(Math.max(1, Math.min(idleMs(session, invocation), 200)), TimeUnit.MILLISECONDS)) {
                long now = System.currentTimeMillis();
                // A shard still streaming in is work in progress, not idleness.
                boolean idle = session.greeted
                        && !session.leaving
                        && session.pendingPuts() == 0
                        && now - session.lastActive > idleMs(session, invocation);
                if (now > deadline) {
                    channel.writeAndFlush(new Bye(0)).awaitUninterruptibly(1, TimeUnit.SECONDS);
                    break;
                }
                if (idle) {
                    session.leaving = true;
                    channel.writeAndFlush(new Bye(BYE_ID));
                }
            }
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            return session.served;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return session.served;
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    /** As lambda-node: the idle-return time, but at least 20 ms before the first request arrives. */
    private static long idleMs(Session session, NodeInvocation invocation) {
        return session.served == 0 ? Math.max(invocation.idleReturnMs(), 20) : invocation.idleReturnMs();
    }

    private final class Session extends SimpleChannelInboundHandler<Message> {
        final CountDownLatch done;
        final Map<Long, PendingPut> puts = new ConcurrentHashMap<>();
        volatile long lastActive = System.currentTimeMillis();
        volatile boolean greeted;
        /** BYE sent, no answer yet. */
        volatile boolean leaving;

        volatile byte[] key;
        volatile byte[] nonce;
        volatile long served;

        int pendingPuts() {
            return puts.size();
        }

        Session(NodeInvocation invocation, CountDownLatch done) {
            super(false);
            this.done = done;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message m) {
            lastActive = System.currentTimeMillis();
            if (m instanceof HelloOk ok) {
                greeted = true;
                byte[] proxyNonce = ok.nonce().toByteArray();
                ctx.writeAndFlush(new Auth(
                        ok.requestId(), Bytes.copyOf(Handshake.proof(key, Handshake.Role.NODE, nonce, proxyNonce))));
                return;
            }
            if (m instanceof Ok && m.requestId() == BYE_ID && leaving) {
                done.countDown();
                return;
            }
            if (m instanceof ErrorMessage e && e.code() == ErrorCode.BUSY && m.requestId() == BYE_ID) {
                leaving = false;
                return;
            }
            if (m instanceof ErrorMessage || m instanceof Bye) {
                done.countDown();
                return;
            }
            if (m instanceof Ping p) {
                ctx.writeAndFlush(new Pong(p.requestId()));
                return;
            }
            served++;
            if (m instanceof ShardPut put) {
                long room = boundBytes - storedBytes.get();
                puts.put(
                        put.requestId(),
                        new PendingPut(put, put.totalLength() <= room ? new byte[(int) put.totalLength()] : null));
            } else if (m instanceof Segment s) {
                try {
                    PendingPut p = puts.get(s.requestId());
                    if (p == null) {
                        return;
                    }
                    int n = s.payload().readableBytes();
                    if (p.bytes != null && p.received + n <= p.bytes.length) {
                        s.payload().readBytes(p.bytes, p.received, n);
                    } else {
                        p.overflow = true;
                    }
                    p.received += n;
                    if (s.end()) {
                        puts.remove(s.requestId());
                        finish(ctx, p);
                    }
                } finally {
                    s.release();
                }
            } else if (m instanceof ShardGet get
                    && (dropConnection || readsBeforeDrop.getAndUpdate(n -> n < 0 ? n : n - 1) == 0)) {
                dropConnection = false;
                ctx.close();
            } else if (m instanceof ShardGet get) {
                byte[] bytes = shards.get(get.key());
                long delay = replyDelayMs;
                Runnable reply = () -> {
                    repliesSent.incrementAndGet();
                    if (bytes == null) {
                        ctx.writeAndFlush(
                                new ErrorMessage(get.requestId(), ErrorCode.NOT_FOUND, "no shard " + get.key()));
                    } else {
                        // A ranged get (as the proxy's gets send) answers the range, cut at the shard's end.
                        int from = (int) Math.min(get.offset(), bytes.length);
                        int n = get.ranged() ? (int) Math.min(get.length(), bytes.length - from) : bytes.length;
                        ctx.write(new ShardData(get.requestId(), bytes.length, Crc32c.of(bytes)));
                        if (dieMidTransfer && n > 1) {
                            dieMidTransfer = false;
                            ctx.writeAndFlush(new Segment(
                                            get.requestId(),
                                            0,
                                            false,
                                            io.netty.buffer.Unpooled.wrappedBuffer(bytes, from, n / 2)))
                                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                        } else {
                            SegmentWriter.write(
                                    ctx.channel(),
                                    get.requestId(),
                                    0,
                                    io.netty.buffer.Unpooled.wrappedBuffer(bytes, from, n),
                                    1 << 20);
                        }
                    }
                };
                if (delay > 0) {
                    ctx.executor().schedule(reply, delay, TimeUnit.MILLISECONDS);
                } else {
                    reply.run();
                }
            } else if (m instanceof io.mayfly.protocol.message.ListShards list) {
                java.util.List<io.mayfly.protocol.message.Inventory.Entry> entries = new java.util.ArrayList<>();
                shards.forEach((key, bytes) ->
                        entries.add(new io.mayfly.protocol.message.Inventory.Entry(key, Crc32c.of(bytes))));
                ctx.writeAndFlush(new io.mayfly.protocol.message.Inventory(list.requestId(), true, entries));
            } else if (m instanceof ShardDelete delete) {
                byte[] removed = shards.remove(delete.key());
                if (removed != null) {
                    storedBytes.addAndGet(-removed.length);
                }
                ctx.writeAndFlush(new Ok(delete.requestId()));
            } else {
                ReferenceCountUtil.release(m);
            }
        }

        private void finish(ChannelHandlerContext ctx, PendingPut p) {
            if (p.bytes == null) {
                ctx.writeAndFlush(new ErrorMessage(
                        p.put.requestId(),
                        ErrorCode.NO_ROOM,
                        "node " + nodeId + " holds " + storedBytes.get() + " of " + boundBytes + " bytes"));
            } else if (p.overflow || p.received != p.bytes.length || Crc32c.of(p.bytes) != p.put.crc32c()) {
                ctx.writeAndFlush(new ErrorMessage(
                        p.put.requestId(), ErrorCode.CHECKSUM, "shard " + p.put.key() + " arrived damaged"));
            } else {
                byte[] previous = shards.put(p.put.key(), p.bytes);
                storedBytes.addAndGet(p.bytes.length - (previous == null ? 0 : previous.length));
                CountDownLatch held = acksHeld;
                if (held == null) {
                    ctx.writeAndFlush(new Ok(p.put.requestId()));
                } else {
                    heldAcks.incrementAndGet();
                    // Waits off the event loop, so reads keep being served meanwhile.
                    Thread waiter = new Thread(
                            () -> {
                                try {
                                    held.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                heldAcks.decrementAndGet();
                                ctx.writeAndFlush(new Ok(p.put.requestId()));
                            },
                            "held-ack");
                    waiter.setDaemon(true);
                    waiter.start();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.countDown();
            ctx.fireChannelInactive();
        }
    }

    private static final class PendingPut {
        final ShardPut put;
        final byte[] bytes;
        int received;
        boolean overflow;

        PendingPut(ShardPut put, byte[] bytes) {
            this.put = put;
            this.bytes = bytes;
        }
    }
}
