package io.mayfly.protocol.segment;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.checksum.Crc32c;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Copies a stream into a destination the caller allocated after validating its size (for
 * example a shard slot of the length in OBJECT_META, checked against max-value-size). The
 * stream must fill it exactly: more bytes fail with TOO_LARGE as they arrive, fewer fail at
 * the end with MALFORMED. Keeps a running CRC32C of what arrived.
 *
 * <p>Ownership: the destination stays the caller's; the sink never releases it.
 */
public final class DestinationSink implements SegmentSink {

    private final ByteBuf destination;
    private final int expectedBytes;
    private final Crc32c crc = new Crc32c();
    private int received;
    private boolean ended;

    /** Fills {@code destination} from its writer index up to its current capacity. */
    public DestinationSink(ByteBuf destination) {
        this.destination = destination;
        this.expectedBytes = destination.writableBytes();
    }

    /** Fills {@code array[offset, offset + length)}. */
    public DestinationSink(byte[] array, int offset, int length) {
        this(Unpooled.wrappedBuffer(array, offset, length).clear());
    }

    @Override
    public void write(ByteBuf payload) {
        if (ended) {
            throw new MalformedMessageException(ErrorCode.MALFORMED, "segment after the end of the stream");
        }
        int n = payload.readableBytes();
        if (n > expectedBytes - received) {
            throw new MalformedMessageException(
                    ErrorCode.TOO_LARGE,
                    "stream overflows its destination of " + expectedBytes + " bytes (" + received
                            + " received, next segment " + n + ")");
        }
        crc.update(payload);
        destination.writeBytes(payload, payload.readerIndex(), n);
        received += n;
    }

    @Override
    public void end() {
        if (received != expectedBytes) {
            throw new MalformedMessageException(
                    ErrorCode.MALFORMED, "stream ended after " + received + " of " + expectedBytes + " expected bytes");
        }
        ended = true;
    }

    public boolean isEnded() {
        return ended;
    }

    public int receivedBytes() {
        return received;
    }

    /** CRC32C of the bytes received so far. */
    public int crc32c() {
        return crc.intValue();
    }
}
