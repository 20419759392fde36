package io.mayfly.client;

import io.mayfly.protocol.message.Done;
import io.mayfly.protocol.message.DropSpace;
import io.mayfly.protocol.message.Message;
import io.mayfly.settings.SettingsRegistry;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ObjectStore} kept by one proxy or several. With several, each key goes to one proxy
 * chosen by consistent hashing of (space, key). Owns its connections and event loop, and in
 * embedded mode the proxy it started; {@link #close()} releases them, idempotently and without
 * waiting on a proxy that no longer answers.
 */
public final class ProxyObjectStore implements ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ProxyObjectStore.class);

    /**
     * Connections opened to each proxy. A put whose nodes are still waking holds its connection's
     * reads at the proxy (its bytes wait in the socket, not in the proxy's heap), so one connection
     * would make every other call wait behind it: calls spread over a few.
     */
    static final int CONNECTIONS_PER_PROXY = 4;

    private final List<ProxyConnection> proxies;
    private final List<List<ProxyConnection>> connections;
    /** Per proxy, the caller-driven connections; empty in embedded mode, with TLS, or when turned off. */
    private final List<DirectConnections> direct;

    private final ConsistentHashRing<Integer> ring;
    private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
    private final EventLoopGroup group;
    private final long operationTimeoutMs;
    private final int segmentCapBytes;
    private final @Nullable AutoCloseable owned;
    private final Codecs codecs = new Codecs();
    private final ConcurrentHashMap<String, ProxyKeySpace> spaces = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProxyObjectStore(
            List<String> names,
            List<java.net.SocketAddress> addresses,
            EventLoopGroup group,
            long operationTimeoutMs,
            long connectTimeoutMs,
            int segmentCapBytes,
            ClientSecurity security,
            int callerConnections,
            @Nullable AutoCloseable owned) {
        this.group = group;
        this.operationTimeoutMs = operationTimeoutMs;
        this.segmentCapBytes = segmentCapBytes;
        this.owned = owned;
        java.security.SecureRandom random = new java.security.SecureRandom();
        List<List<ProxyConnection>> all = new ArrayList<>();
        List<ProxyConnection> first = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        List<DirectConnections> directs = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            // The caller-driven codec has no TLS engine: with TLS every call takes the shared connections.
            if (callerConnections > 0 && security.tls() == null && addresses.get(i) instanceof InetSocketAddress inet) {
                directs.add(new DirectConnections(
                        names.get(i), inet, segmentCapBytes, security, random, operationTimeoutMs, callerConnections));
            }
            List<ProxyConnection> perProxy = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS_PER_PROXY; c++) {
                perProxy.add(new ProxyConnection(
                        names.get(i), addresses.get(i), group, connectTimeoutMs, segmentCapBytes, security, random));
            }
            all.add(List.copyOf(perProxy));
            first.add(perProxy.get(0));
            indexes.add(i);
        }
        this.connections = List.copyOf(all);
        this.direct = directs.size() == addresses.size() ? List.copyOf(directs) : List.of();
        this.proxies = List.copyOf(first);
        this.ring = new ConsistentHashRing<>(names, indexes);
    }

    /** Remote mode: TCP to the given proxies (connections open on first use). */
    public static ProxyObjectStore remote(
            List<InetSocketAddress> proxies, long operationTimeoutMs, long connectTimeoutMs, int segmentCapBytes) {
        return remote(proxies, operationTimeoutMs, connectTimeoutMs, segmentCapBytes, ClientSecurity.NONE);
    }

    /** Remote mode with an auth token and/or TLS, shared by every proxy in the list. */
    public static ProxyObjectStore remote(
            List<InetSocketAddress> proxies,
            long operationTimeoutMs,
            long connectTimeoutMs,
            int segmentCapBytes,
            ClientSecurity security) {
        return remote(
                proxies,
                operationTimeoutMs,
                connectTimeoutMs,
                segmentCapBytes,
                security,
                Integer.parseInt(SettingsRegistry.CALLER_CONNECTIONS.defaultValue()));
    }

    /**
     * Remote mode, with up to {@code callerConnections} connections per proxy that calling threads
     * drive themselves (0: every call over the shared connections).
     */
    public static ProxyObjectStore remote(
            List<InetSocketAddress> proxies,
            long operationTimeoutMs,
            long connectTimeoutMs,
            int segmentCapBytes,
            ClientSecurity security,
            int callerConnections) {
        if (proxies.isEmpty()) {
            throw new IllegalArgumentException("remote mode needs at least one proxy address (mayfly.proxy)");
        }
        List<String> names = new ArrayList<>();
        List<java.net.SocketAddress> addresses = new ArrayList<>();
        for (InetSocketAddress a : proxies) {
            names.add(a.getHostString() + ":" + a.getPort());
            addresses.add(a);
        }
        NettyCompatibility.check();
        EventLoopGroup group = nioGroup();
        return new ProxyObjectStore(
                names,
                addresses,
                group,
                operationTimeoutMs,
                connectTimeoutMs,
                segmentCapBytes,
                security,
                callerConnections,
                null);
    }

    /**
     * NioEventLoopGroup, not 4.2's MultiThreadIoEventLoopGroup: the thin client also runs where
     * dependency mediation picked Netty 4.1 (Spring Boot 3, Redisson 3); 4.2 keeps it, deprecated.
     */
    @SuppressWarnings("deprecation")
    private static EventLoopGroup nioGroup() {
        return new NioEventLoopGroup(1, new DefaultThreadFactory("mayfly-client", true));
    }

    /**
     * Embedded mode: an in-JVM channel to a proxy in this JVM.
     *
     * @param owned closed after this store's connections (the embedded proxy and its runtime)
     */
    public static ProxyObjectStore inJvm(
            LocalAddress proxy, long operationTimeoutMs, int segmentCapBytes, AutoCloseable owned) {
        NettyCompatibility.check();
        // A DefaultEventLoop serves LocalChannel on Netty 4.1 and 4.2 alike.
        EventLoopGroup group = new DefaultEventLoopGroup(1, new DefaultThreadFactory("mayfly-client-local", true));
        return new ProxyObjectStore(
                List.of("embedded"),
                List.of(proxy),
                group,
                operationTimeoutMs,
                operationTimeoutMs,
                segmentCapBytes,
                ClientSecurity.NONE,
                0,
                owned);
    }

    /**
     * What this store closes after its connections (an embedded proxy and its runtime), when it
     * is of the given type; null otherwise (remote mode). For tools, tests and the demo.
     */
    public <T> @Nullable T owned(Class<T> type) {
        return type.isInstance(owned) ? type.cast(owned) : null;
    }

    @Override
    public KeySpace keySpace(String name, CodingSettings settings) {
        checkOpen();
        return spaces.computeIfAbsent(name, n -> new ProxyKeySpace(n, settings, this));
    }

    @Override
    public void dropKeySpace(String name) {
        checkOpen();
        ProxyKeySpace space = spaces.remove(name);
        ProxyKeySpace caller = space != null ? space : new ProxyKeySpace(name, CodingSettings.DEFAULTS, this);
        for (ProxyConnection proxy : proxies) {
            CompletableFuture<Boolean> result = new CompletableFuture<>();
            long id = proxy.send(
                    rid -> new DropSpace(rid, name),
                    new ProxyConnection.Call() {
                        @Override
                        public boolean answer(Message message) {
                            ReferenceCountUtil.release(message);
                            if (message instanceof Done) {
                                result.complete(true);
                            } else {
                                result.completeExceptionally(new StoreUnavailableException(
                                        "proxy refused to drop key space " + name + ": " + message));
                            }
                            return true;
                        }

                        @Override
                        public void failed(StoreUnavailableException cause) {
                            result.completeExceptionally(cause);
                        }
                    },
                    null);
            caller.await(proxy, id, result, "drop");
        }
    }

    ProxyConnection proxyFor(String space, byte[] key) {
        checkOpen();
        return sharedConnection(proxyIndex(space, key));
    }

    private int proxyIndex(String space, byte[] key) {
        return proxies.size() == 1 ? 0 : ring.memberFor(space, key);
    }

    private ProxyConnection sharedConnection(int proxy) {
        List<ProxyConnection> chosen = connections.get(proxy);
        return chosen.get(Math.floorMod(turn.getAndIncrement(), chosen.size()));
    }

    /**
     * Where a call on this key goes: a caller-driven connection when one is idle or may be opened;
     * else a shared connection that is up; else the first caller-driven connection returned
     * before the deadline. Give it back with {@link #release}.
     */
    ProxyRoute routeFor(String space, byte[] key, long deadlineNanos) {
        checkOpen();
        int proxy = proxyIndex(space, key);
        if (direct.isEmpty()) {
            return sharedConnection(proxy);
        }
        DirectConnections pool = direct.get(proxy);
        DirectConnection lent = pool.borrow(deadlineNanos);
        if (lent != null) {
            return lent;
        }
        ProxyConnection shared = sharedConnection(proxy);
        // Connecting a shared connection could outlast the call's bound: wait for a direct one instead.
        return shared.isConnected() ? shared : pool.await(deadlineNanos);
    }

    /** Caller-driven connections lent out now, for tests. */
    int borrowedConnections() {
        int lent = 0;
        for (DirectConnections pool : direct) {
            lent += pool.lent();
        }
        return lent;
    }

    /** Ends the loan of a caller-driven connection; nothing to do for a shared one. */
    void release(ProxyRoute route) {
        if (route instanceof DirectConnection lent) {
            for (DirectConnections pool : direct) {
                if (pool.owns(lent)) {
                    pool.release(lent);
                    return;
                }
            }
            lent.close();
        }
    }

    /**
     * Whether every call ends within the operation timeout: with caller-driven connections, whose
     * connecting counts against the call's own deadline, always; otherwise once every shared
     * connection is up, so no call has to connect first.
     */
    boolean callsBounded() {
        if (!direct.isEmpty()) {
            return !closed.get();
        }
        return connectedToAll();
    }

    /**
     * Opens every shared connection now rather than on first use, so calls are bounded from the
     * start ({@link KeySpace#callBoundMs}) even when few of them take these connections.
     *
     * @throws StoreUnavailableException when a proxy cannot be reached
     */
    public void connectAll() {
        checkOpen();
        for (List<ProxyConnection> proxy : connections) {
            proxy.forEach(ProxyConnection::connect);
        }
    }

    /** Whether every connection is up, so no call has to connect first. */
    boolean connectedToAll() {
        for (List<ProxyConnection> proxy : connections) {
            for (ProxyConnection c : proxy) {
                if (!c.isConnected()) {
                    return false;
                }
            }
        }
        return !closed.get();
    }

    List<ProxyConnection> proxies() {
        checkOpen();
        return proxies;
    }

    Codecs codecs() {
        return codecs;
    }

    long operationTimeoutMs() {
        return operationTimeoutMs;
    }

    int segmentCapBytes() {
        return segmentCapBytes;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the object store is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (List<ProxyConnection> proxy : connections) {
            proxy.forEach(ProxyConnection::close);
        }
        direct.forEach(DirectConnections::close);
        // An in-JVM proxy closes its ends of our channels through our event loop: it goes before
        // the loop does.
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                log.warn("closing the embedded proxy failed", e);
            }
        }
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
