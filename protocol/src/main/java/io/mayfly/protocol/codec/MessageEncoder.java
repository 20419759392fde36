package io.mayfly.protocol.codec;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.WireFormat;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@link Message}s as frames. A SEGMENT goes out as a small header buffer followed by
 * its payload buffer itself (no copy); the encoder takes the Segment's reference and releases
 * it once written. A message whose body would exceed {@link WireLimits} fails its write
 * promise (the peer would reject it) and the connection stays open. Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<Message> {

    private final WireLimits limits;

    public MessageEncoder(WireLimits limits) {
        super(Message.class);
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message msg, List<Object> out) {
        // The superclass releases msg (a Segment's payload reference) after this returns.
        if (msg instanceof Segment segment) {
            int payloadBytes = segment.payload().readableBytes();
            if (payloadBytes > limits.segmentCapBytes()) {
                throw new MalformedMessageException(
                        ErrorCode.TOO_LARGE,
                        "SEGMENT of request " + segment.requestId()
                                + " carries " + payloadBytes + " bytes, segment cap is " + limits.segmentCapBytes()
                                + "; split bodies with SegmentWriter");
            }
            ByteBuf header = ctx.alloc().ioBuffer(WireFormat.HEADER_BYTES + Segment.PREFIX_BYTES);
            writeHeader(header, segment, Segment.PREFIX_BYTES + payloadBytes);
            segment.writePrefix(header);
            out.add(header);
            out.add(segment.payload().retain());
            return;
        }
        ByteBuf frame = ctx.alloc().ioBuffer();
        try {
            writeHeader(frame, msg, 0);
            msg.writeBody(frame);
            int bodyBytes = frame.readableBytes() - WireFormat.HEADER_BYTES;
            if (bodyBytes > limits.maxControlBodyBytes()) {
                throw new MalformedMessageException(
                        ErrorCode.TOO_LARGE,
                        msg.type() + " of request " + msg.requestId()
                                + " has a body of " + bodyBytes + " bytes, limit is " + limits.maxControlBodyBytes()
                                + "; shorten its key or name fields");
            }
            frame.setInt(WireFormat.LENGTH_FIELD_OFFSET, bodyBytes);
            out.add(frame);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /** Writes the 15-byte header of {@code msg} with the given body length. */
    static void writeHeader(ByteBuf out, Message msg, int bodyBytes) {
        out.writeByte(WireFormat.VERSION);
        out.writeByte(msg.type().code());
        out.writeByte(msg.flags());
        out.writeLong(msg.requestId());
        out.writeInt(bodyBytes);
    }
}
