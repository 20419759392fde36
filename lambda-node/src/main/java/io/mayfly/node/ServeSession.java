package io.mayfly.node;

import io.mayfly.node.ServeOutcome.Reason;
import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.invoke.NodeInvocation;
import io.mayfly.protocol.message.Auth;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.Inventory;
import io.mayfly.protocol.message.ListShards;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Pong;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardData;
import io.mayfly.protocol.message.ShardDelete;
import io.mayfly.protocol.message.ShardGet;
import io.mayfly.protocol.message.ShardPut;
import io.mayfly.protocol.segment.SegmentWriter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One invocation's conversation with the proxy, installed at the end of the connection's
 * pipeline for the length of the invocation: HELLO, wait for HELLO_OK and check the proxy's proof
 * (keyed by the invocation's one-time token; a peer that cannot prove it gets nothing), send this
 * node's proof (AUTH), then serve shard
 * requests from the {@link ShardStore} until it is time to return; then ask to leave and stop
 * reading ({@code autoRead=false}) once the proxy agreed, leaving the channel open for the next
 * invocation.
 *
 * <p>Leaving: a request the proxy sent as the node said BYE would be lost if the node returned at
 * once. So the node's BYE asks (it carries the node's own request id) and the node keeps serving,
 * requests that crossed the BYE included; the proxy answers OK once none is in flight and it has
 * stopped using this connection (the node returns), or ERROR BUSY (the node serves on and asks
 * again when idle). With no answer within the connect timeout, or at the hard stop, it leaves at
 * once with BYE 0.
 *
 * <p>When to return (InfiniCache section 4.1): once no request arrived for idleReturnMs (before the
 * first request, at least {@link #FIRST_REQUEST_GRACE_NANOS}) and no put or get is in flight; with
 * idleReturnMs 0 and 1 ms billing right after the last reply; else at the next point
 * {@code returnLead} before a billing-window boundary
 * (duration is billed rounded up to the window, so the rest of a started window is free);
 * always at the hard stop (maxServeMs, or Lambda's deadline minus a margin); at once when the
 * proxy closes the connection or says BYE.
 *
 * <p>Runs on the channel's event loop only; {@link #outcome()} is completed there.
 */
final class ServeSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ServeSession.class);

    /** The least time to wait for the request an invocation was made for (see {@link #idleNanos}). */
    static final long FIRST_REQUEST_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final long MIN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** After the proxy answered BUSY, the least wait before asking to return again. */
    private static final long BUSY_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private enum State {
        AUTHENTICATING,
        SERVING,
        /** Asked to return (BYE sent), serving on until the proxy answers. */
        LEAVING,
        DONE
    }

    private final ShardStore store;
    private final NodeInvocation invocation;
    private final String instanceId;
    private final NodeSettings settings;
    private final long helloRequestId;
    private final long byeRequestId;
    private final long startNanos;
    private final long hardStopNanos;
    private final long helloDeadlineNanos;
    private final CompletableFuture<ServeOutcome> outcome = new CompletableFuture<>();
    /** This invocation's handshake nonce. */
    private final byte[] nonce = Handshake.nonce(new SecureRandom());

    /** The instance's request arrivals, for the burst rule. */
    private final RecentRequests recentRequests;

    /** Puts whose bytes are arriving, by request id. */
    private final Map<Long, InboundPut> puts = new HashMap<>();
    /** Shards still being written to the proxy: returning now would cut them off mid-stream. */
    private int getsSending;
    /** Request ids of refused puts whose remaining SEGMENTs are dropped until END. */
    private final Set<Long> discarding = new HashSet<>();

    private State state = State.AUTHENTICATING;

    @SuppressWarnings("NullAway.Init") // set in handlerAdded, which Netty runs before any other callback
    private ChannelHandlerContext ctx;

    private int segmentCapBytes;
    private long lastActivityNanos;
    private long servedRequests;
    private boolean closedBeforeHelloOk;
    private @Nullable ScheduledFuture<?> timer;
    /** While LEAVING: when to stop waiting for the proxy's answer and leave anyway. */
    private long leaveByNanos;

    private record InboundPut(ShardPut request, ShardStore.Reservation reservation) {}

    ServeSession(
            ShardStore store,
            RecentRequests recentRequests,
            NodeInvocation invocation,
            String instanceId,
            NodeSettings settings,
            long helloRequestId,
            long byeRequestId,
            long startNanos,
            long hardStopNanos,
            long helloDeadlineNanos) {
        this.store = store;
        this.recentRequests = recentRequests;
        this.invocation = invocation;
        this.instanceId = instanceId;
        this.settings = settings;
        this.helloRequestId = helloRequestId;
        this.byeRequestId = byeRequestId;
        this.startNanos = startNanos;
        this.hardStopNanos = hardStopNanos;
        this.helloDeadlineNanos = Math.min(helloDeadlineNanos, hardStopNanos);
    }

    CompletableFuture<ServeOutcome> outcome() {
        return outcome;
    }

    long servedRequests() {
        return servedRequests;
    }

    /** True when the connection died before HELLO_OK: a reused connection was stale, dial again. */
    boolean closedBeforeHelloOk() {
        return closedBeforeHelloOk;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        Channel channel = ctx.channel();
        if (!channel.isActive()) {
            closedBeforeHelloOk = true;
            finish(ServeOutcome.of(Reason.PROXY_CLOSED, "connection closed before HELLO"));
            return;
        }
        ShardStore.Inventory inv = store.inventory();
        Hello hello = Hello.node(
                helloRequestId,
                invocation.nodeId(),
                Handshake.keyId(invocation.token()),
                nonce,
                instanceId,
                inv.shardCount(),
                inv.storedBytes(),
                inv.digest());
        channel.writeAndFlush(hello).addListener(f -> {
            if (!f.isSuccess()) {
                closedBeforeHelloOk = true;
                finish(ServeOutcome.of(Reason.PROXY_CLOSED, "HELLO could not be sent: " + f.cause()));
            }
        });
        schedule(helloDeadlineNanos);
        channel.config().setAutoRead(true); // also issues the first read
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.AUTHENTICATING) {
                authenticate(msg);
            } else if (state == State.SERVING || state == State.LEAVING) {
                lastActivityNanos = System.nanoTime();
                serve((Message) msg);
            } else {
                LOG.debug("{} after the invocation ended, dropped", msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void authenticate(Object msg) {
        if (msg instanceof HelloOk ok && ok.requestId() == helloRequestId) {
            byte[] key = Handshake.key(invocation.token());
            byte[] proxyNonce = ok.nonce().toByteArray();
            if (!Handshake.verify(
                    key, Handshake.Role.PROXY, nonce, proxyNonce, ok.proof().toByteArray())) {
                // Whoever answered knows the request id but not the token this invocation carried:
                // not the proxy that invoked us. Serve nothing, not even our proof.
                finish(ServeOutcome.of(
                        Reason.REFUSED,
                        "the peer at " + invocation.proxyHost() + ":" + invocation.proxyPort()
                                + " could not prove it issued this invocation's token"));
                return;
            }
            if (ok.segmentCapBytes() > settings.segmentCapBytes()) {
                finish(ServeOutcome.of(
                        Reason.REFUSED,
                        "proxy segment cap " + ok.segmentCapBytes()
                                + " bytes exceeds the node's " + settings.segmentCapBytes()
                                + " bytes (MAYFLY_NODE_SEGMENT_CAP_BYTES)"));
                return;
            }
            segmentCapBytes = ok.segmentCapBytes();
            ctx.writeAndFlush(new Auth(
                    helloRequestId, Bytes.copyOf(Handshake.proof(key, Handshake.Role.NODE, nonce, proxyNonce))));
            state = State.SERVING;
            lastActivityNanos = System.nanoTime();
            schedule(nextReturnCheck(lastActivityNanos + idleNanos()));
        } else if (msg instanceof ErrorMessage error
                && (error.requestId() == helloRequestId || error.requestId() == 0)) {
            finish(ServeOutcome.of(Reason.REFUSED, error.code() + ": " + error.message()));
        } else {
            // Left over from before the previous BYE: the proxy no longer waits for it.
            LOG.debug("{} before HELLO_OK, dropped", msg);
        }
    }

    private void serve(Message msg) {
        if (msg instanceof Segment segment) {
            onSegment(segment);
        } else if (msg instanceof ShardPut put) {
            servedRequests++;
            recentRequests.record(lastActivityNanos);
            onPut(put);
        } else if (msg instanceof ShardGet get) {
            servedRequests++;
            recentRequests.record(lastActivityNanos);
            onGet(get);
        } else if (msg instanceof ShardDelete delete) {
            servedRequests++;
            store.delete(delete.key());
            ctx.writeAndFlush(new Ok(delete.requestId()));
            returnIfDone();
        } else if (msg instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.requestId()));
        } else if (msg instanceof ListShards list) {
            servedRequests++;
            onListShards(list);
        } else if (msg instanceof Bye) {
            finish(ServeOutcome.of(Reason.PROXY_BYE));
        } else if (msg instanceof Ok ok && ok.requestId() == byeRequestId && state == State.LEAVING) {
            // Nothing is in flight to this node and nothing more will be sent: return.
            finish(ServeOutcome.of(Reason.IDLE), false);
        } else if (msg instanceof ErrorMessage error && error.requestId() == byeRequestId && state == State.LEAVING) {
            // Requests crossed the BYE (served meanwhile, or being served), or the proxy holds the node
            // (a backup): stay, ask again once idle, and not at once, or an idle return of 0 would
            // bounce BYE and BUSY for as long as the proxy holds it.
            LOG.debug("proxy kept the node: {}", error.message());
            state = State.SERVING;
            lastActivityNanos = System.nanoTime();
            schedule(nextReturnCheck(Math.max(lastActivityNanos + idleNanos(), lastActivityNanos + BUSY_RETRY_NANOS)));
        } else if (msg instanceof ErrorMessage error) {
            LOG.warn("proxy reported {} for request {}: {}", error.code(), error.requestId(), error.message());
        } else {
            ctx.writeAndFlush(new ErrorMessage(
                    msg.requestId(),
                    ErrorCode.MALFORMED,
                    "a node does not serve " + msg.type()
                            + "; it serves SHARD_PUT, SHARD_GET, SHARD_DELETE, LIST_SHARDS, PING"));
        }
    }

    private void onPut(ShardPut put) {
        long id = put.requestId();
        if (puts.containsKey(id) || discarding.contains(id)) {
            abortPut(id);
            refusePut(
                    id, ErrorCode.MALFORMED, "SHARD_PUT reuses request id " + id + " of a put in flight; both dropped");
            return;
        }
        ShardStore.Reservation reservation;
        try {
            reservation = store.reserve(put.key(), put.totalLength(), put.meta());
        } catch (NoRoomException e) {
            refusePut(id, ErrorCode.NO_ROOM, String.valueOf(e.getMessage()));
            return;
        }
        puts.put(id, new InboundPut(put, reservation));
    }

    /** Answers ERROR and drops the put's SEGMENTs still to come. */
    private void refusePut(long id, ErrorCode code, String message) {
        discarding.add(id);
        ctx.writeAndFlush(new ErrorMessage(id, code, message));
    }

    private void onSegment(Segment segment) {
        long id = segment.requestId();
        if (discarding.contains(id)) {
            if (segment.end()) {
                discarding.remove(id);
            }
            return;
        }
        InboundPut put = puts.get(id);
        if (put == null) {
            LOG.debug("SEGMENT of unknown request {}, dropped", id);
            return;
        }
        try {
            put.reservation.write(segment.payload());
            if (!segment.end()) {
                return;
            }
            put.reservation.end();
        } catch (MalformedMessageException e) {
            abortPut(id);
            if (!segment.end()) {
                discarding.add(id);
            }
            ctx.writeAndFlush(new ErrorMessage(
                    id, e.code(), "shard " + ShardStore.describe(put.request.key()) + ": " + e.getMessage()));
            return;
        }
        puts.remove(id);
        int received = put.reservation.crc32c();
        if (received != put.request.crc32c()) {
            put.reservation.close();
            ctx.writeAndFlush(new ErrorMessage(
                    id,
                    ErrorCode.CHECKSUM,
                    "shard " + ShardStore.describe(put.request.key())
                            + ": declared crc32c 0x" + Integer.toHexString(put.request.crc32c())
                            + ", received bytes have 0x"
                            + Integer.toHexString(received) + " over " + put.request.totalLength()
                            + " bytes; not stored, resend it"));
            return;
        }
        put.reservation.commit(received);
        ctx.writeAndFlush(new Ok(id));
        returnIfDone();
    }

    private void abortPut(long id) {
        InboundPut put = puts.remove(id);
        if (put != null) {
            put.reservation.close();
        }
    }

    /** The inventory in batches that each stay well under the proxy's control-frame bound. */
    private void onListShards(ListShards list) {
        int budget = Math.max(4096, segmentCapBytes / 2);
        List<Inventory.Entry> batch = new ArrayList<>();
        int batchBytes = 0;
        for (Inventory.Entry e : store.entries()) {
            if (!batch.isEmpty() && batchBytes + e.encodedBytes() > budget) {
                ctx.write(new Inventory(list.requestId(), false, batch));
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(e);
            batchBytes += e.encodedBytes();
        }
        ctx.writeAndFlush(new Inventory(list.requestId(), true, batch));
    }

    private void onGet(ShardGet get) {
        ShardStore.StoredShard shard = store.get(get.key());
        if (shard == null) {
            ctx.writeAndFlush(new ErrorMessage(
                    get.requestId(),
                    ErrorCode.NOT_FOUND,
                    "shard " + ShardStore.describe(get.key()) + " is not on this node (instance " + instanceId + ")"));
            return;
        }
        int length = shard.length();
        if (get.offset() > length) {
            ctx.writeAndFlush(new ErrorMessage(
                    get.requestId(),
                    ErrorCode.MALFORMED,
                    "range from byte " + get.offset() + " starts past the end of shard "
                            + ShardStore.describe(get.key()) + " (" + length + " bytes)"));
            return;
        }
        int from = (int) get.offset();
        int n = get.ranged() ? (int) Math.min(get.length(), length - from) : length;
        ctx.write(new ShardData(get.requestId(), length, shard.crc32c()));
        // Zero copy: the segments are slices of the stored arrays, which are never written again.
        getsSending++;
        SegmentWriter.write(ctx.channel(), get.requestId(), 0, shard.slice(from, n), segmentCapBytes)
                .addListener(written -> {
                    getsSending--;
                    lastActivityNanos = System.nanoTime();
                    returnIfDone();
                });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.AUTHENTICATING) {
            closedBeforeHelloOk = true;
        }
        ctx.fireChannelInactive();
        finish(ServeOutcome.of(Reason.PROXY_CLOSED, "proxy closed the connection"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("connection to proxy {}:{} failed, closing it", invocation.proxyHost(), invocation.proxyPort(), cause);
        ctx.close();
    }

    /**
     * With an idle-return time of 0, returns as soon as the last request in flight is answered, so
     * BYE follows the last reply on the connection and the proxy learns of it before it can route
     * another request here (a request crossing a BYE is lost).
     */
    private void returnIfDone() {
        if (state == State.SERVING
                && invocation.idleReturnMs() == 0
                && !inBurst()
                && invocation.billingWindowMs() <= 1
                && puts.isEmpty()
                && getsSending == 0
                && discarding.isEmpty()) {
            leave();
        }
    }

    /** Asks the proxy to let this node return (see the class comment); serves on meanwhile. */
    private void leave() {
        state = State.LEAVING;
        leaveByNanos =
                Math.min(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.connectTimeoutMs()), hardStopNanos);
        ctx.writeAndFlush(new Bye(byeRequestId));
        schedule(leaveByNanos);
    }

    private void onTimer() {
        timer = null;
        if (state == State.DONE) {
            return;
        }
        long now = System.nanoTime();
        if (state == State.LEAVING) {
            if (now - leaveByNanos >= 0) {
                finish(
                        now - hardStopNanos >= 0
                                ? ServeOutcome.of(Reason.DEADLINE)
                                : ServeOutcome.of(
                                        Reason.IDLE,
                                        "no answer to BYE within " + settings.connectTimeoutMs()
                                                + " ms (MAYFLY_NODE_CONNECT_TIMEOUT_MS)"));
            } else {
                schedule(leaveByNanos);
            }
            return;
        }
        if (now - hardStopNanos >= 0) {
            finish(
                    state == State.AUTHENTICATING
                            ? ServeOutcome.of(Reason.DEADLINE, "no HELLO_OK before the serve time ran out")
                            : ServeOutcome.of(Reason.DEADLINE));
            return;
        }
        if (state == State.AUTHENTICATING) {
            if (now - helloDeadlineNanos >= 0) {
                finish(ServeOutcome.of(
                        Reason.UNREACHABLE,
                        "no answer to HELLO within " + settings.connectTimeoutMs()
                                + " ms (MAYFLY_NODE_CONNECT_TIMEOUT_MS)"));
            } else {
                schedule(helloDeadlineNanos);
            }
            return;
        }
        long idleSince = lastActivityNanos + idleNanos();
        if (puts.isEmpty() && getsSending == 0 && now - idleSince >= 0) {
            leave();
        } else {
            // Busy past the idle time (a transfer in flight): the node is idle no sooner than one
            // idle time from now, so look again then rather than spinning on the event loop.
            long busyRecheck = now + Math.max(idleNanos(), MIN_RECHECK_NANOS);
            schedule(nextReturnCheck(now - idleSince >= 0 ? busyRecheck : idleSince));
        }
    }

    private long nextReturnCheck(long notBefore) {
        return nextReturnCheck(
                notBefore,
                startNanos,
                TimeUnit.MILLISECONDS.toNanos(invocation.billingWindowMs()),
                TimeUnit.MILLISECONDS.toNanos(settings.returnLeadMs()));
    }

    /**
     * The first instant at or after {@code notBefore} that lies {@code leadNanos} before a
     * billing boundary (boundaries are whole windows after {@code startNanos}). Windows of 1 ms
     * or shorter than twice the lead (today's 1 ms billing) have no useful boundary: at once.
     */
    static long nextReturnCheck(long notBefore, long startNanos, long windowNanos, long leadNanos) {
        if (windowNanos < 2 * leadNanos || windowNanos <= TimeUnit.MILLISECONDS.toNanos(1)) {
            return notBefore;
        }
        long elapsed = notBefore - startNanos;
        long windows = Math.max(1, (elapsed + leadNanos + windowNanos - 1) / windowNanos);
        long at = startNanos + windows * windowNanos - leadNanos;
        return at - notBefore < 0 ? at + windowNanos : at;
    }

    /**
     * How long to stay without requests: the invocation's idle-return time, or its burst linger
     * while the instance's last burst-requests gets and puts came within it; before the first
     * request at least {@link #FIRST_REQUEST_GRACE_NANOS}, as the proxy invoked this node for a
     * request it writes right behind HELLO_OK; returning before it arrives would fail it.
     */
    private long idleNanos() {
        long idle = TimeUnit.MILLISECONDS.toNanos(invocation.idleReturnMs());
        if (inBurst()) {
            idle = Math.max(idle, TimeUnit.MILLISECONDS.toNanos(invocation.burstLingerMs()));
        }
        return servedRequests == 0 ? Math.max(idle, FIRST_REQUEST_GRACE_NANOS) : idle;
    }

    private boolean inBurst() {
        return invocation.hasBurstRule()
                && recentRequests.lastWithin(
                        invocation.burstRequests(), TimeUnit.MILLISECONDS.toNanos(invocation.burstLingerMs()));
    }

    private void schedule(long atNanos) {
        if (timer != null) {
            timer.cancel(false);
        }
        long at = atNanos - hardStopNanos > 0 ? hardStopNanos : atNanos;
        long delay = Math.max(0, at - System.nanoTime());
        timer = ctx.executor().schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
    }

    /**
     * Ends the invocation at once: drops puts in flight (the store keeps only complete, verified
     * shards), stops reading, says BYE 0 (not after a refusal: the proxy closes then) and completes
     * {@link #outcome()} once BYE is written, so it is on the wire before the function returns.
     */
    void finish(ServeOutcome result) {
        finish(result, true);
    }

    private void finish(ServeOutcome result, boolean sayBye) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        for (InboundPut put : puts.values()) {
            put.reservation.close();
        }
        puts.clear();
        discarding.clear();
        Channel channel = ctx.channel();
        channel.config().setAutoRead(false);
        if (ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
        if (result.reason() == Reason.REFUSED) {
            channel.close();
            outcome.complete(result);
        } else if (sayBye && channel.isActive()) {
            channel.writeAndFlush(new Bye(0)).addListener(f -> outcome.complete(result));
        } else {
            outcome.complete(result);
        }
        LOG.debug("invocation of {} ends: {} after {} requests", invocation.nodeId(), result, servedRequests);
    }
}
