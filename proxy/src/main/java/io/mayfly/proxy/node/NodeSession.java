package io.mayfly.proxy.node;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Pong;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's end of one node connection: HELLO with the one-time token first (anything else,
 * or a wrong token, is refused and the connection closed), then replies routed to their requests.
 * A node may say HELLO again on the same connection at its next invocation.
 */
public final class NodeSession extends SimpleChannelInboundHandler<Message> {

    private static final Logger log = LoggerFactory.getLogger(NodeSession.class);

    private final NodePool<NodeChannel> pool;
    private final NodeChannel link;
    private final int segmentCapBytes;
    private volatile boolean authenticated;

    public NodeSession(NodePool<NodeChannel> pool, NodeChannel link, int segmentCapBytes) {
        super(false);
        this.pool = pool;
        this.link = link;
        this.segmentCapBytes = segmentCapBytes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Hello hello) {
            hello(ctx, hello);
        } else if (!authenticated) {
            ReferenceCountUtil.release(message);
            refuse(ctx, 0, "a node must say HELLO with its token before anything else");
        } else if (message instanceof Bye) {
            authenticated = false;
            link.stoppedServing();
            // Replies sent before the BYE have been dispatched; nothing after it will come.
            link.failOutstanding("node said BYE");
            pool.released(link, "it said BYE");
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.requestId()));
        } else {
            link.dispatch(message);
        }
    }

    private void hello(ChannelHandlerContext ctx, Hello hello) {
        InstanceReport report = new InstanceReport(
                hello.instanceId(), hello.storedShards(), hello.storedBytes(), hello.inventoryDigest());
        boolean accepted = pool.admit(hello.nodeId(), hello.token(), report, link, () -> {
            link.authenticated(hello.nodeId());
            authenticated = true;
            ctx.writeAndFlush(new HelloOk(hello.requestId(), segmentCapBytes));
        });
        if (accepted) {
            log.debug(
                    "node {} connected from {} (instance {}, {} shards, {} bytes)",
                    hello.nodeId(),
                    ctx.channel().remoteAddress(),
                    hello.instanceId(),
                    hello.storedShards(),
                    hello.storedBytes());
        } else {
            refuse(
                    ctx,
                    hello.requestId(),
                    "node " + hello.nodeId()
                            + " presented a token that is not the one-time token of its pending invocation");
        }
    }

    private void refuse(ChannelHandlerContext ctx, long requestId, String reason) {
        log.warn("refused node connection from {}: {}", ctx.channel().remoteAddress(), reason);
        authenticated = false;
        ctx.writeAndFlush(new ErrorMessage(requestId, ErrorCode.AUTH_FAILED, reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        link.stoppedServing();
        pool.released(link, "its connection closed");
        link.failOutstanding("connection to node " + link.nodeId() + " closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            // A reclaimed or killed instance resets its connection: an instance lost, not a fault here.
            log.info("node connection {} lost: {}", link, cause.toString());
        } else {
            log.warn("node connection {} failed: {}", link, cause.toString());
        }
        ctx.close();
    }
}
