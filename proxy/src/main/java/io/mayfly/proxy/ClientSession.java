package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ClearSpace;
import io.mayfly.protocol.message.Done;
import io.mayfly.protocol.message.DropSpace;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.KeyList;
import io.mayfly.protocol.message.LeaseGranted;
import io.mayfly.protocol.message.LeaseRelease;
import io.mayfly.protocol.message.ListKeys;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.ObjectDelete;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.ObjectTouch;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Pong;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.WriteLease;
import io.mayfly.protocol.segment.KeyListFormat;
import io.mayfly.protocol.segment.SegmentWriter;
import io.mayfly.proxy.index.ObjectKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's end of one client connection: decodes requests into store operations. Requests on
 * one connection are independent and answered as they complete, possibly out of order.
 */
final class ClientSession extends SimpleChannelInboundHandler<Message> {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final StoreCoordinator store;
    /** Puts whose client streams have not all ended; touched only on this channel's event loop. */
    private final Map<Long, PutStream> puts = new HashMap<>();

    ClientSession(StoreCoordinator store) {
        super(false);
        this.store = store;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        try {
            handle(ctx, message);
        } catch (RuntimeException e) {
            log.warn("request {} failed inside the proxy", message, e);
            // The handler may have released or handed on the message before it failed.
            ReferenceCountUtil.safeRelease(message);
            ctx.writeAndFlush(new ErrorMessage(
                    message.requestId(), ErrorCode.INTERNAL, "the proxy failed on " + message.type() + ": " + e));
        }
    }

    private void handle(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Segment segment) {
            PutStream put = puts.get(segment.requestId());
            if (put == null) {
                segment.release();
                return;
            }
            put.segment(segment);
            if (put.streamsEnded()) {
                puts.remove(segment.requestId());
            }
        } else if (message instanceof ObjectPut header) {
            PutStream put = PutStream.of(store, ctx.channel(), header);
            PutStream reused = puts.put(header.requestId(), put);
            if (reused != null) {
                // The earlier put can no longer receive its bytes: give back what it holds.
                reused.abandon("request id " + header.requestId() + " reused by another put");
            }
            put.begin();
        } else if (message instanceof ObjectGet get) {
            store.get(ctx.channel(), get);
        } else if (message instanceof ObjectDelete delete) {
            delete(ctx, delete);
        } else if (message instanceof WriteLease lease) {
            acquireLease(ctx, lease);
        } else if (message instanceof LeaseRelease release) {
            ctx.writeAndFlush(new Done(
                    release.requestId(),
                    store.leases.release(
                            ObjectKey.of(release.space(), release.key().toByteArray()), release.leaseId())));
        } else if (message instanceof ObjectTouch touch) {
            ctx.writeAndFlush(new Done(
                    touch.requestId(),
                    store.touch(
                            touch.space(),
                            touch.key().toByteArray(),
                            touch.expectedVersion(),
                            touch.expiresAtMillis())));
        } else if (message instanceof ListKeys list) {
            List<Bytes> keys = store.keys(list.space());
            ctx.writeAndFlush(new KeyList(list.requestId(), keys.size()));
            ByteBuf body = KeyListFormat.encode(ctx.alloc(), keys);
            Channel channel = ctx.channel();
            // Paced like get data: the list waits for room under the connection's in-flight bound.
            ClientAdmission.reserve(
                    channel,
                    list.requestId(),
                    body.readableBytes(),
                    () -> SegmentWriter.write(channel, list.requestId(), 0, body, store.settings.segmentCapBytes()));
        } else if (message instanceof ClearSpace clear) {
            store.clear(clear.space());
            ctx.writeAndFlush(new Done(clear.requestId(), true));
        } else if (message instanceof DropSpace drop) {
            store.clear(drop.space());
            ctx.writeAndFlush(new Done(drop.requestId(), true));
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.requestId()));
        } else {
            ReferenceCountUtil.release(message);
            ctx.writeAndFlush(new ErrorMessage(
                    message.requestId(), ErrorCode.MALFORMED, message.type() + " is not a client request"));
        }
    }

    private void delete(ChannelHandlerContext ctx, ObjectDelete delete) {
        byte[] key = delete.key().toByteArray();
        if (!delete.leased()) {
            ctx.writeAndFlush(
                    new Done(delete.requestId(), store.delete(delete.space(), key, delete.expectedVersion())));
            return;
        }
        Boolean removed = store.deleteUnderLease(delete.space(), key, delete.expectedVersion(), delete.leaseId());
        ctx.writeAndFlush(
                removed != null
                        ? new Done(delete.requestId(), removed)
                        : new ErrorMessage(delete.requestId(), ErrorCode.CONFLICT, leaseLost(delete.leaseId())));
    }

    /** Why a leased write was refused: its lease ended before the write arrived. */
    static String leaseLost(long leaseId) {
        return "write lease " + leaseId + " expired before the write committed: the CacheWriter took longer than"
                + " the lease (raise mayfly.write-lease-ms)";
    }

    /** Answers at once or when the lease frees up; the wait runs on timers, never blocking the loop. */
    private void acquireLease(ChannelHandlerContext ctx, WriteLease request) {
        Channel channel = ctx.channel();
        store.leases.acquire(
                ObjectKey.of(request.space(), request.key().toByteArray()),
                request.leaseMs(),
                request.waitMs(),
                ctx.executor(),
                new WriteLeases.Requester() {
                    @Override
                    public boolean granted(long leaseId) {
                        if (!channel.isActive()) {
                            return false;
                        }
                        channel.writeAndFlush(new LeaseGranted(request.requestId(), leaseId));
                        return true;
                    }

                    @Override
                    public void refused(ErrorCode code, String reason) {
                        channel.writeAndFlush(new ErrorMessage(request.requestId(), code, reason));
                    }
                });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (PutStream put : puts.values()) {
            put.abandon("client connection closed mid-put");
        }
        puts.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
