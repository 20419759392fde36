package io.mayfly.protocol.segment;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.checksum.Crc32c;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;

/**
 * Collects a stream as it arrives, keeping each SEGMENT payload as a retained slice (no copy)
 * and never reserving room for a declared size: memory grows only with received bytes, up to
 * {@code maxBytes}. Also keeps a running CRC32C of what arrived.
 *
 * <p>Ownership: the sink holds the slices until {@link #take()} hands them to the caller as one
 * buffer (the caller then releases it) or {@link #discard()} frees them.
 */
public final class AccumulatingSink implements SegmentSink {

    private final ByteBufAllocator alloc;
    private final long maxBytes;
    private final Crc32c crc = new Crc32c();
    private @Nullable CompositeByteBuf parts; // created on the first non-empty payload: an idle sink holds nothing
    private long received;
    private boolean ended;
    private boolean released;

    /** @param maxBytes the most this stream may carry, e.g. a declared length the caller validated */
    public AccumulatingSink(ByteBufAllocator alloc, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        this.alloc = alloc;
        this.maxBytes = maxBytes;
    }

    @Override
    public void write(ByteBuf payload) {
        requireOpen();
        if (ended) {
            throw new MalformedMessageException(ErrorCode.MALFORMED, "segment after the end of the stream");
        }
        int n = payload.readableBytes();
        if (received + n > maxBytes) {
            throw new MalformedMessageException(
                    ErrorCode.TOO_LARGE,
                    "stream carries more than its limit of " + maxBytes + " bytes (" + received
                            + " received, next segment " + n + ")");
        }
        if (n == 0) {
            return;
        }
        crc.update(payload);
        if (parts == null) {
            parts = alloc.compositeBuffer(Integer.MAX_VALUE);
        }
        parts.addComponent(true, payload.retainedSlice());
        received += n;
    }

    @Override
    public void end() {
        requireOpen();
        ended = true;
    }

    public boolean isEnded() {
        return ended;
    }

    /** Bytes received so far. */
    public long receivedBytes() {
        return received;
    }

    /** CRC32C of the bytes received so far. */
    public int crc32c() {
        return crc.intValue();
    }

    /** Hands the collected bytes to the caller, who must release them; the sink is empty afterwards. */
    public ByteBuf take() {
        requireOpen();
        released = true;
        ByteBuf out = parts != null ? parts : Unpooled.EMPTY_BUFFER;
        parts = null;
        return out;
    }

    @Override
    public void discard() {
        released = true;
        if (parts != null) {
            parts.release();
            parts = null;
        }
    }

    private void requireOpen() {
        if (released) {
            throw new IllegalStateException("sink already taken or discarded");
        }
    }
}
