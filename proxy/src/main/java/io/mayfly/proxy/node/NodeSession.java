package io.mayfly.proxy.node;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.message.Auth;
import io.mayfly.protocol.message.Bye;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Pong;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's end of one node connection: the {@link Handshake} first, keyed by the one-time
 * token of the invocation the node answers (HELLO names it by key id; HELLO_OK proves the proxy
 * issued it; the node's AUTH proves the node received it). Anything else first, or a wrong
 * proof, is refused and the connection closed. Then replies are routed to their requests, and a
 * node's BYE is answered (see {@link NodePool#retire}). A node may say HELLO again on the same
 * connection at its next invocation.
 */
public final class NodeSession extends SimpleChannelInboundHandler<Message> {

    private static final Logger log = LoggerFactory.getLogger(NodeSession.class);

    private final NodePool<NodeChannel> pool;
    private final NodeChannel link;
    private final int segmentCapBytes;
    private final SecureRandom random;
    private volatile boolean authenticated;
    /** The HELLO answered and waiting for the node's AUTH; event loop only. */
    private @Nullable PendingHello pending;

    private record PendingHello(Hello hello, String token, byte[] proxyNonce) {}

    public NodeSession(NodePool<NodeChannel> pool, NodeChannel link, int segmentCapBytes, SecureRandom random) {
        super(false);
        this.pool = pool;
        this.link = link;
        this.segmentCapBytes = segmentCapBytes;
        this.random = random;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Hello hello) {
            hello(ctx, hello);
        } else if (message instanceof Auth auth) {
            auth(ctx, auth);
        } else if (!authenticated && message instanceof Bye) {
            // A node whose BYE was agreed may still say BYE 0 (told to leave as it asked): it has left.
            log.debug("BYE from node {} after it returned, ignored", link.nodeId());
        } else if (!authenticated) {
            ReferenceCountUtil.release(message);
            refuse(ctx, 0, "a node must say HELLO with its token before anything else");
        } else if (message instanceof Bye bye && bye.requestId() != 0) {
            // The node asks to return. Only with nothing in flight to it: a request sent before its
            // BYE arrived would otherwise be lost. Else it stays, serves them and asks again.
            if (pool.retire(link, "it returns (BYE agreed)")) {
                authenticated = false;
                link.stoppedServing();
                ctx.writeAndFlush(new Ok(bye.requestId()));
            } else {
                ctx.writeAndFlush(new ErrorMessage(
                        bye.requestId(),
                        ErrorCode.BUSY,
                        link.outstandingRequests() + " requests to node " + link.nodeId()
                                + " in flight, or a backup copies from it"));
            }
        } else if (message instanceof Bye) {
            // Leaving now (its deadline): what is in flight to it is lost.
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
        String token = hello.role() == Handshake.Role.NODE ? pool.pendingToken(hello.nodeId(), hello.keyId()) : null;
        if (token == null) {
            refuse(
                    ctx,
                    hello.requestId(),
                    "node " + hello.nodeId() + " named no one-time token of a pending invocation of that function");
            return;
        }
        byte[] proxyNonce = Handshake.nonce(random);
        byte[] key = Handshake.key(token);
        byte[] proof = Handshake.proof(key, Handshake.Role.PROXY, hello.nonce().toByteArray(), proxyNonce);
        authenticated = false;
        pending = new PendingHello(hello, token, proxyNonce);
        ctx.writeAndFlush(
                new HelloOk(hello.requestId(), segmentCapBytes, Bytes.copyOf(proxyNonce), Bytes.copyOf(proof)));
    }

    private void auth(ChannelHandlerContext ctx, Auth auth) {
        PendingHello p = pending;
        pending = null;
        if (p == null) {
            refuse(ctx, auth.requestId(), "AUTH without a HELLO before it");
            return;
        }
        Hello hello = p.hello();
        if (!Handshake.verify(
                Handshake.key(p.token()),
                Handshake.Role.NODE,
                hello.nonce().toByteArray(),
                p.proxyNonce(),
                auth.proof().toByteArray())) {
            refuse(
                    ctx,
                    hello.requestId(),
                    "node " + hello.nodeId() + " did not prove it holds the one-time token of its invocation");
            return;
        }
        InstanceReport report = new InstanceReport(
                hello.instanceId(), hello.storedShards(), hello.storedBytes(), hello.inventoryDigest());
        boolean accepted = pool.admit(hello.nodeId(), p.token(), report, link, () -> {
            link.authenticated(hello.nodeId());
            authenticated = true;
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
                    "node " + hello.nodeId() + "'s invocation is no longer pending (its dial-back timed out)");
        }
    }

    private void refuse(ChannelHandlerContext ctx, long requestId, String reason) {
        log.warn("refused node connection from {}: {}", ctx.channel().remoteAddress(), reason);
        authenticated = false;
        pending = null;
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
