package io.mayfly.protocol.segment;

import io.netty.buffer.ByteBuf;

/**
 * Where the bytes of one stream of a request go while its SEGMENTs arrive. Sinks are fed on one
 * thread (the channel's event loop) and need not be thread-safe.
 */
public interface SegmentSink {

    /**
     * Accepts the next piece of the stream. {@code payload} is borrowed: a sink that keeps it
     * must retain it (or copy), and must not move the caller's indexes.
     *
     * @throws io.mayfly.protocol.MalformedMessageException with TOO_LARGE when the stream
     *                                                      exceeds what the sink accepts
     */
    void write(ByteBuf payload);

    /**
     * The stream's last SEGMENT arrived.
     *
     * @throws io.mayfly.protocol.MalformedMessageException when the stream is shorter than the
     *                                                      sink requires
     */
    void end();

    /** The request is abandoned before the end: free whatever the sink holds. Idempotent. */
    default void discard() {}
}
