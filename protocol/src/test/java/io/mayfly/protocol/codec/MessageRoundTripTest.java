package io.mayfly.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.WireFormat;
import io.mayfly.protocol.message.Bytes;
import io.mayfly.protocol.message.ExpectedVersion;
import io.mayfly.protocol.message.Message;
import io.mayfly.protocol.message.MessageType;
import io.mayfly.protocol.message.ObjectDelete;
import io.mayfly.protocol.message.ObjectPut;
import io.mayfly.protocol.message.Segment;
import io.mayfly.protocol.message.ValueLayout;
import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRoundTripTest {

    @Test
    void everyMessageTypeHasAGenerator() {
        assertThat(MessageGenerators.byType().keySet())
                .containsExactlyInAnyOrderElementsOf(MessageGenerators.allTypes());
    }

    @PropertyTest(tries = 1000)
    void everyMessageSurvivesEncodeAndChunkedDecode(Gen gen) {
        List<Message> run = MessageGenerators.run(gen, 1, 6);
        long chunkSeed = gen.anyLong();
        List<Object> expected = new ArrayList<>();
        for (Message m : run) {
            expected.add(snapshot(m));
        }
        byte[] wire = WireBytes.encode(MessageGenerators.LIMITS, run.toArray(Message[]::new));

        EmbeddedChannel ch = WireBytes.decodingChannel(MessageGenerators.LIMITS);
        List<Object> decoded = List.of();
        try {
            WireBytes.feed(ch, wire, chunkSeed);
            decoded = WireBytes.inbound(ch);
            assertThat(ch.isOpen()).isTrue();
            List<Object> actual =
                    decoded.stream().map(MessageRoundTripTest::snapshot).toList();
            assertThat(actual).isEqualTo(expected);
        } finally {
            WireBytes.releaseAll(decoded);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aPinnedPutCarriesThePinnedFlagBitAndDecodesPinned() {
        ObjectPut pinned = new ObjectPut(
                7,
                "space",
                Bytes.copyOf(new byte[] {1}),
                ExpectedVersion.ANY,
                Long.MAX_VALUE,
                ValueLayout.inline(3, 9),
                true);
        byte[] wire = WireBytes.encode(
                MessageGenerators.LIMITS,
                pinned,
                new ObjectPut(
                        8,
                        "space",
                        Bytes.copyOf(new byte[] {1}),
                        ExpectedVersion.ANY,
                        Long.MAX_VALUE,
                        ValueLayout.inline(3, 9)));
        assertThat(wire[2]).isEqualTo((byte) WireFormat.FLAG_PINNED);

        EmbeddedChannel ch = WireBytes.decodingChannel(MessageGenerators.LIMITS);
        try {
            WireBytes.feed(ch, wire, 1);
            List<Object> decoded = WireBytes.inbound(ch);
            assertThat(decoded).extracting(m -> ((ObjectPut) m).pinned()).containsExactly(true, false);
            assertThat(decoded.get(0)).isEqualTo(pinned);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aLeasedPutAndDeleteCarryTheirLeaseAfterTheBody() {
        ObjectPut put = new ObjectPut(
                7,
                "space",
                Bytes.copyOf(new byte[] {1}),
                ExpectedVersion.ANY,
                Long.MAX_VALUE,
                ValueLayout.inline(3, 9),
                true,
                42L);
        ObjectDelete delete = new ObjectDelete(8, "space", Bytes.copyOf(new byte[] {1}), ExpectedVersion.ANY, 43L);
        byte[] wire = WireBytes.encode(MessageGenerators.LIMITS, put, delete);
        assertThat(wire[2]).isEqualTo((byte) (WireFormat.FLAG_PINNED | WireFormat.FLAG_LEASED));

        EmbeddedChannel ch = WireBytes.decodingChannel(MessageGenerators.LIMITS);
        try {
            WireBytes.feed(ch, wire, 1);
            assertThat(WireBytes.inbound(ch)).containsExactly(put, delete);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** A Segment compared by its content (its buffer is released after encoding); others by value. */
    static Object snapshot(Object m) {
        if (m instanceof Segment s) {
            return List.of(
                    MessageType.SEGMENT, s.requestId(), s.streamIndex(), s.end(), ByteBufUtil.hexDump(s.payload()));
        }
        return m;
    }
}
