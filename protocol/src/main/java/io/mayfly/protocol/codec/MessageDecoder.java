package io.mayfly.protocol.codec;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link Frame}s into {@link io.mayfly.protocol.message.Message}s. A SEGMENT keeps a
 * retained slice of the frame body (no copy); every other message copies its few fields out.
 *
 * <p>A body that does not parse is handled like a bad header in {@link FrameDecoder}: logged
 * once, {@link ProtocolViolation} fired, ERROR sent, connection closed, later frames dropped.
 * Not sharable: one instance per channel.
 */
public final class MessageDecoder extends MessageToMessageDecoder<Frame> {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDecoder.class);

    private boolean failed;

    public MessageDecoder() {
        super(Frame.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        // The superclass releases the frame after this returns.
        if (failed || ProtocolViolation.of(ctx.channel()) != null) {
            failed = true;
            return;
        }
        try {
            out.add(frame.type().read(frame.requestId(), frame.flags(), frame.body()));
        } catch (MalformedMessageException e) {
            fail(ctx, new ProtocolViolation(e.code(), frame.requestId(), String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            fail(
                    ctx,
                    new ProtocolViolation(
                            ErrorCode.MALFORMED, frame.requestId(), frame.type() + " body could not be decoded: " + e));
        }
    }

    private void fail(ChannelHandlerContext ctx, ProtocolViolation violation) {
        failed = true;
        violation.closeConnection(ctx, LOG);
    }
}
