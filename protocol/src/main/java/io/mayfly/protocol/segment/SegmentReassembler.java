package io.mayfly.protocol.segment;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.message.Segment;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Routes the SEGMENTs of one request to one {@link SegmentSink} per stream index (e.g. one per
 * shard of a first-d get). Sinks come from a caller's factory, so the caller decides per stream
 * what it accepts and where the bytes go; nothing here allocates from a declared size.
 *
 * <p>Used on one thread (the channel's event loop). {@link #close()} discards unfinished sinks.
 */
public final class SegmentReassembler implements AutoCloseable {

    private final long requestId;
    private final IntFunction<SegmentSink> sinkForStream;
    private final Map<Integer, SegmentSink> open = new HashMap<>();
    private final Map<Integer, SegmentSink> ended = new HashMap<>();
    private boolean closed;

    /**
     * @param sinkForStream returns the sink of a stream index when its first SEGMENT arrives,
     *                      or null when this request must not carry that stream (MALFORMED)
     */
    public SegmentReassembler(long requestId, IntFunction<SegmentSink> sinkForStream) {
        this.requestId = requestId;
        this.sinkForStream = Objects.requireNonNull(sinkForStream, "sinkForStream");
    }

    /**
     * Feeds one SEGMENT; always releases it (the sink copies or retains what it keeps).
     *
     * @return true when this SEGMENT ended its stream
     * @throws MalformedMessageException for a foreign request id, an unexpected stream, data
     *                                   after a stream's end, or a sink's limit; the caller should
     *                                   then close the reassembler and fail the request
     */
    public boolean accept(Segment segment) {
        try {
            if (closed) {
                throw new IllegalStateException("reassembler of request " + requestId + " is closed");
            }
            if (segment.requestId() != requestId) {
                throw new MalformedMessageException(
                        ErrorCode.MALFORMED,
                        "segment of request " + segment.requestId() + " fed to the reassembler of request "
                                + requestId);
            }
            int stream = segment.streamIndex();
            if (ended.containsKey(stream)) {
                throw new MalformedMessageException(
                        ErrorCode.MALFORMED,
                        "segment for stream " + stream + " of request " + requestId + " after its end");
            }
            SegmentSink sink = open.get(stream);
            if (sink == null) {
                sink = sinkForStream.apply(stream);
                if (sink == null) {
                    throw new MalformedMessageException(
                            ErrorCode.MALFORMED, "request " + requestId + " does not expect stream " + stream);
                }
                open.put(stream, sink);
            }
            sink.write(segment.payload());
            if (segment.end()) {
                sink.end();
                open.remove(stream);
                ended.put(stream, sink);
                return true;
            }
            return false;
        } finally {
            segment.release();
        }
    }

    /** Streams whose last SEGMENT arrived. */
    public int endedStreams() {
        return ended.size();
    }

    public boolean isEnded(int streamIndex) {
        return ended.containsKey(streamIndex);
    }

    /** Discards the sinks of streams that have not ended; ended sinks stay the caller's. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        open.values().forEach(SegmentSink::discard);
        open.clear();
    }
}
