package io.mayfly.protocol.codec;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.ErrorMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;

/**
 * User event fired down the pipeline when the peer broke the wire format; the connection is
 * being closed. Handlers use it to fail the requests pending on this connection at once,
 * instead of waiting for {@code channelInactive}.
 *
 * @param requestId the request id of the offending frame, or 0 when its header was unreadable
 */
public record ProtocolViolation(ErrorCode code, long requestId, String detail) {

    /** Set on a channel once a violation was reported, so both decoders stay silent afterwards. */
    private static final AttributeKey<ProtocolViolation> REPORTED = AttributeKey.valueOf("mayfly.protocolViolation");

    /** The violation that is closing {@code channel}, or null while the channel is healthy. */
    public static ProtocolViolation of(Channel channel) {
        return channel.attr(REPORTED).get();
    }

    /**
     * Logs the violation, fires it as a user event, sends ERROR to the peer (best effort: the
     * write goes through the whole pipeline so the encoder sees it) and closes the connection.
     * Only the first violation of a channel is reported; later ones are dropped silently.
     */
    void closeConnection(ChannelHandlerContext ctx, Logger log) {
        if (!ctx.channel().attr(REPORTED).compareAndSet(null, this)) {
            return;
        }
        log.error("closing {}: protocol violation {} (request {}): {}", ctx.channel(), code, requestId, detail);
        ctx.fireUserEventTriggered(this);
        if (ctx.channel().isActive()) {
            ctx.channel()
                    .writeAndFlush(new ErrorMessage(requestId, code, detail))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
