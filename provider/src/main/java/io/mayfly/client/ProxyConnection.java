package io.mayfly.client;

import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one proxy, shared by every caller: requests carry ids and answers are routed
 * back by id, in whatever order they come. A lost connection fails its requests and is
 * re-established by the next request (automatic reconnect); close() never waits on the proxy.
 */
final class ProxyConnection implements ProxyRoute, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyConnection.class);

    /** Receives the answers to one request, on the connection's event loop. */
    interface Call {
        /** One answer message (a SEGMENT is handed over); returns true when the call is complete. */
        boolean answer(Message message);

        /** The call cannot complete: connection lost or closed. */
        void failed(StoreUnavailableException cause);
    }

    private final String name;
    private final SocketAddress address;
    private final EventLoopGroup group;
    private final long connectTimeoutMs;
    private final WireLimits limits;
    private final ClientSecurity security;
    private final SecureRandom random;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Call> calls = new ConcurrentHashMap<>();
    private final Object connectLock = new Object();
    private volatile @Nullable Channel channel;
    private volatile boolean closed;

    ProxyConnection(
            String name, SocketAddress address, EventLoopGroup group, long connectTimeoutMs, int segmentCapBytes) {
        this(name, address, group, connectTimeoutMs, segmentCapBytes, ClientSecurity.NONE, new SecureRandom());
    }

    ProxyConnection(
            String name,
            SocketAddress address,
            EventLoopGroup group,
            long connectTimeoutMs,
            int segmentCapBytes,
            ClientSecurity security,
            SecureRandom random) {
        this.name = name;
        this.security = security;
        this.random = random;
        this.address = address;
        this.group = group;
        this.connectTimeoutMs = connectTimeoutMs;
        this.limits = WireLimits.withSegmentCap(segmentCapBytes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int segmentCapBytes() {
        return limits.segmentCapBytes();
    }

    /**
     * Sends a request (and, through {@code then}, anything that follows it on the same id).
     *
     * @return the request id, to {@link #abandon} on timeout
     * @throws StoreUnavailableException when the proxy cannot be reached
     */
    @Override
    public long send(
            LongFunction<Message> request, Call call, java.util.function.@Nullable BiConsumer<Channel, Long> then) {
        Channel ch = connected();
        long id = ids.incrementAndGet();
        calls.put(id, call);
        ch.write(request.apply(id));
        if (then != null) {
            then.accept(ch, id);
        }
        ch.flush();
        if (!ch.isActive()) {
            fail(id, new StoreUnavailableException("connection to proxy " + name + " closed while sending"));
        }
        return id;
    }

    /**
     * Connects now, unless already up.
     *
     * @throws StoreUnavailableException when the proxy cannot be reached
     */
    void connect() {
        connected();
    }

    /** Whether the connection is up and past its handshake: a send will not have to connect. */
    boolean isConnected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Forgets a call whose caller gave up; late answers are dropped. */
    @Override
    public void abandon(long id) {
        calls.remove(id);
    }

    private Channel connected() {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            return ch;
        }
        synchronized (connectLock) {
            if (closed) {
                throw new StoreUnavailableException("the store is closed");
            }
            ch = channel;
            if (ch != null && ch.isActive()) {
                return ch;
            }
            ClientHandshake handshake = new ClientHandshake(name, security, random);
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(address instanceof LocalAddress ? LocalChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMs)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            if (!(c instanceof LocalChannel)) {
                                c.config().setOption(ChannelOption.TCP_NODELAY, true);
                                if (security.tls() != null) {
                                    c.pipeline().addLast(security.tlsHandler(c, (InetSocketAddress) address));
                                }
                            }
                            WireCodec.install(c.pipeline(), limits)
                                    .addLast(handshake)
                                    .addLast(new Answers());
                        }
                    });
            ChannelFuture connect = bootstrap.connect(address);
            if (!connect.awaitUninterruptibly(connectTimeoutMs + 100, TimeUnit.MILLISECONDS) || !connect.isSuccess()) {
                connect.channel().close();
                Throwable cause = connect.cause();
                throw new StoreUnavailableException(
                        "cannot connect to proxy " + name + " within "
                                + connectTimeoutMs + " ms" + (cause != null ? ": " + cause.getMessage() : "")
                                + " (is it running? check mayfly.proxy)",
                        cause);
            }
            awaitHandshake(connect.channel(), handshake);
            ch = connect.channel();
            channel = ch;
            log.debug("connected to proxy {}", name);
            return ch;
        }
    }

    /** Waits, bounded by the connect timeout, until this client and the proxy know each other. */
    private void awaitHandshake(Channel ch, ClientHandshake handshake) {
        try {
            handshake.done().get(connectTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            ch.close();
            if (e.getCause() instanceof StoreUnavailableException cause) {
                throw new AuthenticationException(String.valueOf(cause.getMessage()), cause);
            }
            throw new AuthenticationException("handshake with proxy " + name + " failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            ch.close();
            throw new StoreUnavailableException("proxy " + name + " did not complete the handshake within "
                    + connectTimeoutMs + " ms (mayfly.connect-timeout-ms)");
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while connecting to proxy " + name, e);
        }
    }

    private void fail(long id, StoreUnavailableException cause) {
        Call call = calls.remove(id);
        if (call != null) {
            call.failed(cause);
        }
    }

    private void failAll(String reason) {
        List<Long> ids = new ArrayList<>(calls.keySet());
        for (long id : ids) {
            fail(id, new StoreUnavailableException(reason));
        }
    }

    @Override
    public void close() {
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Channel ch = channel;
        if (ch != null) {
            // Bounded: a dead proxy must not hold up close().
            ch.close().awaitUninterruptibly(500, TimeUnit.MILLISECONDS);
        }
        failAll("the store was closed");
    }

    private final class Answers extends SimpleChannelInboundHandler<Message> {
        Answers() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message message) {
            Call call = calls.get(message.requestId());
            if (call == null) {
                ReferenceCountUtil.release(message);
                return;
            }
            boolean complete;
            try {
                complete = call.answer(message);
            } catch (RuntimeException e) {
                log.warn("answer {} from proxy {} could not be handled", message, name, e);
                complete = true;
                call.failed(new StoreUnavailableException("bad answer from proxy " + name + ": " + e, e));
            }
            if (complete) {
                calls.remove(message.requestId(), call);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll("connection to proxy " + name + " lost");
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("connection to proxy {} failed: {}", name, cause.toString());
            ctx.close();
        }
    }
}
