package io.mayfly.protocol.segment;

import io.mayfly.protocol.message.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts a large body into SEGMENTs of at most the segment cap, as retained slices of the body
 * (no copy). An empty body becomes one empty SEGMENT with END, so every stream has an end.
 */
public final class SegmentWriter {

    private SegmentWriter() {}

    /** Number of SEGMENTs a body of {@code bodyBytes} takes: at least one. */
    public static int segmentCount(long bodyBytes, int segmentCapBytes) {
        requireCap(segmentCapBytes);
        return bodyBytes == 0 ? 1 : (int) ((bodyBytes + segmentCapBytes - 1) / segmentCapBytes);
    }

    /**
     * Splits the readable bytes of {@code body} into SEGMENTs of this request and stream.
     * Takes ownership of {@code body} (releases it); each returned Segment owns a retained slice,
     * and the caller owns the list (write them, or release each).
     */
    public static List<Segment> split(long requestId, int streamIndex, ByteBuf body, int segmentCapBytes) {
        try {
            requireCap(segmentCapBytes);
            int total = body.readableBytes();
            List<Segment> segments = new ArrayList<>(segmentCount(total, segmentCapBytes));
            int index = body.readerIndex();
            int end = index + total;
            try {
                do {
                    int n = Math.min(segmentCapBytes, end - index);
                    segments.add(new Segment(requestId, streamIndex, index + n == end, body.retainedSlice(index, n)));
                    index += n;
                } while (index < end);
            } catch (RuntimeException e) {
                segments.forEach(Segment::release);
                throw e;
            }
            return segments;
        } finally {
            body.release();
        }
    }

    /** Splits {@code body} without copying it (the array is wrapped; do not modify it until written). */
    public static List<Segment> split(long requestId, int streamIndex, byte[] body, int segmentCapBytes) {
        return split(requestId, streamIndex, Unpooled.wrappedBuffer(body), segmentCapBytes);
    }

    /**
     * Writes {@code body} to {@code channel} as SEGMENTs and flushes. Takes ownership of
     * {@code body}. The returned future succeeds when every SEGMENT was written, or fails with
     * the first failure. It does not wait for writability: callers streaming many large bodies
     * should respect {@link Channel#isWritable()}.
     */
    public static ChannelFuture write(
            Channel channel, long requestId, int streamIndex, ByteBuf body, int segmentCapBytes) {
        List<Segment> segments = split(requestId, streamIndex, body, segmentCapBytes);
        ChannelPromise all = channel.newPromise();
        AtomicInteger pending = new AtomicInteger(segments.size());
        for (Segment segment : segments) {
            channel.write(segment).addListener(f -> {
                if (!f.isSuccess()) {
                    all.tryFailure(f.cause());
                } else if (pending.decrementAndGet() == 0) {
                    all.trySuccess();
                }
            });
        }
        channel.flush();
        return all;
    }

    /** {@link #write(Channel, long, int, ByteBuf, int)} for an array (wrapped, not copied). */
    public static ChannelFuture write(
            Channel channel, long requestId, int streamIndex, byte[] body, int segmentCapBytes) {
        return write(channel, requestId, streamIndex, Unpooled.wrappedBuffer(body), segmentCapBytes);
    }

    private static void requireCap(int segmentCapBytes) {
        if (segmentCapBytes < 1) {
            throw new IllegalArgumentException("segment cap must be >= 1 byte, was " + segmentCapBytes);
        }
    }
}
