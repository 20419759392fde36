package io.mayfly.node;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Auth;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardData;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardKey;
import io.mayfly.protocol.message.ShardPut;
import io.mayfly.protocol.segment.SegmentWriter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal proxy for tests: accepts node connections, answers HELLO with HELLO_OK and a proof
 * keyed by the token it issued (a made-up proof for a token it does not know; ERROR when told to
 * refuse), checks the node's AUTH, and lets the test drive shard requests and read the node's answers.
 * SEGMENTs the node sends are copied into {@link ReceivedSegment}s so tests own no buffers.
 */
final class FakeProxy implements AutoCloseable {

    /** A SEGMENT from the node, copied out. */
    record ReceivedSegment(long requestId, boolean end, byte[] bytes) {}

    static final long TIMEOUT_SECONDS = 20;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final int segmentCapBytes;
    private final BlockingQueue<Hello> hellos = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong requestIds = new AtomicLong(1000);
    private volatile boolean refuse;
    /** When set, a node's BYE is left for the test to answer. */
    private volatile boolean holdByes;

    private final SecureRandom random = new SecureRandom();
    /** The one-time tokens this proxy issued, by key id (the tests' invocations use these). */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Nonces and key of the HELLO answered last, for checking the node's AUTH. */
    private volatile byte[][] pending;
    /** Whether each AUTH the node sent held a valid proof. */
    private final BlockingQueue<Boolean> auths = new LinkedBlockingQueue<>();

    private volatile Channel node;

    FakeProxy(int segmentCapBytes) throws InterruptedException {
        this(segmentCapBytes, null);
    }

    /** A fake proxy whose node port speaks TLS with {@code tls} (null for plain TCP). */
    FakeProxy(int segmentCapBytes, SslContext tls) throws InterruptedException {
        issued("token-1", "t", "token");
        this.segmentCapBytes = segmentCapBytes;
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        WireCodec.install(ch.pipeline(), WireLimits.DEFAULT);
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<Message>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
                                onMessage(ctx.channel(), msg);
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    private void onMessage(Channel ch, Message msg) {
        if (msg instanceof Hello hello) {
            node = ch;
            if (refuse) {
                ch.writeAndFlush(new ErrorMessage(
                                hello.requestId(),
                                ErrorCode.AUTH_FAILED,
                                "token of " + hello.nodeId() + " is not valid"))
                        .addListener(f -> ch.close());
            } else {
                byte[] proxyNonce = Handshake.nonce(random);
                String token = tokens.get(hello.keyId());
                // An impostor knows the request id but not the token: its proof is made up.
                byte[] proof = token == null
                        ? Handshake.nonce(random)
                        : Handshake.proof(
                                Handshake.key(token),
                                Handshake.Role.PROXY,
                                hello.nonce().toByteArray(),
                                proxyNonce);
                pending = new byte[][] {
                    hello.nonce().toByteArray(), proxyNonce, token == null ? null : Handshake.key(token)
                };
                ch.writeAndFlush(
                        new HelloOk(hello.requestId(), segmentCapBytes, Bytes.copyOf(proxyNonce), Bytes.copyOf(proof)));
            }
            hellos.add(hello);
        } else if (msg instanceof Auth auth) {
            byte[][] p = pending;
            boolean valid = p != null
                    && p[2] != null
                    && Handshake.verify(
                            p[2], Handshake.Role.NODE, p[0], p[1], auth.proof().toByteArray());
            auths.add(valid);
        } else if (msg instanceof Segment s) {
            received.add(new ReceivedSegment(s.requestId(), s.end(), ByteBufUtil.getBytes(s.payload())));
        } else if (msg instanceof Bye bye && bye.requestId() != 0 && !holdByes) {
            // A node asking to return, and nothing in flight to it here: agreed, as the proxy would.
            received.add(msg);
            ch.writeAndFlush(new Ok(bye.requestId()));
        } else {
            received.add(msg);
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Proves itself with these one-time tokens (as if it had issued them); the defaults are the tests'. */
    void issued(String... issued) {
        tokens.clear();
        for (String t : issued) {
            tokens.put(Handshake.keyId(t), t);
        }
    }

    /** The validity of the next AUTH the node sends. */
    boolean awaitAuth() throws InterruptedException {
        Boolean valid = auths.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (valid == null) {
            throw new AssertionError("no AUTH within " + TIMEOUT_SECONDS + " s");
        }
        return valid;
    }

    /** AUTH messages received so far and not yet awaited. */
    int pendingAuths() {
        return auths.size();
    }

    /** Takes every message received (besides HELLO and AUTH) and not yet taken. */
    java.util.List<Object> drainReceived() {
        java.util.List<Object> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** Leaves the node's BYEs to the test ({@link #send} OK or ERROR BUSY) instead of agreeing. */
    void holdByes(boolean hold) {
        this.holdByes = hold;
    }

    void refuseNextHellos(boolean refuse) {
        this.refuse = refuse;
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    Hello awaitHello() throws InterruptedException {
        Hello hello = hellos.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (hello == null) {
            throw new AssertionError("no HELLO within " + TIMEOUT_SECONDS + " s");
        }
        return hello;
    }

    Object next() throws InterruptedException {
        Object m = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("node sent nothing within " + TIMEOUT_SECONDS + " s");
        }
        return m;
    }

    long newRequestId() {
        return requestIds.incrementAndGet();
    }

    void send(Message m) {
        node.writeAndFlush(m);
    }

    /** Sends SHARD_PUT with the bytes' true crc (or {@code crc} if given) and its SEGMENTs; returns the answer. */
    Object put(ShardKey key, byte[] bytes, Integer crc) throws InterruptedException {
        long id = newRequestId();
        node.write(new ShardPut(id, key, bytes.length, crc != null ? crc : Crc32c.of(bytes)));
        SegmentWriter.write(node, id, 0, bytes.clone(), segmentCapBytes);
        return next();
    }

    Object put(ShardKey key, byte[] bytes) throws InterruptedException {
        return put(key, bytes, null);
    }

    /** The shard's bytes, after checking length and crc of SHARD_DATA; or the ERROR. */
    Object get(ShardKey key) throws InterruptedException {
        long id = newRequestId();
        send(new ShardGet(id, key));
        return receiveShard(id);
    }

    /** Bytes {@code [offset, offset + length)} of a shard by a ranged SHARD_GET; or the ERROR. */
    Object getRange(ShardKey key, long offset, long length) throws InterruptedException {
        long id = newRequestId();
        send(new ShardGet(id, key, offset, length));
        Object first = next();
        if (!(first instanceof ShardData)) {
            return first;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            ReceivedSegment s = (ReceivedSegment) next();
            if (s.requestId() != id) {
                throw new AssertionError("segment of request " + s.requestId() + ", expected " + id);
            }
            bytes.writeBytes(s.bytes());
            if (s.end()) {
                return bytes.toByteArray();
            }
        }
    }

    /** Stops (or resumes) reading from the node, as a proxy whose socket buffers are full. */
    void pauseReading(boolean paused) {
        node.config().setAutoRead(!paused);
    }

    /** The answer to SHARD_GET {@code id}: the shard's bytes after checking them, or the ERROR. */
    Object receiveShard(long id) throws InterruptedException {
        Object first = next();
        if (!(first instanceof ShardData data)) {
            return first;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            ReceivedSegment s = (ReceivedSegment) next();
            if (s.requestId() != id) {
                throw new AssertionError("segment of request " + s.requestId() + ", expected " + id);
            }
            if (s.bytes().length > segmentCapBytes) {
                throw new AssertionError("segment of " + s.bytes().length + " bytes over cap " + segmentCapBytes);
            }
            bytes.writeBytes(s.bytes());
            if (s.end()) {
                break;
            }
        }
        byte[] out = bytes.toByteArray();
        if (out.length != data.totalLength() || Crc32c.of(out) != data.crc32c()) {
            throw new AssertionError("SHARD_DATA says " + data + " but " + out.length + " bytes arrived");
        }
        return out;
    }

    /** Writes raw messages without waiting for anything. */
    void write(Message m) {
        node.write(m);
    }

    void flush() {
        node.flush();
    }

    /** Waits until the node's current connection is closed (by the node). */
    void awaitNodeClosed() throws InterruptedException {
        if (!node.closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("node connection still open after " + TIMEOUT_SECONDS + " s");
        }
    }

    /** Closes the node's connection (as a proxy that went away). */
    void dropNode() throws InterruptedException {
        node.close().sync();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
