package io.mayfly.proxy.node;

import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ShardDelete;
import io.mayfly.protocol.message.ShardKey;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One node's connection: requests the proxy sends it, each with its own request id, and the
 * routing of the node's replies (which may come out of order) back to whoever asked.
 *
 * <p>A node asks to return with BYE; the link agrees only when no request is in flight, and is
 * then retired in the same step: nothing more is sent on it until the node's next HELLO, and a
 * request made meanwhile is not sent ({@link #NOT_SENT}, {@link ReplyListener#notSent}), so its
 * caller invokes the node again instead of losing it.
 */
public final class NodeChannel implements NodeLink {

    /** Receives the replies to one request. */
    public interface ReplyListener {
        /** A reply; a {@link Segment} is handed over (the listener releases it or passes it on). */
        void reply(Message message);

        /** No (further) reply will come: timeout, connection closed, node stopped serving. */
        void failed(String reason);

        /**
         * The request was never sent: the node is returning (its link retired). The node still
         * holds its memory; invoking it again (the pool does, on the next request) serves the
         * request. Called on another thread than the request's; by default a failure.
         */
        default void notSent(String reason) {
            failed(reason);
        }
    }

    /** What {@link #request} returns when the link is retired and the request was not sent. */
    public static final long NOT_SENT = 0;

    private static final ReplyListener IGNORE = new ReplyListener() {
        @Override
        public void reply(Message message) {
            ReferenceCountUtil.release(message);
        }

        @Override
        public void failed(String reason) {}
    };

    private final Channel channel;
    private final ScheduledExecutorService timer;
    private final long timeoutMs;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Outstanding> outstanding = new ConcurrentHashMap<>();
    private volatile String nodeId = "(unauthenticated)";
    private volatile boolean serving;
    /** Agreed to the node's BYE: nothing more is sent; guarded by {@code this}. */
    private boolean retired;
    /** While above 0 the node's BYE is not agreed (a backup copies from it); guarded by {@code this}. */
    private int holds;

    public NodeChannel(Channel channel, ScheduledExecutorService timer, long timeoutMs) {
        this.channel = channel;
        this.timer = timer;
        this.timeoutMs = timeoutMs;
    }

    public Channel channel() {
        return channel;
    }

    public String nodeId() {
        return nodeId;
    }

    void authenticated(String id) {
        this.nodeId = id;
        synchronized (this) {
            retired = false;
        }
        this.serving = true;
    }

    /** False once the node said BYE or the connection closed, until its next HELLO. */
    public boolean isServing() {
        return serving && !isRetired() && channel.isActive();
    }

    private synchronized boolean isRetired() {
        return retired;
    }

    /**
     * The node asked to return: agrees (and retires the link) only when no request is in flight,
     * as one sent before the node's BYE arrived may still be on its way to the node.
     */
    @Override
    public synchronized boolean retireIfIdle() {
        if (!outstanding.isEmpty() || holds > 0) {
            return false;
        }
        retired = true;
        return true;
    }

    /**
     * Keeps the node serving until {@link #release}: its BYE is answered BUSY meanwhile. A backup
     * holds the node it copies from, as Lambda starts the second instance only while the first runs.
     */
    public synchronized void hold() {
        holds++;
    }

    public synchronized void release() {
        holds = Math.max(0, holds - 1);
    }

    void stoppedServing() {
        serving = false;
    }

    /**
     * Sends a request built for a fresh request id and routes its replies to {@code listener}
     * until a final one (OK, ERROR, or a SEGMENT with END), a timeout or the connection's end.
     *
     * @return the request id (further SEGMENTs of the request carry it), or {@link #NOT_SENT} when
     *     the link is retired (the listener then hears {@link ReplyListener#notSent}, later)
     */
    public long request(LongFunction<Message> request, ReplyListener listener) {
        long id = ids.incrementAndGet();
        Outstanding o = new Outstanding(listener);
        synchronized (this) {
            if (!retired) {
                outstanding.put(id, o);
            }
        }
        if (!outstanding.containsKey(id)) {
            String reason = "node " + nodeId + " is returning (it said BYE); the request was not sent";
            try {
                channel.eventLoop().execute(() -> listener.notSent(reason));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                listener.notSent(reason);
            }
            return NOT_SENT;
        }
        o.timeout = timer.schedule(() -> expire(id), timeoutMs, TimeUnit.MILLISECONDS);
        if (!outstanding.containsKey(id)) {
            // Answered or failed (the connection closed) before its timeout was set.
            o.timeout.cancel(false);
        }
        channel.writeAndFlush(request.apply(id)).addListener(f -> {
            if (!f.isSuccess()) {
                fail(id, "write to node " + nodeId + " failed: " + f.cause());
            }
        });
        return id;
    }

    /**
     * Sends a message that belongs to a request already made (a SEGMENT); takes ownership. Once the
     * link is retired only messages of requests still in flight go out (none, unless timed out).
     */
    public void send(Message message) {
        boolean drop;
        synchronized (this) {
            drop = retired && !outstanding.containsKey(message.requestId());
        }
        if (drop) {
            ReferenceCountUtil.release(message);
            return;
        }
        channel.writeAndFlush(message);
    }

    /** A message from the node: routed to the request it answers. Takes ownership. */
    void dispatch(Message message) {
        long id = message.requestId();
        boolean last = message instanceof Ok
                || message instanceof ErrorMessage
                || (message instanceof Segment s && s.end())
                || (message instanceof io.mayfly.protocol.message.Inventory i && i.last());
        Outstanding o = last ? outstanding.remove(id) : outstanding.get(id);
        if (o == null) {
            // A straggler after first-d completed, or after a timeout: nobody waits for it.
            ReferenceCountUtil.release(message);
            return;
        }
        if (last) {
            o.cancelTimeout();
        }
        o.listener.reply(message);
    }

    private void expire(long id) {
        fail(id, "node " + nodeId + " did not answer within " + timeoutMs + " ms (shard-timeout-ms)");
    }

    private void fail(long id, String reason) {
        Outstanding o = outstanding.remove(id);
        if (o != null) {
            o.cancelTimeout();
            o.listener.failed(reason);
        }
    }

    @Override
    public void deleteShard(ShardKey shardKey) {
        request(id -> new ShardDelete(id, shardKey), IGNORE);
    }

    @Override
    public void failOutstanding(String reason) {
        List<Long> ids = new ArrayList<>(outstanding.keySet());
        for (long id : ids) {
            fail(id, reason);
        }
    }

    public int outstandingRequests() {
        return outstanding.size();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "NodeChannel[" + nodeId + " " + channel.remoteAddress() + "]";
    }

    private static final class Outstanding {
        final ReplyListener listener;
        volatile @Nullable ScheduledFuture<?> timeout;

        Outstanding(ReplyListener listener) {
            this.listener = listener;
        }

        /** Null until {@link #request} has scheduled it, which a closing connection can precede. */
        void cancelTimeout() {
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
