package io.mayfly.proxy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.message.Auth;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's side of a client's {@link Handshake}, in front of the client session: answers
 * HELLO with the proxy's nonce and proof, checks the client's AUTH, and only then steps out of
 * the pipeline. Until then every request is answered AUTH_FAILED and the connection closed.
 * Without a token (loopback, the in-JVM channel) HELLO is answered with no proof and requests
 * pass at once.
 */
final class ClientAuthenticator extends SimpleChannelInboundHandler<Message> {

    private static final Logger log = LoggerFactory.getLogger(ClientAuthenticator.class);

    private final byte @Nullable [] key;
    private final int segmentCapBytes;
    private final SecureRandom random;
    private byte @Nullable [] clientNonce;
    private byte @Nullable [] proxyNonce;
    private boolean refused;

    /** @param token the clients' shared token, or null when clients need none */
    ClientAuthenticator(@Nullable String token, int segmentCapBytes, SecureRandom random) {
        super(false);
        this.key = token == null ? null : Handshake.key(token);
        this.segmentCapBytes = segmentCapBytes;
        this.random = random;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (refused) {
            ReferenceCountUtil.release(message);
        } else if (message instanceof Hello hello) {
            hello(ctx, hello);
        } else if (message instanceof Auth auth) {
            auth(ctx, auth);
        } else if (key == null) {
            // No token: a client that skips the handshake is served as before.
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(message);
        } else {
            ReferenceCountUtil.release(message);
            refuse(
                    ctx,
                    message.requestId(),
                    "this proxy requires client authentication before " + message.type()
                            + ": configure the client with the proxy's token (mayfly.auth.token-file)");
        }
    }

    private void hello(ChannelHandlerContext ctx, Hello hello) {
        if (hello.role() != Handshake.Role.CLIENT || clientNonce != null) {
            refuse(ctx, hello.requestId(), "the client port takes one client HELLO, got a " + hello.role() + " HELLO");
            return;
        }
        clientNonce = hello.nonce().toByteArray();
        proxyNonce = Handshake.nonce(random);
        Bytes proof = key == null
                ? Bytes.EMPTY
                : Bytes.copyOf(Handshake.proof(key, Handshake.Role.PROXY, clientNonce, proxyNonce));
        ctx.writeAndFlush(new HelloOk(hello.requestId(), segmentCapBytes, Bytes.copyOf(proxyNonce), proof));
        if (key == null) {
            ctx.pipeline().remove(this);
        }
    }

    private void auth(ChannelHandlerContext ctx, Auth auth) {
        if (clientNonce == null || proxyNonce == null) {
            refuse(ctx, auth.requestId(), "AUTH before HELLO");
        } else if (key == null) {
            ctx.pipeline().remove(this);
            ctx.writeAndFlush(new Ok(auth.requestId()));
        } else if (Handshake.verify(
                key,
                Handshake.Role.CLIENT,
                clientNonce,
                proxyNonce,
                auth.proof().toByteArray())) {
            log.debug("client {} authenticated", ctx.channel().remoteAddress());
            ClientAdmission.markReady(ctx.channel());
            ctx.pipeline().remove(this);
            ctx.writeAndFlush(new Ok(auth.requestId()));
        } else {
            refuse(
                    ctx,
                    auth.requestId(),
                    "the client's proof does not match this proxy's auth token: give the client the token"
                            + " the proxy was started with (mayfly.auth.token-file)");
        }
    }

    private void refuse(ChannelHandlerContext ctx, long requestId, String reason) {
        refused = true;
        log.warn("refused client connection from {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.writeAndFlush(new ErrorMessage(requestId, ErrorCode.AUTH_FAILED, reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn(
                "client connection {} failed before authenticating: {}",
                ctx.channel().remoteAddress(),
                cause.toString());
        ctx.close();
    }
}
