package io.mayfly.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.MalformedMessageException;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ObjectGet;
import io.mayfly.protocol.message.Ping;
import io.mayfly.protocol.message.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class MessageEncoderTest {

    private final WireLimits limits = new WireLimits(1024, 512);

    @Test
    void oversizedSegmentFailsItsWriteReleasesItsPayloadAndKeepsTheConnection() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder(limits));
        ch.config().setAllocator(alloc);
        ByteBuf payload = alloc.buffer(1025).writeZero(1025);
        ChannelFuture f = ch.writeAndFlush(new Segment(1, 0, true, payload));
        assertThat(f.cause())
                .hasRootCauseInstanceOf(MalformedMessageException.class)
                .rootCause()
                .hasMessageContaining("1025")
                .hasMessageContaining("1024");
        assertThat(payload.refCnt()).isZero();
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.writeAndFlush(new Ping(2)).isSuccess()).isTrue();
        ch.finishAndReleaseAll();
        assertThat(alloc.unreleased()).isEmpty();
    }

    @Test
    void controlMessageAboveTheLimitFailsItsWrite() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder(limits));
        ch.config().setAllocator(alloc);
        ChannelFuture f = ch.writeAndFlush(new ObjectGet(1, "s", Bytes.copyOf(new byte[2000]), true));
        assertThat(f.cause()).hasRootCauseInstanceOf(MalformedMessageException.class);
        ch.finishAndReleaseAll();
        assertThat(alloc.unreleased()).isEmpty();
    }

    @Test
    void segmentPayloadIsSentWithoutCopy() {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder(limits));
        ByteBuf payload = ch.alloc().buffer(10).writeZero(10);
        ch.writeOutbound(new Segment(1, 3, false, payload));
        ByteBuf header = ch.readOutbound();
        ByteBuf body = ch.readOutbound();
        assertThat(body).isSameAs(payload);
        assertThat(header.readableBytes()).isEqualTo(17);
        header.release();
        body.release();
        assertThat(payload.refCnt()).isZero();
        ch.finishAndReleaseAll();
    }
}
