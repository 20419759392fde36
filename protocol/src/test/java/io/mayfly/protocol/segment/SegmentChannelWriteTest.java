package io.mayfly.protocol.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.codec.WireCodec;
import io.mayfly.protocol.codec.WireLimits;
import io.mayfly.protocol.message.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentChannelWriteTest {

    @Test
    void writeSendsEverySegmentAndCompletesOnce() {
        WireLimits limits = WireLimits.withSegmentCap(1000);
        EmbeddedChannel sender = new EmbeddedChannel();
        EmbeddedChannel receiver = new EmbeddedChannel();
        WireCodec.install(sender.pipeline(), limits);
        WireCodec.install(receiver.pipeline(), limits);
        byte[] shard = new byte[3500];
        new Random(1).nextBytes(shard);

        ChannelFuture done = SegmentWriter.write(sender, 5, 2, shard, limits.segmentCapBytes());
        assertThat(done.isSuccess()).isTrue();
        for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
            receiver.writeInbound(b);
        }
        byte[] got = new byte[shard.length];
        SegmentReassembler r = new SegmentReassembler(5, s -> new DestinationSink(got, 0, got.length));
        int segments = 0;
        for (Segment s; (s = receiver.readInbound()) != null; segments++) {
            assertThat(s.streamIndex()).isEqualTo(2);
            r.accept(s);
        }
        r.close();
        assertThat(segments).isEqualTo(4);
        assertThat(r.isEnded(2)).isTrue();
        assertThat(ByteBufUtil.hexDump(got)).isEqualTo(ByteBufUtil.hexDump(shard));
        sender.finishAndReleaseAll();
        receiver.finishAndReleaseAll();
    }

    @Test
    void writeToAClosedChannelFailsAndReleases() {
        EmbeddedChannel sender = new EmbeddedChannel();
        WireCodec.install(sender.pipeline(), WireLimits.DEFAULT);
        sender.close();
        ByteBuf body = sender.alloc().buffer(10).writeZero(10);
        ChannelFuture f = SegmentWriter.write(sender, 1, 0, body, 4);
        assertThat(f.isDone() && !f.isSuccess()).isTrue();
        assertThat(body.refCnt()).isZero();
        sender.finishAndReleaseAll();
    }
}
