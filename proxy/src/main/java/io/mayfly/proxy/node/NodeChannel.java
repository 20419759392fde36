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

/**
 * One node's connection: requests the proxy sends it, each with its own request id, and the
 * routing of the node's replies (which may come out of order) back to whoever asked.
 */
public final class NodeChannel implements NodeLink {

    /** Receives the replies to one request. */
    public interface ReplyListener {
        /** A reply; a {@link Segment} is handed over (the listener releases it or passes it on). */
        void reply(Message message);

        /** No (further) reply will come: timeout, connection closed, node stopped serving. */
        void failed(String reason);
    }

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
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean serving;

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
        this.lastActivityNanos = System.nanoTime();
        this.serving = true;
    }

    /** False once the node said BYE or the connection closed, until its next HELLO. */
    public boolean isServing() {
        return serving && channel.isActive();
    }

    void stoppedServing() {
        serving = false;
    }

    /**
     * Sends a request built for a fresh request id and routes its replies to {@code listener}
     * until a final one (OK, ERROR, or a SEGMENT with END), a timeout or the connection's end.
     *
     * @return the request id (further SEGMENTs of the request carry it)
     */
    public long request(LongFunction<Message> request, ReplyListener listener) {
        long id = ids.incrementAndGet();
        lastActivityNanos = System.nanoTime();
        Outstanding o = new Outstanding(listener);
        outstanding.put(id, o);
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

    /** Sends a message that belongs to a request already made (a SEGMENT); takes ownership. */
    public void send(Message message) {
        channel.writeAndFlush(message);
    }

    /** A message from the node: routed to the request it answers. Takes ownership. */
    void dispatch(Message message) {
        lastActivityNanos = System.nanoTime();
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

    @Override
    public boolean quietFor(long quietNanos) {
        return outstanding.isEmpty() && System.nanoTime() - lastActivityNanos >= quietNanos;
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
        volatile ScheduledFuture<?> timeout;

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
