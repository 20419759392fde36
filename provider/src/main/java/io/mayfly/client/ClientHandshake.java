package io.mayfly.client;

import io.mayfly.protocol.auth.Handshake;
import io.mayfly.protocol.message.Auth;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Hello;
import io.mayfly.protocol.message.HelloOk;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Ok;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The client's side of the {@link Handshake}, first in the pipeline after the codec: sends HELLO
 * with a fresh nonce when the connection opens, checks the proxy's proof (a client with a token
 * never talks to a proxy that cannot prove it has the same one), answers with its own proof,
 * and steps out once the proxy says OK. {@link #done()} fails with a message naming the setting
 * to fix.
 */
final class ClientHandshake extends SimpleChannelInboundHandler<Message> {

    /** Request id of the handshake's messages; calls start at 1. */
    static final long REQUEST_ID = 0;

    private final String proxy;
    private final byte @Nullable [] key;
    private final boolean tls;
    private final byte[] nonce;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    ClientHandshake(String proxy, ClientSecurity security, SecureRandom random) {
        super(false);
        this.proxy = proxy;
        this.key = security.token() == null ? null : Handshake.key(security.token());
        this.tls = security.tls() != null;
        this.nonce = Handshake.nonce(random);
    }

    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Hello.client(REQUEST_ID, nonce));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        try {
            if (message instanceof HelloOk ok) {
                helloOk(ctx, ok);
            } else if (message instanceof Ok && key != null) {
                succeed(ctx);
            } else if (message instanceof ErrorMessage error) {
                fail(ctx, "proxy " + proxy + " refused this client: " + error.code() + " " + error.message());
            } else {
                fail(ctx, "proxy " + proxy + " answered the handshake with " + message.type());
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void helloOk(ChannelHandlerContext ctx, HelloOk ok) {
        if (key == null) {
            if (ok.proved()) {
                fail(
                        ctx,
                        "proxy " + proxy + " requires an auth token and this client has none: set "
                                + ClientSecurity.AUTH_TOKEN_FILE + " to a file holding the proxy's token");
            } else {
                succeed(ctx);
            }
            return;
        }
        if (!ok.proved()) {
            fail(
                    ctx,
                    "proxy " + proxy + " has no auth token, so it cannot prove it is the proxy this client's token"
                            + " (" + ClientSecurity.AUTH_TOKEN_FILE + ") belongs to: start it with --auth-token-file");
            return;
        }
        byte[] proxyNonce = ok.nonce().toByteArray();
        if (!Handshake.verify(
                key, Handshake.Role.PROXY, nonce, proxyNonce, ok.proof().toByteArray())) {
            fail(
                    ctx,
                    "proxy " + proxy + " could not prove it knows this client's auth token: the tokens differ, or it"
                            + " is not your proxy (check " + ClientSecurity.AUTH_TOKEN_FILE + ")");
            return;
        }
        ctx.writeAndFlush(
                new Auth(REQUEST_ID, Bytes.copyOf(Handshake.proof(key, Handshake.Role.CLIENT, nonce, proxyNonce))));
    }

    private void succeed(ChannelHandlerContext ctx) {
        ctx.pipeline().remove(this);
        done.complete(null);
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        done.completeExceptionally(new AuthenticationException(reason));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done.isDone()) {
            done.completeExceptionally(new AuthenticationException("proxy " + proxy
                    + " closed the connection during the handshake"
                    + (tls
                            ? " (check that its client port uses TLS)"
                            : " (if its client port uses TLS, set " + ClientSecurity.TLS_ENABLED + "=true)")));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done.isDone()) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            done.completeExceptionally(new AuthenticationException(
                    "TLS or handshake with proxy " + proxy + " failed: " + root.getMessage()
                            + (tls ? " (is its certificate in " + ClientSecurity.TLS_TRUST_CERTIFICATES + "?)" : ""),
                    cause));
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
