package io.mayfly.proxy;

import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.invoke.NodeCommand;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.message.Bye;
import io.mayfly.proxy.keepalive.KeepAlive;
import io.mayfly.proxy.keepalive.KeepAliveCounters;
import io.mayfly.proxy.keepalive.NodeInventory;
import io.mayfly.proxy.metrics.MeteredInvoker;
import io.mayfly.proxy.metrics.MetricsEndpoint;
import io.mayfly.proxy.metrics.PoolReport;
import io.mayfly.proxy.metrics.ProxyMBean;
import io.mayfly.proxy.metrics.ProxyMetrics;
import io.mayfly.proxy.node.HelloDeadline;
import io.mayfly.proxy.node.InstanceReport;
import io.mayfly.proxy.node.NodeChannel;
import io.mayfly.proxy.node.NodeInvoker;
import io.mayfly.proxy.node.NodePool;
import io.mayfly.proxy.node.NodeSession;
import io.mayfly.proxy.node.NodeState;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy: a listener for clients (TCP, and always an in-JVM {@link LocalAddress} for an
 * embedding provider) and a TCP listener the pool's functions dial back to. Owns its event loops,
 * timer, node pool and invoker; {@link #close()} releases them in reverse order.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

    /** How long a closing proxy waits for small values' copies to be stored. */
    /** Room for a few segments in flight per connection before backpressure stops the sender. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(2 << 20, 8 << 20);

    private final ProxySettings settings;
    private final ProxySecurity security;
    private final SecureRandom random = new SecureRandom();
    private final ClientBudgets clientBudgets;
    private final NodeInvoker invoker;
    private final ScheduledThreadPoolExecutor timer;
    private final EventLoopGroup tcpGroup;
    private final EventLoopGroup localGroup;
    private final NodePool<NodeChannel> pool;
    private final StoreCoordinator store;
    /** The store's memory for callers in this JVM, answering once {@link #recovered} completes. */
    private final DirectStore direct;

    private final KeepAlive keepAlive;
    /** Completes once the index is rebuilt from the functions; clients wait for it at the door. */
    private final CompletableFuture<IndexRecovery.Summary> recovered = new CompletableFuture<>();

    private final OrphanReconciler orphans;
    private final ExpiryPurger purger;
    private final AtomicReferenceArray<InstanceReport> reports;
    private final List<Channel> listeners = new ArrayList<>();
    /** The client listeners (TCP and in-JVM), closed first at shutdown. */
    private final List<Channel> clientListeners = new ArrayList<>();
    /** Accepted client connections, closed at shutdown before the drain. */
    private final ChannelGroup clientChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private final AtomicBoolean closed = new AtomicBoolean();
    private final ProxyMetrics metrics;
    private final ProxyMetrics.PoolView poolView;
    private final long startedMillis = System.currentTimeMillis();
    private @Nullable ProxyMBean mbean;
    private volatile @Nullable InetSocketAddress nodeAddress;
    private @Nullable InetSocketAddress clientAddress;
    private @Nullable LocalAddress localAddress;

    private ProxyServer(ProxySettings settings, ProxySecurity security, ConnectionLimits limits, NodeInvoker invoker) {
        this.settings = settings;
        this.security = security;
        this.clientBudgets = new ClientBudgets(limits);
        this.poolView = new PoolViewOfThis();
        this.metrics = new ProxyMetrics(
                poolView, settings.functionMemoryMb(), settings.billing().billingWindowMs());
        this.invoker = new MeteredInvoker(invoker, metrics, System::nanoTime);
        this.timer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("mayfly-proxy-timer", true));
        timer.setRemoveOnCancelPolicy(true);
        this.tcpGroup = new MultiThreadIoEventLoopGroup(
                0, new DefaultThreadFactory("mayfly-proxy-io", true), NioIoHandler.newFactory());
        this.localGroup = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("mayfly-proxy-local", true), LocalIoHandler.newFactory());
        this.pool = new NodePool<>(
                NodePool.functionNames(settings.functionPrefix(), settings.poolSize()),
                this.invoker,
                this::tokenPayload,
                settings.dialBackTimeout(),
                timer);
        ValueStorage storage = new ValueStorage(settings, pool, metrics);
        KeepAliveCounters counters = new KeepAliveCounters();
        // Before the store, which tells repair of the shards gets find lost. Its mechanisms find no
        // work until nodes have served: none is invoked before bind().
        this.keepAlive = new KeepAlive(
                new KeepAlive.Settings(
                        settings.warmupIntervalMs(),
                        settings.backupIntervalMs(),
                        settings.repairEnabled(),
                        settings.repairRateBytesPerSecond(),
                        settings.segmentCapBytes()),
                storage.index,
                storage.placement,
                pool,
                counters,
                storage::drop,
                this::warmupPayload);
        this.store = new StoreCoordinator(
                settings, storage, pool, counters, keepAlive.shardLoss(), metrics, (task, delayMs) -> {
                    try {
                        timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException closing) {
                        task.run();
                    }
                });
        this.direct = new DirectStore(store, recovered);
        this.orphans = new OrphanReconciler(store, timer);
        this.purger = new ExpiryPurger(store, System::currentTimeMillis);
        this.reports = new AtomicReferenceArray<>(pool.size());
    }

    /**
     * Starts a proxy; it owns {@code invoker} from now on.
     *
     * <p>A port that cannot be bound fails the start with the listener's {@code java.net.BindException}
     * (Netty rethrows it undeclared), after everything started is closed.
     */
    public static ProxyServer start(ProxySettings settings, NodeInvoker invoker) {
        return start(settings, ProxySecurity.NONE, ConnectionLimits.DEFAULTS, invoker);
    }

    /** Starts a proxy with an auth token and TLS, and the default connection bounds. */
    public static ProxyServer start(ProxySettings settings, ProxySecurity security, NodeInvoker invoker) {
        return start(settings, security, ConnectionLimits.DEFAULTS, invoker);
    }

    /** Starts a proxy with the given bounds on client connections and no auth token. */
    public static ProxyServer start(ProxySettings settings, ConnectionLimits limits, NodeInvoker invoker) {
        return start(settings, ProxySecurity.NONE, limits, invoker);
    }

    /**
     * Starts a proxy with an auth token, TLS and bounds on client connections; it owns {@code
     * invoker} from now on.
     *
     * <p>A port that cannot be bound fails the start with the listener's {@code java.net.BindException}
     * (Netty rethrows it undeclared), after everything started is closed.
     *
     * @throws IllegalStateException when the client listener would face a network with no auth token
     */
    public static ProxyServer start(
            ProxySettings settings, ProxySecurity security, ConnectionLimits limits, NodeInvoker invoker) {
        if (settings.clientPort() >= 0) {
            security.requireAuthOffLoopback(settings.bindHost());
        }
        ProxyServer server = new ProxyServer(settings, security, limits, invoker);
        try {
            server.bind();
            return server;
        } catch (Throwable e) {
            // Throwable: Netty rethrows a listener's BindException, which is checked, undeclared.
            server.close();
            throw e;
        }
    }

    private void bind() {
        WireLimits limits = WireLimits.withSegmentCap(settings.segmentCapBytes());
        Channel nodes = new ServerBootstrap()
                .group(tcpGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NodeChannel link = new NodeChannel(ch, timer, settings.shardTimeoutMs());
                        if (security.tlsNodes()) {
                            ch.pipeline()
                                    .addLast(
                                            "tls",
                                            security.requireTls().context().newHandler(ch.alloc()));
                        }
                        WireCodec.install(ch.pipeline(), limits)
                                .addLast(
                                        "node-hello-deadline",
                                        new HelloDeadline(clientBudgets.limits().authTimeoutMs()))
                                .addLast(
                                        "node-session", new NodeSession(pool, link, settings.segmentCapBytes(), random))
                                .addLast("read-gate", ReadGate.relay());
                    }
                })
                .bind(security.nodeHost(settings), settings.nodePort())
                .syncUninterruptibly()
                .channel();
        listeners.add(nodes);
        nodeAddress = (InetSocketAddress) nodes.localAddress();
        ChannelInitializer<Channel> clientPipeline = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                clientChannels.add(ch);
                // The in-JVM channel never leaves the process: no TLS there.
                if (security.tlsClients() && ch instanceof SocketChannel) {
                    ch.pipeline().addLast("tls", security.requireTls().context().newHandler(ch.alloc()));
                }
                // The in-JVM channel is the embedding application itself: no token there either.
                String token = ch instanceof SocketChannel ? security.authToken() : null;
                ChannelPipeline pipeline = WireCodec.install(ch.pipeline(), limits);
                // Answers to the requests of one read leave in one write when the read completes.
                pipeline.addLast("flush-consolidation", new FlushConsolidationHandler());
                pipeline.addLast("recovery-gate", new RecoveryGate(recovered));
                long idleMs = clientBudgets.limits().idleTimeoutMs();
                // The in-JVM channel belongs to the embedding application: nobody else can idle on it.
                if (idleMs > 0 && !(ch instanceof LocalChannel)) {
                    pipeline.addLast("client-idle", new IdleStateHandler(0, 0, idleMs, TimeUnit.MILLISECONDS));
                }
                // Admission first: a connection counts, and its auth timeout runs, before it proves itself.
                pipeline.addLast("client-admission", new ClientAdmission(clientBudgets, token == null))
                        .addLast("client-auth", new ClientAuthenticator(token, settings.segmentCapBytes(), random))
                        .addLast("client-session", new ClientSession(store))
                        .addLast("read-gate", ReadGate.relay());
            }
        };
        if (settings.clientPort() >= 0) {
            Channel clients = new ServerBootstrap()
                    .group(tcpGroup)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(clientPipeline)
                    .bind(settings.bindHost(), settings.clientPort())
                    .syncUninterruptibly()
                    .channel();
            listeners.add(clients);
            clientListeners.add(clients);
            clientAddress = (InetSocketAddress) clients.localAddress();
        }
        Channel local = new ServerBootstrap()
                .group(localGroup)
                .channel(LocalServerChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(clientPipeline)
                .bind(new LocalAddress("mayfly-proxy-" + UUID.randomUUID()))
                .syncUninterruptibly()
                .channel();
        listeners.add(local);
        clientListeners.add(local);
        localAddress = (LocalAddress) local.localAddress();
        pool.connectListener((node, report, link) -> reports.set(node, report));
        pool.connectListener(orphans::connected);
        purger.start(timer);
        new IndexRecovery(store, timer, System::currentTimeMillis, store.shardLoss::lost)
                .run()
                .whenComplete((summary, error) -> {
                    if (error != null) {
                        log.warn("recovery failed, starting with an empty index: {}", error.toString());
                        recovered.complete(new IndexRecovery.Summary(0, pool.size(), 0, 0, 0));
                    } else {
                        recovered.complete(summary);
                    }
                    orphans.enable();
                });
        mbean = ProxyMBean.register(
                metrics, clientAddress != null ? "proxy-" + clientAddress.getPort() : localAddress.id());
        log.info(
                "proxy listening: clients {}{}{}, in-JVM {}, nodes {}{}; pool of {} x {} MB ({} bytes of shards each)",
                clientAddress,
                security.tlsClients() ? " (TLS)" : "",
                security.authToken() != null ? " (token)" : "",
                localAddress,
                nodeAddress,
                security.tlsNodes() ? " (TLS)" : "",
                settings.poolSize(),
                settings.functionMemoryMb(),
                settings.nodeCapacityBytes());
    }

    private byte[] tokenPayload(NodeCommand command, String functionName, String token) {
        boolean serve = command == NodeCommand.SERVE;
        NodeInvocation invocation = new NodeInvocation(
                command,
                settings.advertisedHost(),
                boundNodeAddress().getPort(),
                functionName,
                token,
                settings.billing().billingWindowMs(),
                // A backup's second instance waits while the proxy fetches each shard from the first
                // and paces the copy; the proxy ends it with BYE once done.
                command == NodeCommand.BACKUP
                        ? Math.max(
                                settings.billing().idleReturnMs(),
                                Math.min(
                                        settings.dialBackTimeout().toMillis(),
                                        settings.billing().maxServeMs()))
                        : settings.billing().idleReturnMs(),
                settings.billing().maxServeMs(),
                security.tlsNodes() ? security.requireTls().fingerprint() : "",
                // The burst rule is for serving; a backup's second instance is ended by the proxy.
                serve ? settings.billing().burstLingerMs() : 0,
                serve ? settings.billing().burstRequests() : 0);
        return invocation.toJson().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] warmupPayload(int node) {
        NodeInvocation invocation = new NodeInvocation(
                NodeCommand.WARMUP,
                settings.advertisedHost(),
                boundNodeAddress().getPort(),
                pool.name(node),
                "warmup",
                settings.billing().billingWindowMs(),
                settings.billing().idleReturnMs(),
                settings.billing().maxServeMs());
        return invocation.toJson().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Completes once the index is rebuilt from what the functions hold (clients are served from
     * then on) with how many values came back.
     */
    public CompletableFuture<RecoveryReport> recovered() {
        return recovered.thenApply(s -> new RecoveryReport(
                s.nodesListed(), s.nodesUnavailable(), s.values(), s.smallValues(), s.shardsDeleted()));
    }

    /**
     * What recovery found on the functions at start.
     *
     * @param nodesListed functions that listed their shards
     * @param nodesUnavailable functions that could not be invoked (their shards count as lost)
     * @param values erasure-coded values recovered
     * @param smallValues small-tier values recovered from their whole copies
     * @param shardsDeleted shards of superseded, incomplete or expired versions deleted
     */
    public record RecoveryReport(
            int nodesListed, int nodesUnavailable, int values, int smallValues, int shardsDeleted) {}

    /**
     * Small-tier gets and small puts answered in the caller's thread, for a provider embedded in
     * this JVM (see {@link DirectStore}); everything else goes over {@link #localAddress()}.
     */
    public DirectStore direct() {
        return direct;
    }

    /** What the node said of its instance when it last connected, or null. */
    public InstanceReport lastReport(int node) {
        return reports.get(node);
    }

    /** The inventory digest of the shards the index places on the node (what its HELLO should say). */
    public long expectedDigest(int node) {
        return NodeInventory.digest(NodeInventory.expected(store.storage.index, node));
    }

    /** Orphan shards deleted from connecting nodes so far. */
    public long orphansDeleted() {
        return orphans.deleted();
    }

    /** Runs one expiry pass now (one runs every second anyway); returns the values removed. */
    public int purgeExpired() {
        return purger.purge();
    }

    /** Warm-up, backup and repair. */
    public KeepAlive keepAlive() {
        return keepAlive;
    }

    /** What warm-up, backup and repair did, and the degraded reads gets saw. */
    public KeepAliveCounters keepAliveCounters() {
        return store.counters;
    }

    /** Hears each node a request needs, by pool index (see {@link NodePool#demandListener}). */
    public void nodeDemandListener(java.util.function.IntConsumer listener) {
        pool.demandListener(listener);
    }

    /** The pool index of a function name, or -1. */
    public int nodeIndex(String functionName) {
        return pool.indexOf(functionName);
    }

    public ProxySettings settings() {
        return settings;
    }

    /** The bounds on client connections this proxy enforces. */
    public ConnectionLimits connectionLimits() {
        return clientBudgets.limits();
    }

    /** Client connections open now (TCP and in-JVM). */
    public int openClientConnections() {
        return clientBudgets.openConnections();
    }

    /** Bytes of get data queued for clients' sockets and not yet written. */
    public long queuedClientBytes() {
        return clientBudgets.queuedDirectBytes();
    }

    /** Where clients connect over TCP, or null when the proxy has no TCP client listener. */
    public @Nullable InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /** Where an embedding client connects inside this JVM. */
    public @Nullable LocalAddress localAddress() {
        return localAddress;
    }

    /** Where the functions dial back. */
    public @Nullable InetSocketAddress nodeAddress() {
        return nodeAddress;
    }

    /** The node port, which every invocation names; bound before any node is invoked. */
    private InetSocketAddress boundNodeAddress() {
        InetSocketAddress address = nodeAddress;
        if (address == null) {
            throw new IllegalStateException("the node port is not bound: no node can be invoked");
        }
        return address;
    }

    public int poolSize() {
        return pool.size();
    }

    public String nodeName(int node) {
        return pool.name(node);
    }

    public NodeState nodeState(int node) {
        return pool.state(node);
    }

    /** Shard bytes the index places on the node: 0 for a node holding no data. */
    public long nodeUsedBytes(int node) {
        return store.storage.placement.usedBytes(node);
    }

    /** The instance id the node reported when it last connected, or null. */
    public @Nullable String nodeInstanceId(int node) {
        return pool.instanceId(node);
    }

    /** A snapshot of what the proxy holds, for tests, the demo and monitoring. */
    public ProxyStats stats() {
        return new ProxyStats(
                store.storage.index.size(),
                store.storage.placement.usedBytes(),
                store.storage.placement.capacity(),
                store.storage.smallValues.usedBytes(),
                store.storage.smallValues.capacityBytes(),
                pool.pendingDeletes());
    }

    /** The nodes holding each shard of a value's current version, or null when absent or inline. */
    public @Nullable List<String> placementOf(String space, byte[] key) {
        var meta = store.storage.index.get(io.mayfly.proxy.index.ObjectKey.of(space, key));
        if (meta == null || meta.inline()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int node : meta.placement()) {
            names.add(pool.name(node));
        }
        return names;
    }

    /**
     * Closes a serving node's connection as a network fault would, for fault injection (Lambda
     * never sees its functions' sockets, so lambda-local cannot do it). The node's outstanding
     * requests fail as on any lost link.
     *
     * @return false when the node is not serving
     */
    public boolean dropNodeConnection(String functionName) {
        for (NodeChannel link : pool.servingLinks()) {
            if (link.nodeId().equals(functionName)) {
                link.close();
                return true;
            }
        }
        return false;
    }

    /**
     * Stops taking client requests and keep-alive work, drains (see {@link #drain}), says BYE to
     * serving nodes, then closes the node listener, pool, event loops, timer and invoker.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Direct callers first, like connections: no commit may queue a copy after the flush below.
        direct.close();
        for (Channel listener : clientListeners) {
            listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        clientChannels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        // Small values queued for their copies leave now, not after their linger: the drain waits for them.
        store.copies.flush();
        // No new warm-ups, backups or repairs: the drain waits for node requests to be answered.
        purger.close();
        keepAlive.close();
        drain(settings.dialBackTimeout().toMillis());
        for (NodeChannel link : pool.servingLinks()) {
            link.send(new Bye(0));
        }
        if (mbean != null) {
            mbean.close();
        }
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        pool.close();
        tcpGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        localGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        timer.shutdownNow();
        invoker.close();
        log.info("proxy closed");
    }

    /**
     * Delivers what a restarted proxy needs on the functions: small values' copies still being
     * written, and shard deletes (of removed and superseded values) still queued or unanswered,
     * invoking sleeping nodes for them. Bounded by one invocation ({@code --dial-back-timeout-ms}), the
     * window a crash leaves them; what is left then is logged.
     */
    private void drain(long boundMs) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(boundMs);
        long nextWake = start;
        while (true) {
            int copies = store.copies.pending();
            // A release deferred for reads in flight becomes deletes once they finish.
            int deletes = pool.pendingDeletes() + store.storage.reads.deferred();
            int unanswered = 0;
            for (NodeChannel link : pool.servingLinks()) {
                unanswered += link.outstandingRequests();
            }
            if (copies + deletes + unanswered == 0) {
                log.info("drained in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                return;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                log.warn(
                        "shutdown drain ended after {} ms with {} small-value copies, {} shard deletes and {} node"
                                + " requests undelivered: a restarted proxy may miss those small values and"
                                + " recover those removed or superseded ones",
                        boundMs,
                        copies,
                        deletes,
                        unanswered);
                return;
            }
            if (now - nextWake >= 0) {
                // Again later when an invocation failed: its deletes stay queued.
                pool.wakeForDeletes();
                nextWake = now + TimeUnit.MILLISECONDS.toNanos(500);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn(
                        "shutdown drain interrupted with {} small-value copies and {} shard deletes left",
                        copies,
                        deletes);
                return;
            }
        }
    }

    /** The proxy's meters: add a registry to export them (Prometheus, the application's, JMX). */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /** The dashboard's feed. */
    public String poolReportJson() {
        return new PoolReport(poolView, metrics, settings.functionMemoryMb(), startedMillis).json();
    }

    /** Whether the proxy can serve: up and listening, a pool that can hold k+r shards, functions that answer. */
    public MetricsEndpoint.Health health() {
        if (closed.get()) {
            return new MetricsEndpoint.Health(false, "the proxy is closed");
        }
        int shards = settings.dataShards() + settings.parityShards();
        if (settings.poolSize() < shards) {
            return new MetricsEndpoint.Health(
                    false,
                    "the pool of " + settings.poolSize() + " functions cannot hold k+r = " + shards
                            + " shards (--pool-size, -k, -r)");
        }
        long failed = metrics.consecutiveFailedInvocations();
        if (failed >= settings.poolSize()) {
            return new MetricsEndpoint.Health(
                    false, "the last " + failed + " invocations failed; last: " + metrics.lastInvocationFailure());
        }
        return new MetricsEndpoint.Health(
                true,
                "serving a pool of " + settings.poolSize() + " functions, " + store.storage.index.size() + " values");
    }

    /** The meters' view of this proxy. */
    private final class PoolViewOfThis implements ProxyMetrics.PoolView {
        @Override
        public int poolSize() {
            return settings.poolSize();
        }

        @Override
        public String nodeName(int node) {
            return NodePool.functionNames(settings.functionPrefix(), settings.poolSize())
                    .get(node);
        }

        @Override
        public NodeState nodeState(int node) {
            return pool.state(node);
        }

        @Override
        public long nodeUsedBytes(int node) {
            return store.storage.placement.usedBytes(node);
        }

        @Override
        public long nodeCapacityBytes() {
            return settings.nodeCapacityBytes();
        }

        @Override
        public long smallTierUsedBytes() {
            return store.storage.smallValues.usedBytes();
        }

        @Override
        public long smallTierCapacityBytes() {
            return store.storage.smallValues.capacityBytes();
        }

        @Override
        public long indexedValues() {
            return store.storage.index.size();
        }

        @Override
        public long smallValuesWritingThrough() {
            return store.copies.pending();
        }

        @Override
        public @Nullable String nodeInstanceId(int node) {
            return pool.instanceId(node);
        }

        @Override
        public long nodeInstanceChanges(int node) {
            return pool.instanceChanges(node);
        }

        @Override
        public KeepAliveCounters keepAlive() {
            return store.counters;
        }
    }

    /**
     * What the proxy holds.
     *
     * @param values committed values in the index
     * @param storedBytes shard bytes placed on nodes (committed and in flight)
     * @param capacityBytes what the pool may hold
     * @param smallValueBytes bytes in the small-value tier
     * @param smallValueCapacityBytes the tier's bound
     * @param pendingDeletes shard deletes waiting for sleeping nodes
     */
    public record ProxyStats(
            int values,
            long storedBytes,
            long capacityBytes,
            long smallValueBytes,
            long smallValueCapacityBytes,
            int pendingDeletes) {}
}
