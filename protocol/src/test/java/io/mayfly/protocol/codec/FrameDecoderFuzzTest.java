package io.mayfly.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mayfly.protocol.ErrorCode;
import io.mayfly.protocol.message.ErrorMessage;
import io.mayfly.protocol.message.Message;
import io.mayfly.testing.property.Gen;
import io.mayfly.testing.property.PropertyTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Feeds random and mutated bytes to the decoder: nothing escapes into exceptionCaught, a bad
 * connection is closed with ERROR, nothing leaks, and allocations follow received bytes only.
 */
class FrameDecoderFuzzTest {

    private static final Set<ErrorCode> VIOLATION_CODES =
            EnumSet.of(ErrorCode.MALFORMED, ErrorCode.TOO_LARGE, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.UNKNOWN_TYPE);

    @PropertyTest(tries = 1000)
    void randomBytesNeverEscapeOrLeak(Gen gen) {
        assertDecoderSurvives(noise(gen), gen.anyLong());
    }

    @PropertyTest(tries = 1000)
    void mutatedFramesNeverEscapeOrLeak(Gen gen) {
        List<Message> run = MessageGenerators.run(gen, 1, 4);
        long mutationSeed = gen.anyLong();
        byte[] valid = WireBytes.encode(MessageGenerators.LIMITS, run.toArray(Message[]::new));
        assertDecoderSurvives(mutate(valid, new Random(mutationSeed)), mutationSeed);
    }

    static byte[] noise(Gen gen) {
        byte[] b = gen.bytes(3000);
        // Random bytes starting with a valid version byte get past the first check more often.
        if (b.length > 0 && gen.bool()) {
            b[0] = 1;
        }
        return b;
    }

    static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> { // flip bytes
                for (int i = 0, n = 1 + random.nextInt(4); i < n && b.length > 0; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> { // truncate
                return java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
            }
            case 2 -> { // forge a length field of the first frame
                if (b.length >= 15) {
                    int forged = switch (random.nextInt(4)) {
                        case 0 -> 0x80000000; // 2 GiB
                        case 1 -> 0xFFFFFFFF;
                        case 2 -> random.nextInt(MessageGenerators.LIMITS.maxControlBodyBytes() + 10);
                        default -> random.nextInt();
                    };
                    b[11] = (byte) (forged >>> 24);
                    b[12] = (byte) (forged >>> 16);
                    b[13] = (byte) (forged >>> 8);
                    b[14] = (byte) forged;
                }
            }
            case 3 -> { // insert random bytes
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int at = random.nextInt(b.length + 1);
                out.write(b, 0, at);
                byte[] junk = new byte[1 + random.nextInt(20)];
                random.nextBytes(junk);
                out.writeBytes(junk);
                out.write(b, at, b.length - at);
                return out.toByteArray();
            }
            case 4 -> { // change type or version of the first frame
                if (b.length >= 2) {
                    b[random.nextInt(2)] = (byte) random.nextInt(256);
                }
            }
            default -> { // set flags
                if (b.length >= 3) {
                    b[2] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }

    static void assertDecoderSurvives(byte[] bytes, long chunkSeed) {
        TrackingAllocator alloc = new TrackingAllocator();
        ViolationRecorder violations = new ViolationRecorder();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        WireCodec.install(ch.pipeline(), MessageGenerators.LIMITS);
        ch.pipeline().addLast(violations);
        List<Object> decoded = new ArrayList<>();
        List<ByteBuf> sent = new ArrayList<>();
        try {
            // writeInbound rethrows anything that reached the end of the pipeline's exceptionCaught chain
            WireBytes.feed(ch, bytes, chunkSeed);
            decoded.addAll(WireBytes.inbound(ch));
            assertThat(decoded).allMatch(m -> m instanceof Message);
            for (Object o; (o = ch.readOutbound()) != null; ) {
                sent.add((ByteBuf) o);
            }
            if (!ch.isOpen()) {
                assertThat(violations.events).hasSize(1);
                assertThat(VIOLATION_CODES).contains(violations.events.get(0).code());
                assertThat(sentErrors(sent))
                        .singleElement()
                        .satisfies(e -> assertThat(e.code())
                                .isEqualTo(violations.events.get(0).code()));
            } else {
                assertThat(violations.events).isEmpty();
                assertThat(sent).isEmpty();
            }
            // The decoder buffers at most one frame: header + the largest body the limits allow.
            int bound = Math.max(bytes.length, 64) + 15 + MessageGenerators.LIMITS.maxControlBodyBytes();
            assertThat(alloc.largestRequest()).isLessThanOrEqualTo(bound);
        } finally {
            WireBytes.releaseAll(decoded);
            sent.forEach(ByteBuf::release);
            ch.finishAndReleaseAll();
        }
        assertThat(violations.events).hasSizeLessThanOrEqualTo(1);
        assertThat(alloc.unreleased()).isEmpty();
    }

    static List<ErrorMessage> sentErrors(List<ByteBuf> sent) {
        EmbeddedChannel peer = WireBytes.decodingChannel(MessageGenerators.LIMITS);
        try {
            for (ByteBuf b : sent) {
                peer.writeInbound(b.retainedDuplicate());
            }
            return WireBytes.inbound(peer).stream()
                    .map(ErrorMessage.class::cast)
                    .toList();
        } finally {
            peer.finishAndReleaseAll();
        }
    }

    /** Records ProtocolViolation events at the end of the pipeline. */
    static final class ViolationRecorder extends ChannelInboundHandlerAdapter {
        final List<ProtocolViolation> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ProtocolViolation v) {
                events.add(v);
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    static String hex(byte[] b) {
        return ByteBufUtil.hexDump(b);
    }
}
