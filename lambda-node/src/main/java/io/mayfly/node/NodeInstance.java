package io.mayfly.node;

import io.mayfly.node.ServeOutcome.Reason;
import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.invoke.NodeServeSummary;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What one function instance keeps between invocations: its random identity, its
 * {@link ShardStore}, one event-loop thread and the connection to the proxy left open by the
 * previous invocation. Invocations of one instance never overlap (Lambda runs one at a time).
 */
public final class NodeInstance implements AutoCloseable {

    /** How long past the hard stop the invocation thread waits for the session before closing it. */
    private static final long SESSION_GRACE_MS = 2000;

    private final String instanceId = UUID.randomUUID().toString();
    private final NodeSettings settings;
    private final WireLimits limits;
    private final AtomicLong requestIds = new AtomicLong();
    private volatile @Nullable ShardStore store;
    private final RecentRequests recentRequests = new RecentRequests();
    private @Nullable EventLoopGroup group;
    private @Nullable Channel channel;
    /** Where the kept connection goes and the certificate it pinned ("" for plain TCP). */
    private @Nullable String channelTarget;

    private boolean closed;

    public NodeInstance(NodeSettings settings) {
        this.settings = settings;
        this.limits = WireLimits.withSegmentCap(settings.segmentCapBytes());
    }

    public String instanceId() {
        return instanceId;
    }

    /** The store, or null before the first invocation (its bound needs the function's memory). */
    public @Nullable ShardStore store() {
        return store;
    }

    /** A warm-up invocation: keep the instance alive, report what it holds, no connection. */
    public synchronized NodeReport warmup(int memoryLimitMb) {
        return report(storeFor(memoryLimitMb), 0, ServeOutcome.of(Reason.WARMUP));
    }

    /**
     * A serve invocation: dial the proxy (or reuse the open connection), say HELLO and serve
     * until idle, the hard stop, or the proxy leaves.
     *
     * @param startNanos   when the invocation started ({@link System#nanoTime()}), the origin of
     *                     billing windows
     * @param remainingMs  Lambda's remaining time at {@code startNanos}
     */
    public synchronized NodeReport serve(
            NodeInvocation invocation, int memoryLimitMb, long startNanos, long remainingMs) {
        if (closed) {
            throw new IllegalStateException("node instance " + instanceId + " is closed");
        }
        ShardStore store = storeFor(memoryLimitMb);
        long budgetMs = Math.min(invocation.maxServeMs(), remainingMs - settings.deadlineMarginMs());
        if (budgetMs <= 0) {
            return report(
                    store,
                    0,
                    ServeOutcome.of(
                            Reason.DEADLINE,
                            "only " + remainingMs + " ms left, margin is " + settings.deadlineMarginMs()
                                    + " ms (MAYFLY_NODE_DEADLINE_MARGIN_MS)"));
        }
        long hardStopNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        boolean reused =
                channel != null && channel.isActive() && target(invocation).equals(channelTarget);
        if (!reused) {
            dropChannel();
            String failure = connect(invocation, hardStopNanos);
            if (failure != null) {
                return report(store, 0, ServeOutcome.of(Reason.UNREACHABLE, failure));
            }
        }
        ServeSession session = runSession(store, invocation, startNanos, hardStopNanos);
        if (reused && session.closedBeforeHelloOk()) {
            // The kept connection died while the instance was frozen: dial once more.
            dropChannel();
            String failure = connect(invocation, hardStopNanos);
            if (failure != null) {
                return report(store, 0, ServeOutcome.of(Reason.UNREACHABLE, failure));
            }
            session = runSession(store, invocation, startNanos, hardStopNanos);
        }
        ServeOutcome outcome = session.outcome().getNow(null);
        if (channel != null && !channel.isActive()) {
            dropChannel();
        }
        return report(store, session.servedRequests(), outcome);
    }

    private ServeSession runSession(ShardStore store, NodeInvocation invocation, long startNanos, long hardStopNanos) {
        long helloDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.connectTimeoutMs());
        ServeSession session = new ServeSession(
                store,
                recentRequests,
                invocation,
                instanceId,
                settings,
                requestIds.incrementAndGet(),
                requestIds.incrementAndGet(),
                startNanos,
                hardStopNanos,
                helloDeadline);
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("no connection to the proxy to serve on");
        }
        ch.pipeline().addLast(session);
        long waitNanos = hardStopNanos - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SESSION_GRACE_MS);
        try {
            session.outcome().get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The event loop did not end the session in time: end it from here, drop the connection.
            ch.close();
            ch.eventLoop()
                    .execute(() -> session.finish(ServeOutcome.of(Reason.DEADLINE, "session did not end in time")));
            session.outcome()
                    .completeOnTimeout(
                            ServeOutcome.of(Reason.DEADLINE, "session did not end in time"),
                            SESSION_GRACE_MS,
                            TimeUnit.MILLISECONDS)
                    .join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
            session.outcome().complete(ServeOutcome.of(Reason.DEADLINE, "invocation thread interrupted"));
        }
        return session;
    }

    /** Dials the proxy; returns null on success, else why it failed. */
    private @Nullable String connect(NodeInvocation invocation, long hardStopNanos) {
        if (group == null) {
            // One daemon thread: a node has one connection; daemon so an in-process instance never pins its JVM.
            group = new MultiThreadIoEventLoopGroup(
                    1, new DefaultThreadFactory("mayfly-node-io", true), NioIoHandler.newFactory());
        }
        long timeoutMs = Math.max(
                1,
                Math.min(
                        settings.connectTimeoutMs(), TimeUnit.NANOSECONDS.toMillis(hardStopNanos - System.nanoTime())));
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // Nothing is read until a session is installed, nor between invocations.
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (invocation.tls()) {
                            ch.pipeline()
                                    .addLast(
                                            "tls",
                                            PinnedTls.handler(
                                                    invocation.proxyHost(),
                                                    invocation.proxyPort(),
                                                    invocation.proxyCertSha256()));
                        }
                        WireCodec.install(ch.pipeline(), limits);
                    }
                });
        ChannelFuture f = bootstrap.connect(invocation.proxyHost(), invocation.proxyPort());
        try {
            if (!f.await(timeoutMs + 1000, TimeUnit.MILLISECONDS)) {
                f.cancel(false);
                f.channel().close();
                return "connecting to proxy " + invocation.proxyHost() + ":" + invocation.proxyPort() + " took over "
                        + timeoutMs + " ms";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.channel().close();
            return "interrupted while connecting to proxy";
        }
        if (!f.isSuccess()) {
            return "cannot connect to proxy " + invocation.proxyHost() + ":" + invocation.proxyPort() + ": "
                    + f.cause();
        }
        if (invocation.tls()) {
            String failure = awaitTls(f.channel(), invocation, timeoutMs);
            if (failure != null) {
                f.channel().close();
                return failure;
            }
        }
        channel = f.channel();
        channelTarget = target(invocation);
        return null;
    }

    /** Waits for the TLS handshake, which checks the pinned certificate; null when it succeeded. */
    private static @Nullable String awaitTls(Channel ch, NodeInvocation invocation, long timeoutMs) {
        io.netty.util.concurrent.Future<Channel> handshake =
                ch.pipeline().get(io.netty.handler.ssl.SslHandler.class).handshakeFuture();
        try {
            if (!handshake.await(timeoutMs + 1000, TimeUnit.MILLISECONDS)) {
                return "TLS handshake with proxy " + invocation.proxyHost() + ":" + invocation.proxyPort()
                        + " took over " + timeoutMs + " ms";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted during the TLS handshake";
        }
        if (!handshake.isSuccess()) {
            Throwable root = handshake.cause();
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "TLS handshake with proxy " + invocation.proxyHost() + ":" + invocation.proxyPort() + " failed: "
                    + root.getMessage();
        }
        return null;
    }

    private static String target(NodeInvocation invocation) {
        return invocation.proxyHost() + ":" + invocation.proxyPort() + "/" + invocation.proxyCertSha256();
    }

    private void dropChannel() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** The store, created on first use; callers hold this instance's lock. */
    private ShardStore storeFor(int memoryLimitMb) {
        ShardStore s = store;
        if (s == null) {
            long capacity = settings.storeCapacityBytes(
                    (long) memoryLimitMb << 20, Runtime.getRuntime().maxMemory());
            s = new ShardStore(capacity);
            store = s;
        }
        return s;
    }

    private NodeReport report(ShardStore store, long servedRequests, ServeOutcome outcome) {
        ShardStore.Inventory inv = store.inventory();
        return new NodeReport(
                new NodeServeSummary(instanceId, inv.shardCount(), inv.storedBytes(), servedRequests),
                store.capacityBytes(),
                outcome);
    }

    /** True while a connection to the proxy is kept for the next invocation. */
    public synchronized boolean hasOpenConnection() {
        return channel != null && channel.isActive();
    }

    /** Closes the kept connection and the event loop; the store's memory goes with the instance. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropChannel();
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
