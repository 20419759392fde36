package io.mayfly.proxy;

import io.mayfly.protocol.message.Auth;
import io.mayfly.protocol.message.Hello;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Holds a client's requests, not its handshake (HELLO, AUTH), until the index is recovered from
 * the functions, before admission counts them:
 * nothing is answered from a half-built index, while a client still completes its handshake within
 * its connect timeout. The first held request stops reading from the socket, so what waits here is
 * at most what one read decoded; the rest waits in the socket.
 */
final class RecoveryGate extends ChannelInboundHandlerAdapter {

    private final CompletableFuture<?> recovered;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private boolean waiting;

    RecoveryGate(CompletableFuture<?> recovered) {
        this.recovered = recovered;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (held.isEmpty() && (recovered.isDone() || message instanceof Hello || message instanceof Auth)) {
            ctx.fireChannelRead(message);
            return;
        }
        held.add(message);
        if (!waiting) {
            waiting = true;
            ReadGate.hold(ctx.channel());
            recovered.whenComplete((s, e) -> ctx.executor().execute(() -> open(ctx)));
        }
    }

    private void open(ChannelHandlerContext ctx) {
        if (ctx.isRemoved()) {
            return;
        }
        while (!held.isEmpty()) {
            ctx.fireChannelRead(held.poll());
        }
        ReadGate.release(ctx.channel());
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }
}
