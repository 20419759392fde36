package io.mayfly.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * SEGMENT: one bounded piece of a large body (shard bytes, an inline value, a key list). The
 * pieces of one request travel with its request id; {@code streamIndex} tells streams apart
 * (the shard index, or 0 for a single body); the last piece of a stream has {@code end} set.
 *
 * <p>Ownership: a Segment owns one reference to {@code payload}. The decoder hands it out as a
 * retained slice of the received frame (no copy). Whoever receives a Segment must
 * {@link #release()} it exactly once, or pass it on (writing it to a channel passes it to the
 * encoder, which releases it after the bytes are written).
 */
public record Segment(long requestId, int streamIndex, boolean end, ByteBuf payload)
        implements Message, ReferenceCounted {

    /** Stream indexes are u16 on the wire. */
    public static final int MAX_STREAM_INDEX = 0xFFFF;

    /** Body bytes before the payload: the stream index. */
    public static final int PREFIX_BYTES = 2;

    public Segment {
        Objects.requireNonNull(payload, "payload");
        if (streamIndex < 0 || streamIndex > MAX_STREAM_INDEX) {
            throw new IllegalArgumentException("streamIndex " + streamIndex + " outside 0.." + MAX_STREAM_INDEX);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.SEGMENT;
    }

    @Override
    public int flags() {
        return end ? io.mayfly.protocol.WireFormat.FLAG_END : 0;
    }

    /** Writes the stream index only; encoders send the payload as its own buffer (no copy). */
    public void writePrefix(ByteBuf out) {
        out.writeShort(streamIndex);
    }

    /** Copies prefix and payload into {@code out}; encoders prefer {@link #writePrefix} plus the payload. */
    @Override
    public void writeBody(ByteBuf out) {
        writePrefix(out);
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    }

    static Segment read(long requestId, int flags, ByteBuf body) {
        int streamIndex = body.readUnsignedShort();
        boolean end = (flags & io.mayfly.protocol.WireFormat.FLAG_END) != 0;
        return new Segment(requestId, streamIndex, end, body.readRetainedSlice(body.readableBytes()));
    }

    @Override
    public int refCnt() {
        return payload.refCnt();
    }

    @Override
    public Segment retain() {
        payload.retain();
        return this;
    }

    @Override
    public Segment retain(int increment) {
        payload.retain(increment);
        return this;
    }

    @Override
    public Segment touch() {
        payload.touch();
        return this;
    }

    @Override
    public Segment touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return payload.release();
    }

    @Override
    public boolean release(int decrement) {
        return payload.release(decrement);
    }

    @Override
    public String toString() {
        return "Segment[requestId=" + requestId + ", streamIndex=" + streamIndex + ", end=" + end + ", bytes="
                + (payload.refCnt() > 0 ? payload.readableBytes() : -1) + "]";
    }
}
