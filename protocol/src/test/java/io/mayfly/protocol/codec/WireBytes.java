package io.mayfly.protocol.codec;

import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test plumbing: encode messages to bytes, feed bytes to a decoding channel in chunks. */
final class WireBytes {

    private WireBytes() {}

    /**
     * Encodes through a real encoder. Generated messages are left untouched (a failing trial
     * reports them): a Segment is sent as a fresh copy that the encoder releases.
     */
    static byte[] encode(WireLimits limits, Message... messages) {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder(limits));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Message m : messages) {
                ch.writeOutbound(
                        m instanceof Segment s
                                ? new Segment(
                                        s.requestId(), s.streamIndex(), s.end(), Unpooled.copiedBuffer(s.payload()))
                                : m);
            }
            ByteBuf b;
            while ((b = ch.readOutbound()) != null) {
                out.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            }
            return out.toByteArray();
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    static EmbeddedChannel decodingChannel(WireLimits limits) {
        EmbeddedChannel ch = new EmbeddedChannel();
        WireCodec.install(ch.pipeline(), limits);
        return ch;
    }

    /** Writes {@code bytes} to {@code ch} split at random boundaries, in pooled buffers. */
    static void feed(EmbeddedChannel ch, byte[] bytes, long seed) {
        Random random = new Random(seed);
        int pos = 0;
        while (pos < bytes.length && ch.isOpen()) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(random.nextBoolean() ? 16 : 2048));
            ByteBuf chunk = ch.alloc().buffer(n);
            chunk.writeBytes(bytes, pos, n);
            ch.writeInbound(chunk);
            pos += n;
        }
    }

    /** Drains decoded inbound messages. The caller releases Segments. */
    static List<Object> inbound(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            out.add(m);
        }
        return out;
    }

    static void releaseAll(List<?> messages) {
        for (Object m : messages) {
            if (m instanceof Segment s) {
                s.release();
            } else if (m instanceof ByteBuf b) {
                b.release();
            }
        }
    }
}
