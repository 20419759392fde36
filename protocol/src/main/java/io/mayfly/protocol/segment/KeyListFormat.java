package io.mayfly.protocol.segment;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.message.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of KEY_LIST: keys one after another, each a u32 length then its bytes. The body is
 * sent with {@link SegmentWriter} and collected with an {@link AccumulatingSink}.
 */
public final class KeyListFormat {

    private KeyListFormat() {}

    /** Encodes {@code keys}; the caller owns the returned buffer. */
    public static ByteBuf encode(ByteBufAllocator alloc, List<Bytes> keys) {
        ByteBuf out = alloc.buffer();
        try {
            for (Bytes key : keys) {
                out.writeInt(key.length());
                out.writeBytes(key.toByteArray());
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Decodes the readable bytes of {@code body} (borrowed, reader index moved to the end).
     *
     * @param expectedKeys the count from KEY_LIST
     */
    public static List<Bytes> decode(ByteBuf body, long expectedKeys) {
        List<Bytes> keys = new ArrayList<>();
        while (body.isReadable()) {
            if (body.readableBytes() < 4) {
                throw new MalformedMessageException(ErrorCode.MALFORMED, "key list ends inside a length field");
            }
            long length = body.readUnsignedInt();
            if (length > body.readableBytes()) {
                throw new MalformedMessageException(
                        ErrorCode.MALFORMED,
                        "key list entry declares " + length + " bytes but only " + body.readableBytes() + " remain");
            }
            byte[] key = new byte[(int) length];
            body.readBytes(key);
            keys.add(Bytes.copyOf(key));
        }
        if (keys.size() != expectedKeys) {
            throw new MalformedMessageException(
                    ErrorCode.MALFORMED, "key list holds " + keys.size() + " keys, KEY_LIST announced " + expectedKeys);
        }
        return keys;
    }
}
