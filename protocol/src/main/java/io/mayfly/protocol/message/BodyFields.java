package io.mayfly.protocol.message;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Field encodings shared by message bodies. Strings are u16-length-prefixed UTF-8; byte strings
 * are u32-length-prefixed. Every length is checked against the bytes actually present before
 * anything is allocated, so a forged length cannot make a reader allocate.
 */
final class BodyFields {

    /** Longest string field (names, ids, tokens, error messages) in UTF-8 bytes. */
    static final int MAX_STRING_BYTES = 0xFFFF;

    private BodyFields() {}

    static void writeString(ByteBuf out, String s) {
        int lengthIndex = out.writerIndex();
        out.writeShort(0);
        int written = ByteBufUtil.writeUtf8(out, s);
        if (written > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(
                    "string field of " + written + " UTF-8 bytes exceeds " + MAX_STRING_BYTES + "; shorten it");
        }
        out.setShort(lengthIndex, written);
    }

    static String readString(ByteBuf in) {
        int length = in.readUnsignedShort();
        requireReadable(in, length, "string");
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    static void writeBytes(ByteBuf out, Bytes b) {
        out.writeInt(b.length());
        out.writeBytes(b.array());
    }

    static Bytes readBytes(ByteBuf in) {
        long length = in.readUnsignedInt();
        requireReadable(in, length, "byte string");
        byte[] b = new byte[(int) length];
        in.readBytes(b);
        return Bytes.wrapOwned(b);
    }

    static boolean readBoolean(ByteBuf in) {
        int b = in.readUnsignedByte();
        if (b > 1) {
            throw new MalformedMessageException(ErrorCode.MALFORMED, "boolean field holds " + b + ", expected 0 or 1");
        }
        return b == 1;
    }

    static void writeIntList(ByteBuf out, List<Integer> values) {
        out.writeShort(values.size());
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static List<Integer> readIntList(ByteBuf in) {
        int count = in.readUnsignedShort();
        requireReadable(in, 4L * count, "int list");
        List<Integer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readInt());
        }
        return List.copyOf(values);
    }

    static void requireReadable(ByteBuf in, long length, String what) {
        if (length > in.readableBytes()) {
            throw new MalformedMessageException(
                    ErrorCode.MALFORMED,
                    what + " field declares " + length + " bytes but only " + in.readableBytes()
                            + " remain in the body");
        }
    }

    static void requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + value);
        }
    }
}
