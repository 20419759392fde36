package io.mayfly.protocol.codec;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.WireFormat;
import io.mayfly.protocol.message.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into {@link Frame}s. Unlike {@code LengthFieldBasedFrameDecoder} it
 * validates version, type, flags and the declared body length (per type, against
 * {@link WireLimits}) as soon as the header bytes are there, before waiting for the body, so
 * the bytes it buffers never exceed header + limit whatever a peer declares.
 *
 * <p>On a violation it never throws into {@code exceptionCaught}: it logs the error code once,
 * fires a {@link ProtocolViolation} user event, sends ERROR and closes this connection, and
 * discards everything that arrives afterwards. Not sharable: one instance per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    /**
     * Bodies at least this large gather their reads (of up to 64 KiB each) as components of one
     * composite buffer; merging them into one growing buffer copied a 1 MiB body about twice on
     * its way in. Smaller frames keep the merged buffer, which is cheaper to parse.
     */
    static final int GATHERED_BODY_BYTES = 128 * 1024;

    private final WireLimits limits;
    private boolean failed;

    public FrameDecoder(WireLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed || ProtocolViolation.of(ctx.channel()) != null) {
            failed = true;
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrame(in, out);
        } catch (MalformedMessageException e) {
            fail(ctx, in, new ProtocolViolation(e.code(), headerRequestId(in), String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            fail(ctx, in, new ProtocolViolation(ErrorCode.INTERNAL, headerRequestId(in), "frame decoder failed: " + e));
        }
    }

    private void decodeFrame(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        int start = in.readerIndex();
        // Check each header field as soon as its bytes are here: garbage is rejected early.
        if (readable < 1) {
            return;
        }
        int version = in.getUnsignedByte(start);
        if (version != WireFormat.VERSION) {
            throw new MalformedMessageException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "frame has protocol version " + version + ", this build speaks only version " + WireFormat.VERSION);
        }
        if (readable < 2) {
            return;
        }
        int typeCode = in.getUnsignedByte(start + 1);
        MessageType type = MessageType.of(typeCode);
        if (type == null) {
            throw new MalformedMessageException(
                    ErrorCode.UNKNOWN_TYPE, "frame has unknown message type 0x" + Integer.toHexString(typeCode));
        }
        if (readable < 3) {
            return;
        }
        int flags = in.getUnsignedByte(start + 2);
        int allowedFlags = switch (type) {
            case SEGMENT -> WireFormat.FLAG_END;
            case OBJECT_PUT -> WireFormat.FLAG_PINNED | WireFormat.FLAG_LEASED;
            case OBJECT_DELETE -> WireFormat.FLAG_LEASED;
            case SHARD_GET -> WireFormat.FLAG_RANGE;
            default -> 0;
        };
        if ((flags & ~allowedFlags) != 0) {
            throw new MalformedMessageException(
                    ErrorCode.MALFORMED,
                    type + " frame has flags 0x" + Integer.toHexString(flags) + ", allowed are 0x"
                            + Integer.toHexString(allowedFlags));
        }
        if (readable < WireFormat.HEADER_BYTES) {
            return;
        }
        long requestId = in.getLong(start + 3);
        long length = in.getUnsignedInt(start + WireFormat.LENGTH_FIELD_OFFSET);
        int limit = limits.maxBodyBytes(type);
        if (length > limit) {
            throw new MalformedMessageException(
                    ErrorCode.TOO_LARGE,
                    type + " frame of request " + requestId
                            + " declares a body of " + length + " bytes, limit is " + limit
                            + " (segment cap " + limits.segmentCapBytes() + " bytes)");
        }
        if (readable - WireFormat.HEADER_BYTES < length) {
            setCumulator(length >= GATHERED_BODY_BYTES ? COMPOSITE_CUMULATOR : MERGE_CUMULATOR);
            return; // wait: what we buffer is bounded by HEADER_BYTES + limit
        }
        setCumulator(MERGE_CUMULATOR);
        in.skipBytes(WireFormat.HEADER_BYTES);
        out.add(new Frame(type, flags, requestId, in.readRetainedSlice((int) length)));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed || ProtocolViolation.of(ctx.channel()) != null) {
            in.skipBytes(in.readableBytes());
            return;
        }
        super.decodeLast(ctx, in, out);
        if (in.isReadable() && !failed) {
            // The peer closed mid-frame: nothing to answer, but say what was lost.
            fail(
                    ctx,
                    in,
                    new ProtocolViolation(
                            ErrorCode.MALFORMED,
                            headerRequestId(in),
                            "connection closed inside a frame, " + in.readableBytes() + " bytes discarded"));
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, ProtocolViolation violation) {
        failed = true;
        in.skipBytes(in.readableBytes());
        violation.closeConnection(ctx, LOG);
    }

    private static long headerRequestId(ByteBuf in) {
        return in.readableBytes() >= WireFormat.LENGTH_FIELD_OFFSET ? in.getLong(in.readerIndex() + 3) : 0L;
    }
}
