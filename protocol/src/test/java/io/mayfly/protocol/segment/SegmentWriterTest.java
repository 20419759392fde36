package io.mayfly.protocol.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.message.Segment;
import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentWriterTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** Body lengths 0, exact multiples of the cap, one off either side, and random. */
    @PropertyTest(tries = 1000)
    void splitHonoursTheCapAndKeepsEveryByte(Gen gen) {
        int cap = gen.bool() ? gen.between(1, 16) : gen.between(17, 4096);
        int length = gen.oneOfGen(
                () -> 0,
                () -> gen.between(1, 6) * cap,
                () -> gen.between(1, 6) * cap + 1,
                () -> gen.between(1, 6) * cap - 1,
                () -> gen.between(0, 6 * cap));
        byte[] body = new byte[length];
        gen.random().nextBytes(body);
        ByteBuf buf = ALLOC.buffer(body.length).writeBytes(body);

        List<Segment> segments = SegmentWriter.split(9, 4, buf, cap);
        try {
            assertThat(buf.refCnt()).as("only the segments hold the body").isEqualTo(segments.size());
            assertThat(segments).hasSize(SegmentWriter.segmentCount(body.length, cap));
            assertThat(segments.size()).isEqualTo(body.length == 0 ? 1 : (body.length + cap - 1) / cap);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                assertThat(s.requestId()).isEqualTo(9);
                assertThat(s.streamIndex()).isEqualTo(4);
                assertThat(s.end()).isEqualTo(i == segments.size() - 1);
                assertThat(s.payload().readableBytes()).isLessThanOrEqualTo(cap);
                if (i < segments.size() - 1) {
                    assertThat(s.payload().readableBytes()).isEqualTo(cap);
                }
                joined.writeBytes(ByteBufUtil.getBytes(s.payload()));
            }
            assertThat(joined.toByteArray()).isEqualTo(body);
        } finally {
            segments.forEach(Segment::release);
        }
        assertThat(buf.refCnt()).isZero();
    }

    @Test
    void emptyBodyIsOneEmptyEndSegment() {
        List<Segment> segments = SegmentWriter.split(1, 0, new byte[0], 1024);
        assertThat(segments).singleElement().satisfies(s -> {
            assertThat(s.end()).isTrue();
            assertThat(s.payload().readableBytes()).isZero();
        });
        segments.forEach(Segment::release);
    }
}
