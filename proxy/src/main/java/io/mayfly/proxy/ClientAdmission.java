package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.Committed;
import io.mayfly.protocol.message.Conflict;
import io.mayfly.protocol.message.Done;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.KeyList;
import io.mayfly.protocol.message.ListKeys;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.NotFound;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.ObjectMeta;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.Pong;
import io.mayfly.protocol.message.Segment;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one client connection may hold in the proxy, checked in front of its {@link ClientSession}:
 * the connection count, requests not yet answered, bytes buffered for it (inline put bytes it sent,
 * get segments queued for its socket), the time until it is ready and how long it may sit idle.
 * Each breach answers ERROR naming the setting and closes this connection only.
 *
 * <p>Get data is paced by credit, not by the node links it arrives on (other clients' gets share
 * those): a get pulls its shards from the nodes a window at a time, and each window is {@link
 * #reserve reserved} here first. A window is granted while what the connection holds (queued,
 * reserved, inline) stays within max-bytes-in-flight-per-connection and what all connections hold
 * within buffered-direct-bytes ({@link ClientBudgets}), so a client that reads gets its windows as
 * fast as it and the others drain them, and is never closed for either bound; one that stops
 * reading holds back its own gets, and is closed only when others wait for the room it holds.
 *
 * <p>Inbound state is touched on the channel's event loop only; the queued-bytes counter and the
 * time of the last write also by {@link ClientBudgets}, which may pick this connection as the
 * largest holder that stopped reading.
 */
final class ClientAdmission extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(ClientAdmission.class);

    private static final long FORCED_CLOSE_MS = 1_000;

    /** Smallest window a get pulls a shard by (unless the in-flight bound is smaller still). */
    private static final long MIN_WINDOW_BYTES = 64 << 10;

    private final ClientBudgets budgets;
    private final ConnectionLimits limits;
    /** Unanswered requests by id: bounded by max-requests-in-flight, past which the connection closes. */
    private final Map<Long, Pending> pending = new HashMap<>();

    private final AtomicLong queuedBytes = new AtomicLong();
    /** When queued bytes last reached the socket, or began to wait for it. */
    private volatile long lastProgressNanos = System.nanoTime();
    /** A re-check of windows waiting on the proxy-wide budget is scheduled. */
    private boolean budgetRecheck;

    private long inlineBytes;
    /** Get bytes granted to windows asked of nodes and not yet queued for the socket. */
    private long reservedBytes;
    /** Windows waiting for credit, first come first granted. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    @SuppressWarnings("NullAway.Init") // set in handlerAdded, which Netty runs before any other callback
    private ChannelHandlerContext ctx;

    private boolean counted;
    private volatile boolean ready;
    private boolean closing;
    private @Nullable ScheduledFuture<?> readyDeadline;

    /**
     * @param readyOnConnect true while the client port has no handshake: the session is ready at
     *     once. A handshake passes false and calls {@link #markReady} when the peer has proven itself.
     */
    ClientAdmission(ClientBudgets budgets, boolean readyOnConnect) {
        this.budgets = budgets;
        this.limits = budgets.limits();
        this.ready = readyOnConnect;
    }

    /** Marks the session of {@code channel} ready (authenticated): its auth timeout no longer applies. */
    static void markReady(Channel channel) {
        ClientAdmission admission = channel.pipeline().get(ClientAdmission.class);
        if (admission != null) {
            admission.ready = true;
        }
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    /** Holds queued bytes none of which reached the socket for {@link ClientBudgets#STALL_MS}. */
    boolean stalled(long nowNanos) {
        return queuedBytes.get() > 0
                && nowNanos - lastProgressNanos > TimeUnit.MILLISECONDS.toNanos(ClientBudgets.STALL_MS);
    }

    /** Bytes were freed under the proxy-wide budget: windows waiting for it may go. Any thread. */
    void budgetFreed() {
        ctx.executor().execute(this::grantWaiters);
    }

    /**
     * The window a get on {@code client} pulls each of its {@code streams} shards by: small enough
     * that every shard may have one in flight while the client holds as much again unread.
     *
     * @return bytes per window, or 0 when the connection has no admission (no pacing)
     */
    static long windowBytes(Channel client, int streams) {
        ClientAdmission admission = client.pipeline().get(ClientAdmission.class);
        if (admission == null) {
            return 0;
        }
        long bound = admission.limits.maxBytesInFlightPerConnection();
        return Math.min(bound, Math.max(MIN_WINDOW_BYTES, bound / (2L * Math.max(1, streams))));
    }

    /**
     * Runs {@code granted} once {@code bytes} more of get {@code requestId} fit within this
     * connection's in-flight bound: at once, or when the client has read enough. A closed
     * connection grants at once (the get then sees it closed). Callable from any thread;
     * {@code granted} runs on the client's event loop.
     */
    static void reserve(Channel client, long requestId, long bytes, Runnable granted) {
        ClientAdmission admission = client.pipeline().get(ClientAdmission.class);
        if (admission == null) {
            granted.run();
            return;
        }
        if (admission.ctx.executor().inEventLoop()) {
            // Granted now when credit allows: the caller's own writes and these leave in one flush.
            admission.reserveOnLoop(requestId, bytes, granted);
            return;
        }
        admission.ctx.executor().execute(() -> admission.reserveOnLoop(requestId, bytes, granted));
    }

    private void reserveOnLoop(long requestId, long bytes, Runnable granted) {
        waiters.add(new Waiter(requestId, bytes, granted));
        grantWaiters();
    }

    private void grantWaiters() {
        while (!waiters.isEmpty()) {
            Waiter next = waiters.peek();
            Pending get = pending.get(next.requestId);
            if (!closing && get != null) {
                long held = heldBytes();
                // An idle connection always gets one window, so a bound below a window still progresses.
                if (held > 0 && held + next.bytes > limits.maxBytesInFlightPerConnection()) {
                    budgets.waiting(this, false);
                    return;
                }
                if (!budgets.tryHold(next.bytes)) {
                    waitForBudget(next.bytes);
                    return;
                }
                get.creditBytes += next.bytes;
                reservedBytes += next.bytes;
            }
            waiters.poll();
            next.granted.run();
        }
        budgets.waiting(this, false);
    }

    /**
     * The next window waits for room under the proxy-wide budget: readers free it as they read;
     * a connection that stopped reading is closed to free it, checked now and again while waiting.
     */
    private void waitForBudget(long bytes) {
        budgets.waiting(this, true);
        if (!budgetRecheck) {
            // Once per wait and then once per STALL_MS, not on every wake-up.
            budgets.shedStalled(System.nanoTime());
            budgetRecheck = true;
            ctx.executor()
                    .schedule(
                            () -> {
                                budgetRecheck = false;
                                grantWaiters();
                            },
                            ClientBudgets.STALL_MS,
                            TimeUnit.MILLISECONDS);
        }
        // Room freed between the failed hold and the registration woke nobody: look once more.
        if (budgets.fits(bytes)) {
            budgetFreed();
        }
    }

    private long heldBytes() {
        return inlineBytes + reservedBytes + queuedBytes.get();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counted = true;
        int open = budgets.opened(this);
        if (open > limits.maxClientConnections()) {
            breach(
                    ErrorCode.UNAVAILABLE,
                    "the proxy already has " + (open - 1) + " client connections, max-client-connections is "
                            + limits.maxClientConnections() + " (raise --max-client-connections)");
            return;
        }
        if (!ready) {
            readyDeadline = ctx.executor()
                    .schedule(
                            () -> {
                                if (!ready) {
                                    breach(
                                            ErrorCode.TIMEOUT,
                                            "the session was not ready (authenticated) within auth-timeout-ms "
                                                    + limits.authTimeoutMs() + " (raise --auth-timeout-ms)");
                                }
                            },
                            limits.authTimeoutMs(),
                            TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Segment segment) {
            Pending put = pending.get(segment.requestId());
            if (put != null && put.kind == Kind.INLINE_PUT) {
                int n = segment.payload().readableBytes();
                put.heldBytes += n;
                inlineBytes += n;
                if (overBytes()) {
                    ReferenceCountUtil.release(msg);
                    breachBytes();
                    return;
                }
            }
        } else if (msg instanceof Message request) {
            pending.put(request.requestId(), new Pending(kindOf(request)));
            if (pending.size() > limits.maxRequestsInFlight()) {
                ReferenceCountUtil.release(msg);
                breach(
                        ErrorCode.TOO_LARGE,
                        pending.size() + " requests in flight on this connection exceed max-requests-in-flight "
                                + limits.maxRequestsInFlight() + " (raise --max-requests-in-flight)");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static Kind kindOf(Message request) {
        if (request instanceof ObjectGet get) {
            return get.wantValue() ? Kind.GET_VALUE : Kind.ANSWER;
        } else if (request instanceof ObjectPut put) {
            return put.layout().inline() ? Kind.INLINE_PUT : Kind.ANSWER;
        } else if (request instanceof ListKeys) {
            return Kind.LIST;
        }
        return Kind.ANSWER;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Segment segment) {
            long n = segment.payload().readableBytes();
            ChannelPromise tracked = promise.isVoid() ? ctx.newPromise() : promise;
            // Reserved bytes become queued ones in one step: the held total never counts them twice.
            Pending get = pending.get(segment.requestId());
            long credited = 0;
            if (get != null && get.creditBytes > 0) {
                credited = Math.min(n, get.creditBytes);
                get.creditBytes -= credited;
                reservedBytes -= credited;
            }
            // Granted bytes are held under the budget already; only bytes beyond them are added.
            budgets.hold(n - credited);
            if (queuedBytes.getAndAdd(n) == 0) {
                lastProgressNanos = System.nanoTime();
            }
            budgets.queued(n);
            tracked.addListener(f -> {
                lastProgressNanos = System.nanoTime();
                queuedBytes.addAndGet(-n);
                budgets.written(n);
                grantWaiters();
            });
            answered(msg);
            ctx.write(msg, tracked);
            if (overBytes()) {
                breachBytes();
            }
            return;
        }
        answered(msg);
        ctx.write(msg, promise);
    }

    /** Forgets a request once its last answer is written. */
    private void answered(Object msg) {
        if (!(msg instanceof Message message) || pending.isEmpty()) {
            return;
        }
        long id = message.requestId();
        if (message instanceof ErrorMessage
                || message instanceof NotFound
                || message instanceof Done
                || message instanceof Pong
                || message instanceof Committed
                || message instanceof Conflict) {
            forget(id);
        } else if (message instanceof ObjectMeta meta) {
            Pending get = pending.get(id);
            if (get != null && get.kind == Kind.GET_VALUE) {
                get.remainingStreams =
                        meta.layout().inline() ? 1 : meta.layout().k();
            } else {
                forget(id);
            }
        } else if (message instanceof KeyList) {
            Pending list = pending.get(id);
            if (list != null) {
                list.remainingStreams = 1;
            }
        } else if (message instanceof Segment segment && segment.end()) {
            Pending get = pending.get(id);
            if (get != null && get.remainingStreams > 0 && --get.remainingStreams == 0) {
                forget(id);
            }
        }
    }

    private void forget(long id) {
        Pending gone = pending.remove(id);
        if (gone != null) {
            inlineBytes -= gone.heldBytes;
            // Windows that will not reach the client (a shard dropped, the get done or failed).
            reservedBytes -= gone.creditBytes;
            budgets.release(gone.creditBytes);
            if (!waiters.isEmpty()) {
                ctx.executor().execute(this::grantWaiters);
            }
        }
    }

    private boolean overBytes() {
        return heldBytes() > limits.maxBytesInFlightPerConnection();
    }

    private void breachBytes() {
        breach(
                ErrorCode.TOO_LARGE,
                "this connection holds " + heldBytes()
                        + " bytes in the proxy (inline put bytes received, get bytes it has not read),"
                        + " max-bytes-in-flight-per-connection is " + limits.maxBytesInFlightPerConnection()
                        + " (read faster, or raise --max-bytes-in-flight-per-connection)");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            breach(
                    ErrorCode.TIMEOUT,
                    "no byte sent or received for idle-timeout-ms " + limits.idleTimeoutMs()
                            + " (reconnect, or raise --idle-timeout-ms)");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Answers ERROR naming the limit and closes; runs on this channel's event loop. */
    void breach(ErrorCode code, String reason) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> breach(code, reason));
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        log.info("closing client connection {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.writeAndFlush(new ErrorMessage(0, code, reason)).addListener(ChannelFutureListener.CLOSE);
        // A peer that does not read never receives the ERROR: close anyway, soon.
        ctx.executor().schedule(() -> ctx.close(), FORCED_CLOSE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (readyDeadline != null) {
            readyDeadline.cancel(false);
        }
        if (counted) {
            counted = false;
            budgets.closed(this);
        }
        pending.clear();
        inlineBytes = 0;
        budgets.release(reservedBytes);
        reservedBytes = 0;
        grantWaiters();
        ctx.fireChannelInactive();
    }

    private enum Kind {
        ANSWER,
        GET_VALUE,
        INLINE_PUT,
        LIST
    }

    private record Waiter(long requestId, long bytes, Runnable granted) {}

    private static final class Pending {
        final Kind kind;
        int remainingStreams;
        long heldBytes;
        /** Get bytes reserved for this request and not yet queued. */
        long creditBytes;

        Pending(Kind kind) {
            this.kind = kind;
        }
    }
}
