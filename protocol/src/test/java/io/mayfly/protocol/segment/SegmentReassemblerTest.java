package io.mayfly.protocol.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.checksum.Crc32c;
import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Segment;
import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentReassemblerTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    static List<Integer> streamLengths(Gen gen) {
        // lengths around multiples of 64 (a divisor of many generated caps), including 0
        return gen.list(
                1,
                5,
                g -> g.oneOfGen(() -> g.between(0, 700), () -> g.between(0, 8) * 64, () -> g.between(1, 8) * 64 + 1));
    }

    /**
     * Several streams (shards) of one request, split, interleaved at random, sent over the wire
     * and reassembled (caps from 32 bytes: tiny caps mean thousands of frames, each traced by
     * the paranoid leak detector; SegmentWriterTest covers caps down to 1): each sink gets exactly its stream, CRC32C included.
     */
    @PropertyTest(tries = 1000)
    void interleavedStreamsReassembleExactlyThroughTheWire(Gen gen) {
        List<Integer> lengths = streamLengths(gen);
        long seed = gen.anyLong();
        int cap = gen.oneOfGen(() -> gen.oneOf(32, 64, 128, 256), () -> gen.between(32, 300));
        Random random = new Random(seed);
        byte[][] streams = new byte[lengths.size()][];
        List<Deque<Segment>> queues = new ArrayList<>();
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new byte[lengths.get(i)];
            random.nextBytes(streams[i]);
            queues.add(new ArrayDeque<>(SegmentWriter.split(77, i, streams[i], cap)));
        }
        EmbeddedChannel sender = new EmbeddedChannel();
        EmbeddedChannel receiver = new EmbeddedChannel();
        WireCodec.install(sender.pipeline(), WireLimits.withSegmentCap(cap));
        WireCodec.install(receiver.pipeline(), WireLimits.withSegmentCap(cap));
        // Even streams go to caller-provided arrays of the validated size, odd ones accumulate.
        byte[][] destinations = new byte[streams.length][];
        Map<Integer, SegmentSink> sinks = new HashMap<>();
        SegmentReassembler reassembler = new SegmentReassembler(77, stream -> {
            SegmentSink sink;
            if (stream >= streams.length) {
                return null;
            } else if (stream % 2 == 0) {
                destinations[stream] = new byte[streams[stream].length];
                sink = new DestinationSink(destinations[stream], 0, destinations[stream].length);
            } else {
                sink = new AccumulatingSink(ALLOC, streams[stream].length);
            }
            sinks.put(stream, sink);
            return sink;
        });
        try {
            while (queues.stream().anyMatch(q -> !q.isEmpty())) {
                List<Deque<Segment>> nonEmpty =
                        queues.stream().filter(q -> !q.isEmpty()).toList();
                sender.writeOutbound(
                        nonEmpty.get(random.nextInt(nonEmpty.size())).poll());
            }
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
                wire.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            }
            byte[] bytes = wire.toByteArray();
            for (int pos = 0; pos < bytes.length; ) {
                int n = Math.min(bytes.length - pos, 1 + random.nextInt(4096));
                receiver.writeInbound(Unpooled.wrappedBuffer(bytes, pos, n));
                pos += n;
            }
            for (Segment s; (s = receiver.readInbound()) != null; ) {
                reassembler.accept(s);
            }
            assertThat(reassembler.endedStreams()).isEqualTo(streams.length);
            for (int i = 0; i < streams.length; i++) {
                SegmentSink sink = sinks.get(i);
                if (sink instanceof DestinationSink d) {
                    assertThat(destinations[i]).isEqualTo(streams[i]);
                    assertThat(d.crc32c()).isEqualTo(Crc32c.of(streams[i]));
                } else {
                    AccumulatingSink a = (AccumulatingSink) sink;
                    assertThat(a.crc32c()).isEqualTo(Crc32c.of(streams[i]));
                    ByteBuf got = a.take();
                    try {
                        assertThat(ByteBufUtil.getBytes(got)).isEqualTo(streams[i]);
                    } finally {
                        got.release();
                    }
                }
            }
        } finally {
            reassembler.close();
            queues.forEach(q -> q.forEach(Segment::release));
            sender.finishAndReleaseAll();
            receiver.finishAndReleaseAll();
        }
    }

    private static Segment segment(int stream, boolean end, int bytes) {
        return new Segment(1, stream, end, ALLOC.buffer(bytes).writeZero(bytes));
    }

    @Test
    void destinationOverflowIsTooLargeAndReleasesTheSegment() {
        SegmentReassembler r = new SegmentReassembler(1, s -> new DestinationSink(new byte[4], 0, 4));
        Segment s = segment(0, false, 5);
        assertThatThrownBy(() -> r.accept(s))
                .isInstanceOf(MalformedMessageException.class)
                .satisfies(
                        e -> assertThat(((MalformedMessageException) e).code()).isEqualTo(ErrorCode.TOO_LARGE))
                .hasMessageContaining("4 bytes");
        assertThat(s.refCnt()).isZero();
        r.close();
    }

    @Test
    void destinationEndingShortIsMalformed() {
        SegmentReassembler r = new SegmentReassembler(1, s -> new DestinationSink(new byte[4], 0, 4));
        assertThatThrownBy(() -> r.accept(segment(0, true, 3)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("3 of 4");
        r.close();
    }

    @Test
    void accumulatingBeyondItsLimitIsTooLargeAndCloseFreesWhatArrived() {
        AccumulatingSink sink = new AccumulatingSink(ALLOC, 10);
        SegmentReassembler r = new SegmentReassembler(1, s -> sink);
        Segment first = segment(0, false, 6);
        ByteBuf firstPayload = first.payload();
        r.accept(first);
        assertThat(firstPayload.refCnt()).as("the sink keeps a retained slice").isEqualTo(1);
        assertThatThrownBy(() -> r.accept(segment(0, false, 6)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("limit of 10 bytes");
        r.close();
        assertThat(firstPayload.refCnt()).isZero();
    }

    @Test
    void segmentAfterEndAndUnexpectedStreamAreMalformed() {
        SegmentReassembler r = new SegmentReassembler(1, s -> s == 0 ? new AccumulatingSink(ALLOC, 100) : null);
        assertThat(r.accept(segment(0, true, 0))).isTrue();
        assertThatThrownBy(() -> r.accept(segment(0, true, 1))).hasMessageContaining("after its end");
        assertThatThrownBy(() -> r.accept(segment(1, true, 1))).hasMessageContaining("does not expect stream 1");
        assertThatThrownBy(() -> r.accept(new Segment(2, 0, true, Unpooled.EMPTY_BUFFER)))
                .hasMessageContaining("request 2");
        r.close();
    }
}
