package io.mayfly.proxy.node;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.HelloOk;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection on the node port must be accepted (the proxy answers HELLO_OK) within the auth
 * timeout, else it is answered ERROR and closed: whoever reaches the port cannot hold connections
 * open without a valid HELLO. Sits in front of the {@link NodeSession}, watching its answers.
 */
public final class HelloDeadline extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(HelloDeadline.class);

    private final long timeoutMs;
    private @Nullable ScheduledFuture<?> deadline;
    private boolean accepted;

    public HelloDeadline(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor()
                .schedule(
                        () -> {
                            if (!accepted && ctx.channel().isActive()) {
                                String reason = "no accepted HELLO within auth-timeout-ms " + timeoutMs
                                        + " (raise the proxy's --auth-timeout-ms)";
                                log.info(
                                        "closing node connection {}: {}",
                                        ctx.channel().remoteAddress(),
                                        reason);
                                ctx.writeAndFlush(new ErrorMessage(0, ErrorCode.TIMEOUT, reason))
                                        .addListener(ChannelFutureListener.CLOSE);
                            }
                        },
                        timeoutMs,
                        TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HelloOk && !accepted) {
            accepted = true;
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
