package io.mayfly.client;

import io.mayfly.protocol.WireFormat;
import io.mayfly.protocol.codec.MessageEncoder;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.MessageType;
import io.mayfly.protocol.message.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Frames as a hostile peer sends them: encoded by the real encoder, written to a plain socket. */
final class WireFrames {

    private WireFrames() {}

    static byte[] encode(Message message) {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder(WireLimits.DEFAULT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        channel.writeOutbound(message);
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        channel.finishAndReleaseAll();
        return out.toByteArray();
    }

    /**
     * Reads frames until {@code streams} SEGMENT streams have ended, failing on an ERROR frame.
     *
     * @return payload bytes received per stream index
     */
    static Map<Integer, Long> readStreams(Socket socket, int streams, int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 << 10));
        Map<Integer, Long> bytes = new TreeMap<>();
        int ended = 0;
        byte[] body = new byte[0];
        while (ended < streams) {
            in.readUnsignedByte(); // version
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            in.readLong(); // request id
            int length = in.readInt();
            if (body.length < length) {
                body = new byte[length];
            }
            in.readFully(body, 0, length);
            if (type == MessageType.ERROR.code()) {
                throw new AssertionError(
                        "the proxy answered ERROR: " + new String(body, 0, length, StandardCharsets.ISO_8859_1));
            }
            if (type == MessageType.SEGMENT.code()) {
                int stream = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                bytes.merge(stream, (long) length - Segment.PREFIX_BYTES, Long::sum);
                if ((flags & WireFormat.FLAG_END) != 0) {
                    ended++;
                }
            }
        }
        return bytes;
    }

    /** Everything the peer sends until it closes (ISO-8859-1, so error texts can be searched). */
    static String readUntilClosed(Socket socket, int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 << 10];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                seen.write(buffer, 0, Math.min(n, Math.max(0, (1 << 20) - seen.size())));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the proxy did not close the connection within " + timeoutMs + " ms", e);
        } catch (java.net.SocketException reset) {
            // closed by the proxy with unread data in flight: a reset is a close too
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }
}
