package io.mayfly.client;

import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A connection to a proxy that the calling thread drives itself, one call at a time: it writes
 * the request, then reads the socket until the answer is complete. On loopback most of a small
 * call's time over the shared connection is the hand-off to the client's event loop and back;
 * here there is none, as with a Redis client's blocking socket.
 *
 * <p>The wire codec and the handshake run in an {@link EmbeddedChannel} on the caller's thread,
 * so framing, limits and authentication are the shared connection's own. Every wait (connect,
 * write, read) is bounded by the call's deadline; a call that fails or runs out of time leaves
 * the connection broken, and it is closed rather than reused, so no late answer can reach
 * another call.
 */
final class DirectConnection implements ProxyRoute, AutoCloseable {

    /** A call's first read buffer; it grows while reads fill it, for large values. */
    private static final int FIRST_READ_BYTES = 16 * 1024;

    /**
     * The largest read buffer. Larger ones fall outside the allocator's pooled sizes: a 10 MiB get
     * read through 1 MiB buffers took three times as long as through the shared connection.
     */
    private static final int MAX_READ_BYTES = 64 * 1024;

    /** Idle for less than this, a connection is reused without probing for a close by the proxy. */
    static final long PROBE_AFTER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final SocketChannel socket;
    private final Selector selector;
    private final SelectionKey key;
    private final EmbeddedChannel codec;
    private final long operationTimeoutMs;
    private final int segmentCapBytes;
    private long ids;
    private int readBytes = FIRST_READ_BYTES;
    /** Whether the last read filled its buffer, so more bytes are likely waiting already. */
    private boolean moreLikely;

    private long idleSinceNanos = System.nanoTime();
    private volatile boolean broken;

    private DirectConnection(
            String name,
            SocketChannel socket,
            Selector selector,
            EmbeddedChannel codec,
            long operationTimeoutMs,
            int segmentCapBytes)
            throws IOException {
        this.name = name;
        this.socket = socket;
        this.selector = selector;
        this.codec = codec;
        this.operationTimeoutMs = operationTimeoutMs;
        this.segmentCapBytes = segmentCapBytes;
        this.key = socket.register(selector, SelectionKey.OP_CONNECT);
    }

    /**
     * Connects and completes the handshake before {@code deadlineNanos}; {@code opening} receives
     * the connection before any wait, so a store closing meanwhile can close its socket.
     *
     * @throws StoreUnavailableException when the proxy cannot be reached in time
     * @throws AuthenticationException when the handshake fails
     */
    static DirectConnection open(
            String name,
            InetSocketAddress address,
            WireLimits limits,
            ClientSecurity security,
            SecureRandom random,
            long operationTimeoutMs,
            java.util.function.Consumer<DirectConnection> opening,
            long deadlineNanos) {
        ClientHandshake handshake = new ClientHandshake(name, security, random);
        SocketChannel socket = null;
        Selector selector = null;
        DirectConnection connection = null;
        try {
            socket = SocketChannel.open();
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            selector = Selector.open();
            InetSocketAddress resolved = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort())
                    : address;
            boolean connected = socket.connect(resolved);
            EmbeddedChannel codec = new EmbeddedChannel(false, false);
            connection =
                    new DirectConnection(name, socket, selector, codec, operationTimeoutMs, limits.segmentCapBytes());
            opening.accept(connection);
            if (!connected) {
                connection.await(SelectionKey.OP_CONNECT, deadlineNanos);
                socket.finishConnect();
            }
            connection.key.interestOps(SelectionKey.OP_READ);
            codec.pipeline().addLast(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    WireCodec.install(c.pipeline(), limits).addLast(handshake);
                }
            });
            // Registering fires channelActive, on which the handshake sends its HELLO.
            codec.register();
            connection.handshake(handshake.done(), deadlineNanos);
            return connection;
        } catch (TimeoutWait e) {
            closeQuietly(connection, socket, selector);
            throw new StoreUnavailableException("cannot connect to proxy " + name + " within the operation timeout, "
                    + operationTimeoutMs + " ms (is it running? check mayfly.proxy)");
        } catch (IOException e) {
            closeQuietly(connection, socket, selector);
            throw new StoreUnavailableException(
                    "cannot connect to proxy " + name + ": " + e.getMessage() + " (is it running? check mayfly.proxy)",
                    e);
        } catch (RuntimeException | Error e) {
            closeQuietly(connection, socket, selector);
            throw e;
        } catch (Exception e) {
            closeQuietly(connection, socket, selector);
            throw new StoreUnavailableException("cannot connect to proxy " + name + ": " + e, e);
        }
    }

    private void handshake(CompletableFuture<Void> done, long deadlineNanos) throws IOException, TimeoutWait {
        while (true) {
            writeOutbound(deadlineNanos);
            if (done.isDone()) {
                try {
                    done.join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof AuthenticationException auth) {
                        throw auth;
                    }
                    throw new AuthenticationException("handshake with proxy " + name + " failed: " + e.getCause(), e);
                }
                return;
            }
            if (!codec.isOpen()) {
                throw new IOException("the handshake closed the connection");
            }
            if (!readSome(deadlineNanos)) {
                // The proxy closed: the handshake future says why (TLS expected, refused).
                codec.close();
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int segmentCapBytes() {
        return segmentCapBytes;
    }

    /**
     * Sends the request and reads until {@code call} is complete, within the operation timeout;
     * the call is answered or failed when this returns.
     */
    @Override
    public long send(
            LongFunction<Message> request, ProxyConnection.Call call, @Nullable BiConsumer<Channel, Long> then) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(operationTimeoutMs);
        long id = ++ids;
        // Each call's reads start small: a buffer grown for a large value would make every later
        // small answer allocate and pin a large one.
        readBytes = FIRST_READ_BYTES;
        moreLikely = false;
        if (broken) {
            call.failed(new StoreUnavailableException("connection to proxy " + name + " is closed"));
            return id;
        }
        try {
            codec.write(request.apply(id));
            if (then != null) {
                then.accept(codec, id);
            }
            codec.flush();
            writeOutbound(deadline);
            while (true) {
                Object read;
                while ((read = codec.readInbound()) != null) {
                    Message message = (Message) read;
                    if (message.requestId() != id) {
                        ReferenceCountUtil.release(message);
                        continue;
                    }
                    if (call.answer(message)) {
                        return id;
                    }
                }
                if (!codec.isOpen()) {
                    throw new IOException("the connection broke the protocol");
                }
                if (!readSome(deadline)) {
                    throw new IOException("the proxy closed the connection");
                }
            }
        } catch (TimeoutWait e) {
            broken = true;
            call.failed(new StoreUnavailableException("no answer from proxy " + name + " within " + operationTimeoutMs
                    + " ms (mayfly.operation-timeout-ms)"));
        } catch (IOException e) {
            broken = true;
            call.failed(new StoreUnavailableException("connection to proxy " + name + " lost: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            broken = true;
            call.failed(new StoreUnavailableException("bad answer from proxy " + name + ": " + e, e));
        }
        return id;
    }

    /** Nothing to forget: a call that gave up broke this connection, which is never reused. */
    @Override
    public void abandon(long id) {
        broken = true;
    }

    /**
     * Whether this idle connection can take a call: not broken, idle for less than {@code
     * maxIdleNanos} (the proxy closes idle connections), and not closed by the proxy meanwhile.
     */
    boolean usable(long maxIdleNanos) {
        long idleNanos = System.nanoTime() - idleSinceNanos;
        if (broken || idleNanos > maxIdleNanos) {
            return false;
        }
        if (idleNanos < PROBE_AFTER_IDLE_NANOS) {
            // Answered a moment ago: the probe's system call would cost a busy caller more than the
            // rare close it could catch in that moment.
            return true;
        }
        ByteBuffer probe = ByteBuffer.allocate(1);
        try {
            // Idle, nothing is owed to this connection: any byte or the end of the stream retires it.
            return socket.read(probe) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    boolean broken() {
        return broken;
    }

    void idle() {
        idleSinceNanos = System.nanoTime();
    }

    private void writeOutbound(long deadlineNanos) throws IOException, TimeoutWait {
        List<ByteBuf> pending = new ArrayList<>(4);
        Object out;
        while ((out = codec.readOutbound()) != null) {
            pending.add((ByteBuf) out);
        }
        if (pending.isEmpty()) {
            return;
        }
        try {
            List<ByteBuffer> buffers = new ArrayList<>(pending.size());
            long remaining = 0;
            for (ByteBuf buf : pending) {
                for (ByteBuffer b : buf.nioBuffers()) {
                    buffers.add(b);
                    remaining += b.remaining();
                }
            }
            ByteBuffer[] array = buffers.toArray(new ByteBuffer[0]);
            while (remaining > 0) {
                long n = socket.write(array);
                remaining -= n;
                if (remaining > 0 && n == 0) {
                    key.interestOps(SelectionKey.OP_WRITE);
                    try {
                        await(SelectionKey.OP_WRITE, deadlineNanos);
                    } finally {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
            }
        } finally {
            pending.forEach(ReferenceCountUtil::release);
        }
    }

    /** Waits for bytes and feeds what arrives to the codec; false at the end of the stream. */
    private boolean readSome(long deadlineNanos) throws IOException, TimeoutWait {
        ByteBuf buf = codec.alloc().directBuffer(readBytes);
        try {
            // Right after a request nothing has arrived yet: wait before reading rather than spend
            // a system call on an empty read. A read that filled its buffer left more behind.
            int n = 0;
            if (moreLikely) {
                n = buf.writeBytes(socket, readBytes);
            }
            while (n == 0) {
                await(SelectionKey.OP_READ, deadlineNanos);
                n = buf.writeBytes(socket, readBytes);
            }
            if (n < 0) {
                return false;
            }
            moreLikely = n == readBytes;
            if (moreLikely && readBytes < MAX_READ_BYTES) {
                readBytes *= 2;
            }
            codec.writeInbound(buf);
            buf = null;
            return true;
        } finally {
            if (buf != null) {
                buf.release();
            }
        }
    }

    private void await(int op, long deadlineNanos) throws IOException, TimeoutWait {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new TimeoutWait();
        }
        try {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999)));
            selector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new IOException("closed");
        }
        if (!socket.isOpen()) {
            throw new IOException("closed");
        }
    }

    /** Closes the connection; only its holder (the borrower, or the pool while it is idle) calls this. */
    @Override
    public void close() {
        broken = true;
        closeQuietly(this, socket, selector);
    }

    /**
     * Closes the socket from any thread: a call in progress fails at once, and its holder closes
     * the rest when the call ends.
     */
    void closeSocket() {
        broken = true;
        closeQuietly(null, socket, selector);
    }

    private static void closeQuietly(
            @Nullable DirectConnection connection, @Nullable SocketChannel socket, @Nullable Selector selector) {
        // A codec registers only once connected; before that it holds nothing.
        if (connection != null && connection.codec.isRegistered()) {
            connection.codec.finishAndReleaseAll();
        }
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // Closing is best effort: the descriptor is gone either way.
        }
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException ignored) {
            // As above.
        }
    }

    /** The call's deadline passed while waiting. */
    private static final class TimeoutWait extends Exception {
        TimeoutWait() {
            super("deadline passed", null, false, false);
        }
    }
}
