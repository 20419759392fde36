package io.mayfly.protocol.codec;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.ErrorMessage;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;

/**
 * User event fired down the pipeline when the peer broke the wire format; the connection is
 * being closed. Handlers use it to fail the requests pending on this connection at once,
 * instead of waiting for {@code channelInactive}.
 *
 * @param requestId the request id of the offending frame, or 0 when its header was unreadable
 */
public record ProtocolViolation(ErrorCode code, long requestId, String detail) {

    /**
     * Logs the violation, fires it as a user event, sends ERROR to the peer (best effort: the
     * write goes through the whole pipeline so the encoder sees it) and closes the connection.
     */
    void closeConnection(ChannelHandlerContext ctx, Logger log) {
        log.error("closing {}: protocol violation {} (request {}): {}", ctx.channel(), code, requestId, detail);
        ctx.fireUserEventTriggered(this);
        if (ctx.channel().isActive()) {
            ctx.channel().writeAndFlush(new ErrorMessage(requestId, code, detail))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
