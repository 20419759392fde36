package io.mayfly.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.WireFormat;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.MessageType;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private final WireLimits limits = new WireLimits(1024, 512);
    private final TrackingAllocator alloc = new TrackingAllocator();
    private final FrameDecoderFuzzTest.ViolationRecorder violations = new FrameDecoderFuzzTest.ViolationRecorder();
    private EmbeddedChannel ch;

    @BeforeEach
    void open() {
        ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        WireCodec.install(ch.pipeline(), limits);
        ch.pipeline().addLast(violations);
    }

    @AfterEach
    void noLeaks() {
        ch.finishAndReleaseAll();
        assertThat(alloc.unreleased()).isEmpty();
    }

    private static byte[] header(int version, int type, int flags, long requestId, long bodyLength) {
        ByteBuf b = Unpooled.buffer(WireFormat.HEADER_BYTES);
        b.writeByte(version)
                .writeByte(type)
                .writeByte(flags)
                .writeLong(requestId)
                .writeInt((int) bodyLength);
        return b.array();
    }

    private void feed(byte[] bytes) {
        ch.writeInbound(ch.alloc().buffer(bytes.length).writeBytes(bytes));
    }

    private ErrorMessage sentError() {
        List<ByteBuf> sent = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            sent.add((ByteBuf) o);
        }
        try {
            return FrameDecoderFuzzTest.sentErrors(sent).get(0);
        } finally {
            sent.forEach(ByteBuf::release);
        }
    }

    @Test
    void twoGibDeclaredSegmentIsRefusedFromTheHeaderAlone() {
        feed(header(1, MessageType.SEGMENT.code(), 0, 42, 0x80000000L));
        assertThat(ch.isOpen()).isFalse();
        assertThat(violations.events).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(v.requestId()).isEqualTo(42);
        });
        assertThat(sentError().code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(alloc.largestRequest()).isLessThan(64 * 1024);
    }

    @Test
    void maxUnsignedLengthOnAControlFrameIsRefused() {
        feed(header(1, MessageType.HELLO.code(), 0, 7, 0xFFFFFFFFL));
        assertThat(ch.isOpen()).isFalse();
        assertThat(sentError())
                .isEqualTo(new ErrorMessage(
                        7, ErrorCode.TOO_LARGE, violations.events.get(0).detail()));
    }

    @Test
    void segmentAtTheCapIsAcceptedAndOneByteMoreIsRefused() {
        byte[] body = new byte[Segment.PREFIX_BYTES + limits.segmentCapBytes()];
        feed(header(1, MessageType.SEGMENT.code(), WireFormat.FLAG_END, 1, body.length));
        feed(body);
        Segment s = ch.readInbound();
        assertThat(s.payload().readableBytes()).isEqualTo(limits.segmentCapBytes());
        assertThat(s.end()).isTrue();
        assertThat(s.payload().unwrap())
                .as("payload is a slice of the received bytes, not a copy")
                .isNotNull();
        s.release();
        assertThat(ch.isOpen()).isTrue();

        feed(header(1, MessageType.SEGMENT.code(), 0, 2, body.length + 1));
        assertThat(ch.isOpen()).isFalse();
        assertThat(violations.events.get(0).code()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void wrongVersionIsRefusedOnItsFirstByte() {
        feed(new byte[] {2});
        assertThat(ch.isOpen()).isFalse();
        assertThat(violations.events.get(0).code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
    }

    @Test
    void reservedBackupNumbersAreUnknownTypesToday() {
        feed(new byte[] {1, (byte) MessageType.RESERVED_BACKUP_FIRST});
        assertThat(ch.isOpen()).isFalse();
        assertThat(violations.events.get(0).code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        for (int t = MessageType.RESERVED_BACKUP_FIRST; t <= MessageType.RESERVED_BACKUP_LAST; t++) {
            assertThat(MessageType.of(t)).isNull();
        }
    }

    @Test
    void endFlagOnAControlFrameIsMalformed() {
        feed(header(1, MessageType.PING.code(), WireFormat.FLAG_END, 3, 0));
        assertThat(ch.isOpen()).isFalse();
        assertThat(violations.events.get(0).code()).isEqualTo(ErrorCode.MALFORMED);
    }

    @Test
    void pinnedFlagOnAnythingButAnObjectPutIsMalformed() {
        feed(header(1, MessageType.OBJECT_GET.code(), WireFormat.FLAG_PINNED, 3, 0));
        assertThat(ch.isOpen()).isFalse();
        assertThat(violations.events.get(0).code()).isEqualTo(ErrorCode.MALFORMED);
    }

    @Test
    void trailingBytesInABodyAreMalformed() {
        feed(header(1, MessageType.PING.code(), 0, 3, 1));
        feed(new byte[] {0});
        assertThat(ch.isOpen()).isFalse();
        assertThat(violations.events.get(0).code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void bytesAfterAViolationAreDroppedAndReportedOnce() {
        byte[] bad = header(1, 0x7F, 0, 3, 0);
        byte[] worse = header(9, 0x7F, 0, 3, 0);
        byte[] both = new byte[bad.length + worse.length];
        System.arraycopy(bad, 0, both, 0, bad.length);
        System.arraycopy(worse, 0, both, bad.length, worse.length);
        feed(both); // one read: the decoder sees the second header after closing for the first
        assertThat(violations.events).hasSize(1);
        assertThat((Object) ch.readInbound()).isNull();
    }

    /** The buffer a (possibly nested) slice views. */
    private static ByteBuf root(ByteBuf buf) {
        ByteBuf b = buf;
        while (b.unwrap() != null) {
            b = b.unwrap();
        }
        return b;
    }

    @Test
    void aLargeBodyArrivingInManyReadsIsGatheredWithoutCopiesAndSmallFramesAfterItAreMerged() {
        WireLimits megabyte = WireLimits.withSegmentCap(1 << 20);
        EmbeddedChannel wide = new EmbeddedChannel();
        wide.config().setAllocator(alloc);
        WireCodec.install(wide.pipeline(), megabyte);
        byte[] large = new byte[300 * 1024];
        new java.util.Random(3).nextBytes(large);
        byte[] small = new byte[1024];
        new java.util.Random(4).nextBytes(small);
        byte[] wire = WireBytes.encode(
                megabyte,
                new Segment(7, 0, true, Unpooled.wrappedBuffer(large)),
                new Ping(8),
                new Segment(9, 0, true, Unpooled.wrappedBuffer(small)));
        try {
            for (int from = 0; from < wire.length; from += 7000) {
                int n = Math.min(7000, wire.length - from);
                wide.writeInbound(wide.alloc().buffer(n).writeBytes(wire, from, n));
            }

            Segment gathered = wide.readInbound();
            assertThat(ByteBufUtil.getBytes(gathered.payload())).isEqualTo(large);
            assertThat(root(gathered.payload())).isInstanceOf(CompositeByteBuf.class);
            gathered.release();
            assertThat((Object) wide.readInbound()).isEqualTo(new Ping(8));
            Segment merged = wide.readInbound();
            assertThat(ByteBufUtil.getBytes(merged.payload())).isEqualTo(small);
            assertThat(root(merged.payload())).isNotInstanceOf(CompositeByteBuf.class);
            merged.release();
        } finally {
            wide.finishAndReleaseAll();
        }
    }

    @Test
    void validFramesBeforeAViolationAreDelivered() {
        byte[] ping = WireBytes.encode(limits, new Ping(5));
        byte[] both = new byte[ping.length + 1];
        System.arraycopy(ping, 0, both, 0, ping.length);
        both[ping.length] = 0x55;
        feed(both);
        assertThat((Object) ch.readInbound()).isEqualTo(new Ping(5));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void connectionClosedMidFrameIsReportedAndReleased() {
        feed(header(1, MessageType.SEGMENT.code(), 0, 11, 100));
        feed(new byte[10]);
        assertThat(ch.isOpen()).isTrue();
        ch.close();
        assertThat(violations.events).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo(ErrorCode.MALFORMED);
            assertThat(v.requestId()).isEqualTo(11);
        });
    }
}
